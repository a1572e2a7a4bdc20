// Turns an event's `elements` array (element objects as PostHog's API returns them) into the
// chain string of SEMANTICS.md §5.1, the way PostHog's `elements_to_string` writes it, so an
// event that carries only `elements` is matched like one that carries `elements_chain`.
// Elements are written in array order: elements_to_string does not reorder by `order`.
// Input is untrusted JSON; anything malformed is written on a best-effort basis, never thrown.

/** The chain string for `elements`; '' when it is not an array. Never throws. */
export function serializeElements(elements: unknown): string {
  if (!Array.isArray(elements)) return '';
  const parts: string[] = [];
  for (const element of elements) parts.push(serializeElement(isRecord(element) ? element : {}));
  return parts.join(';');
}

function serializeElement(element: Record<string, unknown>): string {
  let text = '';
  const tag = own(element, 'tag_name');
  if (isTruthy(tag)) text += pythonStr(tag);
  const classes = own(element, 'attr_class');
  if (isTruthy(classes)) {
    const names = readClassNames(classes).sort(compareCodePoints);
    // PostHog drops quotes from class names rather than escaping them.
    for (const name of names) text += '.' + name.replaceAll('"', '');
  }
  // Later entries win, as in the dict PostHog builds: `attributes` may override the fields.
  const attributes = new Map<string, unknown>();
  addIfTruthy(attributes, 'text', own(element, 'text'));
  attributes.set('nth-child', orZero(own(element, 'nth_child')));
  attributes.set('nth-of-type', orZero(own(element, 'nth_of_type')));
  addIfTruthy(attributes, 'href', own(element, 'href'));
  addIfTruthy(attributes, 'attr_id', own(element, 'attr_id'));
  const extra = own(element, 'attributes');
  if (isRecord(extra)) for (const key of Object.keys(extra)) attributes.set(key, extra[key]);
  text += ':';
  for (const key of [...attributes.keys()].sort(compareCodePoints)) {
    text += `${escapeQuotes(key)}="${escapeQuotes(pythonStr(attributes.get(key)))}"`;
  }
  return text;
}

function readClassNames(classes: unknown): string[] {
  if (Array.isArray(classes)) return classes.map((name) => (typeof name === 'string' ? name : pythonStr(name)));
  // A class attribute string (`"btn primary"`) is split the way the DOM splits it.
  if (typeof classes === 'string') return classes.split(/[ \t\n\f\r]+/).filter((name) => name !== '');
  return [];
}

function addIfTruthy(attributes: Map<string, unknown>, key: string, value: unknown): void {
  if (isTruthy(value)) attributes.set(key, value);
}

/** Python's `value or 0`. */
function orZero(value: unknown): unknown {
  return isTruthy(value) ? value : 0;
}

function escapeQuotes(text: string): string {
  return text.replaceAll('"', '\\"');
}

/** Python's `sorted` order for strings: by code point (UTF-16 order differs above U+FFFF). */
function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a === b) continue;
    // A surrogate (a code point above U+FFFF) outranks every other BMP unit from U+E000 on.
    const surrogateA = a >= 0xd800 && a <= 0xdfff;
    const surrogateB = b >= 0xd800 && b <= 0xdfff;
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return a - b;
  }
  return left.length - right.length;
}

/** Python truthiness of a JSON value. */
function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python's `str()` of a JSON value, as PostHog applies it to every attribute value. */
function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/**
 * Containers nested deeper than this print as `...`. Python itself gives up on deep nesting
 * (RecursionError), so there is no answer to follow; a bound keeps serialising total, where
 * unbounded recursion overflowed the stack on a hostile element and made match() throw.
 */
const MAX_REPR_DEPTH = 64;

function pythonRepr(value: unknown, depth = 0): string {
  if (typeof value === 'string') return pythonStringRepr(value);
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (depth >= MAX_REPR_DEPTH && (Array.isArray(value) || isRecord(value))) return '...';
  if (Array.isArray(value)) return '[' + value.map((item) => pythonRepr(item, depth + 1)).join(', ') + ']';
  if (isRecord(value)) {
    return '{' + Object.keys(value).map((key) => `${pythonStringRepr(key)}: ${pythonRepr(value[key], depth + 1)}`).join(', ') + '}';
  }
  return String(value);
}

/**
 * A JSON number as Python prints it. An integral value is taken to be a JSON integer (Python
 * `int`, all digits); any other value is a float in `repr` form (shortest digits, exponent
 * outside 1e-4 <= |x| < 1e16, at least two exponent digits).
 */
function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return BigInt(value).toString();
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** Python's `repr` of a str: single quotes unless it holds `'` and no `"`. */
function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === quote) out += '\\' + char;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += char;
  }
  return out + quote;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
