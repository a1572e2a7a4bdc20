// Value rules of PostHog's TypeScript HogVM (SEMANTICS.md §8): how a property value is
// turned into a string, and how two values compare. Everything here is total: any JSON-ish
// input gives an answer, nothing throws.

/** A JSON value as it can appear in an event or a filter. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type Comparison = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const quotedEscapes: Record<string, string> = {
  '\b': '\\b',
  '\f': '\\f',
  '\r': '\\r',
  '\n': '\\n',
  '\t': '\\t',
  '\0': '\\0',
  '\v': '\\v',
  '\\': '\\\\',
  "'": "\\'",
};
const needsQuoteEscape = /[\b\f\r\n\t\0\v\\']/g;

function quote(s: string): string {
  return "'" + s.replace(needsQuoteEscape, (c) => quotedEscapes[c] ?? c) + "'";
}

/** Hog literal form of a nested value: strings quoted, containers recursive. */
function printLiteral(value: unknown, depth: number): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return String(value);
    case 'object':
      // The VM prints a cycle as null; JSON input has none, but a depth bound keeps this total.
      if (depth > 64) return 'null';
      if (Array.isArray(value)) return '[' + value.map((v) => printLiteral(v, depth + 1)).join(', ') + ']';
      return (
        '{' +
        Object.keys(value)
          .map((k) => quote(k) + ': ' + printLiteral((value as Record<string, unknown>)[k], depth + 1))
          .join(', ') +
        '}'
      );
    default:
      return String(value);
  }
}

/**
 * HogVM `toString`: strings as they are, null/missing as "null", booleans "true"/"false",
 * numbers as JavaScript prints them, arrays and objects in Hog literal form (`[1, 'a']`).
 */
export function toHogString(value: unknown): string {
  if (typeof value === 'string') return value;
  return printLiteral(value, 0);
}

/** Brings the two sides to comparable types the way the VM does before comparing (dates aside). */
export function unify(left: unknown, right: unknown): [unknown, unknown] {
  const lt = typeof left;
  const rt = typeof right;
  if (lt === 'number' && rt === 'string') return [left, Number(right)];
  if (lt === 'string' && rt === 'number') return [Number(left), right];
  if (lt === 'boolean' && rt === 'string') return [left, right === 'true'];
  if (lt === 'string' && rt === 'boolean') return [left === 'true', right];
  if (lt === 'boolean' && rt === 'number') return [left ? 1 : 0, right];
  if (lt === 'number' && rt === 'boolean') return [left, right ? 1 : 0];
  return [left, right];
}

/**
 * `left <op> right` with the HogVM's coercions (SEMANTICS.md §8). Missing values must be
 * passed as null. Objects and arrays never equal a scalar; relational operators fall back
 * to JavaScript's, so `null < 5` holds.
 */
export function compareValues(op: Comparison, left: unknown, right: unknown): boolean {
  const [l, r] = unify(left, right);
  // Relational operators on arbitrary JS values: the VM applies JavaScript's own rules, to
  // values it holds as arrays and Maps. Converting containers to that string ourselves gives
  // the same order and never calls a `toString` or `valueOf` that came with the event.
  const a = (typeof l === 'object' && l !== null ? toVmString(l) : l) as number;
  const b = (typeof r === 'object' && r !== null ? toVmString(r) : r) as number;
  switch (op) {
    case 'eq':
      return l === r;
    case 'ne':
      return l !== r;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

/**
 * JavaScript's String() of a value as the VM holds it (objects become Maps): what PostHog's
 * regex engine receives for a raw field (url `contains`, `=~`), and what a relational operator
 * compares. Arrays join with commas and objects read "[object Map]", unlike the Hog `toString`
 * that property filters apply first.
 */
export function toVmString(value: unknown): string {
  if (typeof value === 'string') return value;
  return jsString(value, 0);
}

function jsString(value: unknown, depth: number): string {
  if (value === null || value === undefined) return depth === 0 ? 'null' : '';
  if (Array.isArray(value)) return depth > 64 ? '' : value.map((item) => jsString(item, depth + 1)).join(',');
  if (typeof value === 'object') return '[object Map]';
  return String(value);
}
