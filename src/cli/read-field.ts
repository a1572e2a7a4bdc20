// Reading one top-level field of a parsed JSON value without trusting its prototype: event
// and action files are untrusted input, and `__proto__` or `constructor` must read as absent.

/** The own property `key` of `value` when `value` is a non-array object, else null. */
export function readField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : null;
}

/** The action's name when it is a string, else null. */
export function readName(action: unknown): string | null {
  const name = readField(action, 'name');
  return typeof name === 'string' ? name : null;
}
