// Python's value rules, where PostHog's compiler lets them leak into the bytecode: `str()` of a
// filter value inside a LIKE pattern or an error message, `re.escape`, `str.strip`, `int()` and
// `float()` of strings, truthiness of step fields, code-point string ordering. A JSON number that
// is a safe integer is taken to be a Python int (JSON cannot tell `1` from `1.0` once parsed in
// JavaScript); any other number is a Python float.

/** True when `value` reads as a Python int rather than a float. */
export function isPythonInt(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** Python's name for the type of a JSON value, as `type(x).__name__` prints it. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return isPythonInt(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** Python truthiness of a JSON value. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on. */
function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const decimalPoint = exponent + 1;
  if (decimalPoint > -4 && decimalPoint <= 16) {
    if (decimalPoint <= 0) return `${sign}0.${'0'.repeat(-decimalPoint)}${digits}`;
    if (decimalPoint >= digits.length) return `${sign}${digits}${'0'.repeat(decimalPoint - digits.length)}.0`;
    return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const magnitude = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

const nonPrintable = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(str)`: the quote Python picks, and its escapes for what is not printable. */
function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char !== ' ' && nonPrintable.test(char)) {
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else out += char;
  }
  return out + quote;
}

/** `repr(value)` for a JSON value. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return isPythonInt(value) ? String(value) : floatRepr(value);
  if (typeof value === 'string') return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${stringRepr(key)}: ${pythonRepr(item)}`);
  return `{${entries.join(', ')}}`;
}

/** `str(value)`: strings as they are, everything else as its repr. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

const reSpecial = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

/** `re.escape` (Python 3.7+): a backslash before each regex-special ASCII character only. */
export function pythonReEscape(text: string): string {
  let out = '';
  for (const char of text) out += reSpecial.has(char) ? `\\${char}` : char;
  return out;
}

const pythonSpace = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** `str.strip()` with no argument: Python's whitespace, which is not JavaScript's. */
export function pythonStrip(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && pythonSpace.test(chars[start] ?? '')) start++;
  while (end > start && pythonSpace.test(chars[end - 1] ?? '')) end--;
  return chars.slice(start, end).join('');
}

/** `str.rstrip(chars)`. */
export function pythonRstrip(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

/** Orders strings by code point, as Python's `sorted` does (JavaScript compares code units). */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]?.codePointAt(0) ?? 0;
    const y = right[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x - y;
  }
  return left.length - right.length;
}

/** The value of a Unicode decimal digit (category Nd), which Python's int() and float() accept. */
function digitValue(char: string): number | null {
  if (!/^\p{Nd}$/u.test(char)) return null;
  // Every run of Nd code points is made of whole blocks of ten, each starting at its zero.
  let start = char.codePointAt(0) ?? 0;
  while (/^\p{Nd}$/u.test(String.fromCodePoint(start - 1))) start--;
  return ((char.codePointAt(0) ?? 0) - start) % 10;
}

/** Python's digit syntax: digits with single underscores between them, as ASCII; else null. */
function readDigits(text: string): string | null {
  if (text === '' || text.startsWith('_') || text.endsWith('_') || text.includes('__')) return null;
  let out = '';
  for (const char of text) {
    if (char === '_') continue;
    const digit = digitValue(char);
    if (digit === null) return null;
    out += String(digit);
  }
  return out;
}

/** `int(text)` for a string: the integer, or null where Python raises ValueError. */
export function pythonIntFromString(text: string): bigint | null {
  const stripped = pythonStrip(text);
  const sign = stripped.startsWith('-') ? '-' : '';
  const body = stripped.startsWith('-') || stripped.startsWith('+') ? stripped.slice(1) : stripped;
  const digits = readDigits(body);
  return digits === null ? null : BigInt(sign + digits);
}

/** `int(value)` for any JSON value: null where Python raises (ValueError or TypeError). */
export function pythonInt(value: unknown): bigint | null {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  if (typeof value === 'string') return pythonIntFromString(value);
  return null;
}

const floatSyntax = /^([+-]?)(?:(\d[\d_]*)?(?:\.(\d[\d_]*)?)?)(?:[eE]([+-]?\d[\d_]*))?$/;

/** `float(value)` for any JSON value: null where Python raises (ValueError or TypeError). */
export function pythonFloat(value: unknown): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  let text = '';
  for (const char of pythonStrip(value)) {
    const digit = digitValue(char);
    text += digit === null ? char : String(digit);
  }
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special !== null) return (special[2] ?? '').toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
  const match = floatSyntax.exec(text);
  if (match === null || (match[2] === undefined && match[3] === undefined)) return null;
  for (const part of [match[2], match[3], match[4]?.replace(/^[+-]/, '')]) {
    if (part !== undefined && readDigits(part) === null) return null;
  }
  return Number(text.replaceAll('_', ''));
}
