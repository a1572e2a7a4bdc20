// The bounds of PostHog's semver ranges (tilde, caret, wildcard), computed as its Python compiler
// computes them (_tilde_bounds, _caret_bounds, _wildcard_bounds over parse_semver), including
// Python's int() rules, so that the same operands are accepted and give the same range.
import type { SemverOperator } from './semver.js';

/**
 * The bound strings PostHog's compiler derives for tilde, caret and wildcard, or null where it
 * raises. They are built as its Python builds them, from the parts as written (so `~ 1.2`
 * keeps its space), and only then go through `sortableSemver`.
 */
export function rangeBounds(operator: SemverOperator, value: string): readonly [string, string] | null {
  if (operator === 'semver_wildcard') {
    // Python's rstrip(".*"): any trailing run of dots and stars.
    let end = value.length;
    while (end > 0 && (value[end - 1] === '.' || value[end - 1] === '*')) end--;
    const parts = beforeHyphen(value.slice(0, end)).split('.');
    const [major = '', minor = '', patch = ''] = parts;
    if (end === 0 || pythonInt(major) === null) return null;
    if (parts.length === 1) return withSuccessor(`${major}.0.0`, '', major, '.0.0');
    if (pythonInt(minor) === null) return null;
    if (parts.length === 2) return withSuccessor(`${major}.${minor}.0`, `${major}.`, minor, '.0');
    if (pythonInt(patch) === null) return null;
    return withSuccessor(`${major}.${minor}.${patch}.0`, `${major}.${minor}.`, patch, '.0');
  }
  // PostHog's parse_semver: up to three parts before the first hyphen, missing ones "0".
  const parts = beforeHyphen(value).split('.');
  const [major = '', minor = '0', patch = '0'] = parts;
  const majorValue = pythonInt(major);
  const minorValue = pythonInt(minor);
  if (major === '' || majorValue === null || minorValue === null || pythonInt(patch) === null) return null;
  const lower = `${major}.${minor}.${patch}`;
  if (operator === 'semver_tilde') {
    return parts.length < 2
      ? withSuccessor(`${major}.0.0`, '', major, '.0.0')
      : withSuccessor(lower, `${major}.`, minor, '.0');
  }
  if (majorValue > 0n) return withSuccessor(lower, '', major, '.0.0');
  if (minorValue > 0n) return withSuccessor(lower, '0.', minor, '.0');
  return withSuccessor(lower, '0.0.', patch, '');
}

function beforeHyphen(value: string): string {
  const hyphen = value.indexOf('-');
  return hyphen < 0 ? value : value.slice(0, hyphen);
}

/** `[lower, prefix + str(int(part) + 1) + suffix]`, or null where Python's str() refuses. */
function withSuccessor(lower: string, prefix: string, part: string, suffix: string): readonly [string, string] | null {
  const value = pythonInt(part);
  if (value === null) return null;
  const next = (value + 1n).toString();
  return next.replace('-', '').length > PYTHON_MAX_INT_DIGITS ? null : [lower, `${prefix}${next}${suffix}`];
}

// CPython refuses int <-> str conversions of more than 4300 digits (ValueError, which PostHog
// reports as an invalid semver string).
const PYTHON_MAX_INT_DIGITS = 4300;
const PYTHON_INT_ASCII = /^[ \t\n\v\f\r]*([+-]?)([0-9](?:_?[0-9])*)[ \t\n\v\f\r]*$/;
const UNICODE_DECIMAL = /^\p{Nd}$/u;
const PYTHON_UNICODE_SPACES: ReadonlySet<number> = new Set([
  0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
  0x2029, 0x202f, 0x205f, 0x3000,
]);

/**
 * Python's `int(text)`, or null where it raises: surrounding whitespace, a sign, underscores
 * between digits and any Unicode decimal digit are accepted, as CPython does.
 */
function pythonInt(text: string): bigint | null {
  let ascii = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      ascii += char;
    } else if (PYTHON_UNICODE_SPACES.has(code)) {
      ascii += ' ';
    } else if (UNICODE_DECIMAL.test(char)) {
      // Decimal digits come in runs of ten starting at zero; the position in the run is the value.
      let zero = code;
      while (zero > 0 && UNICODE_DECIMAL.test(String.fromCodePoint(zero - 1))) zero--;
      ascii += String((code - zero) % 10);
    } else {
      return null;
    }
  }
  const match = PYTHON_INT_ASCII.exec(ascii);
  const digits = match?.[2]?.replaceAll('_', '');
  if (match === null || digits === undefined || digits.length > PYTHON_MAX_INT_DIGITS) return null;
  return match[1] === '-' ? -BigInt(digits) : BigInt(digits);
}
