// The values of HogQL evaluation, as PostHog's TypeScript HogVM holds them: JSON scalars, arrays
// (a tuple is an array marked `__isHogTuple`), dicts as Maps, HogDate / HogDateTime objects, and
// lambdas. Field reads convert event objects to Maps exactly as the VM's convertJSToHog does, so
// two reads of one object are two values (`properties.o = properties.o` is false there too).
// Also here: the VM's printing (toString), its comparison coercions and its failure signal.

/** A failure the VM raises while running (a TypeError in a builtin, a bad argument): the whole program fails. */
export class HogQLAbort extends Error {
  override readonly name = 'HogQLAbort';
}

export function abort(message: string): never {
  throw new HogQLAbort(message);
}

export interface HogDateTime {
  readonly __hogDateTime__: true;
  /** Epoch seconds (fractional), NaN for an unparseable input. */
  readonly dt: number;
  readonly zone: string;
}

export interface HogDate {
  readonly __hogDate__: true;
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A lambda value: its body runs with its arguments pushed as the innermost frame. */
export class HogQLLambda {
  constructor(
    readonly argCount: number,
    readonly call: (args: readonly unknown[]) => unknown,
  ) {}
}

export function isHogDateTime(value: unknown): value is HogDateTime {
  return typeof value === 'object' && value !== null && (value as { __hogDateTime__?: unknown }).__hogDateTime__ === true;
}

export function isHogDate(value: unknown): value is HogDate {
  return typeof value === 'object' && value !== null && (value as { __hogDate__?: unknown }).__hogDate__ === true;
}

export function isTuple(value: unknown): boolean {
  return Array.isArray(value) && (value as { __isHogTuple?: unknown }).__isHogTuple === true;
}

export function makeTuple(items: unknown[]): unknown[] {
  (items as unknown as { __isHogTuple: boolean }).__isHogTuple = true;
  return items;
}

export function newDateTime(seconds: number, zone = 'UTC'): HogDateTime {
  return { __hogDateTime__: true, dt: seconds, zone };
}

/** convertJSToHog: arrays copied, objects become Maps (dates kept), recursively; cycles shared. */
export function toHogValue(value: unknown, seen: Map<unknown, unknown> = new Map()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(toHogValue(item, seen));
    seen.delete(value);
    return copy;
  }
  const record = value as Record<string, unknown>;
  if (record['__hogDateTime__']) return newDateTime(Number(record['dt']), String(record['zone'] ?? 'UTC'));
  if (record['__hogDate__']) return { __hogDate__: true, year: record['year'], month: record['month'], day: record['day'] };
  if (value instanceof Map || value instanceof HogQLLambda) return value;
  const map = new Map<string, unknown>();
  seen.set(value, map);
  for (const key in record) map.set(key, toHogValue(record[key], seen));
  seen.delete(value);
  return map;
}

const escapes: Readonly<Record<string, string>> = { '\b': '\\b', '\f': '\\f', '\r': '\\r', '\n': '\\n', '\t': '\\t', '\0': '\\0', '\v': '\\v', '\\': '\\\\', "'": "\\'" };

function quoteString(text: string): string {
  return `'${text.replace(/[\b\f\r\n\t\0\v\\']/g, (char) => escapes[char] ?? char)}'`;
}

/** printHogValue: the literal form of a value (strings quoted). */
export function printHogValue(value: unknown, marked: Set<unknown> = new Set()): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'object') return String(value);
  if (isHogDateTime(value)) {
    const seconds = String(value.dt);
    return `DateTime(${seconds}${seconds.includes('.') ? '' : '.0'}, ${quoteString(value.zone)})`;
  }
  if (isHogDate(value)) return `Date(${value.year}, ${value.month}, ${value.day})`;
  if (value instanceof HogQLLambda) return `fn<lambda(${value.argCount})>`;
  if (marked.has(value)) return 'null';
  marked.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item) => printHogValue(item, marked)).join(', ');
      if (!isTuple(value)) return `[${items}]`;
      return value.length < 2 ? `tuple(${items})` : `(${items})`;
    }
    const entries = value instanceof Map ? [...(value as Map<unknown, unknown>).entries()] : Object.entries(value);
    return `{${entries.map(([key, item]) => `${printHogValue(key, marked)}: ${printHogValue(item, marked)}`).join(', ')}}`;
  } finally {
    marked.delete(value);
  }
}

/** printHogStringOutput: strings as they are, anything else in literal form. */
export function printHogString(value: unknown): string {
  return typeof value === 'string' ? value : printHogValue(value);
}

/** JavaScript's String() of a VM value: what the regex engine and LIKE receive. */
export function jsString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map((item) => (item === null || item === undefined ? '' : jsString(item))).join(',');
  if (value instanceof Map) return '[object Map]';
  if (typeof value === 'object') return '[object Object]';
  return String(value);
}
