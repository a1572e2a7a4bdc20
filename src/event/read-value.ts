// Own-property reads. Events come from the internet: a key such as `__proto__`, `constructor`
// or `toString` must read the event's own value or nothing, never something inherited.

/** Value of `obj[key]` if it is an own property, else null (missing and null are the same). */
export function readOwn(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return null;
  return Object.hasOwn(obj, key) ? ((obj as Record<string, unknown>)[key] ?? null) : null;
}

/**
 * A reader specialised for one key at compile time. Keys that no object inherits can use a
 * plain lookup (the hot path); keys that Object.prototype defines need the own-property check.
 */
export function createPropertyReader(key: string): (obj: Record<string, unknown> | null) => unknown {
  // PostHog reads an empty key as the whole object (the field chain stops at `properties`).
  if (key === '') return (obj) => obj;
  if (key in Object.prototype) return (obj) => (obj === null ? null : readOwn(obj, key));
  return (obj) => (obj === null ? null : (obj[key] ?? null));
}

/**
 * `obj` itself when only its own properties can be read by a plain lookup (a plain object or
 * one without prototype: what JSON.parse and object literals give), else a prototype-free copy
 * of its own enumerable properties. The property readers take the plain-lookup fast path for
 * ordinary keys, which would otherwise see fields a class instance or an `Object.create(proto)`
 * event inherits.
 */
export function ownView(obj: Record<string, unknown>): Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(obj);
  if (prototype === Object.prototype || prototype === null) return obj;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(obj)) copy[key] = obj[key];
  return copy;
}

/** A plain (non-array) object, narrowed. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short description of a value's kind for error messages: `array`, `null`, `number`, … */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
