// String builtins of the HogVM standard library. Each follows the VM's JavaScript: a method
// called on a value that lacks it (lower(5), trim(null)) is a TypeError there, so it aborts here;
// native methods get the same arguments, so their coercions (replaceAll's `$&`, split's limit)
// are the VM's too.
import { compileLike } from './like.js';
import { builtin, type HogQLFunction } from './hogql-function-types.js';
import { abort, isHogDate, isHogDateTime, jsString, printHogString } from './hogql-values.js';
import { formatDateTimeIso } from './hogql-dates.js';

/** `value` when it is a string, else the TypeError of calling `method` on it. */
function stringOf(value: unknown, method: string): string {
  if (typeof value === 'string') return value;
  return abort(`${method} is not a function`);
}

/** STLToString: dates in ISO form, strings as they are, anything else in literal form. */
export function hogToString(value: unknown): unknown {
  if (isHogDate(value)) return `${value.year}-${String(value.month).padStart(2, '0')}-${String(value.day).padStart(2, '0')}`;
  if (isHogDateTime(value)) return formatDateTimeIso(value);
  return printHogString(value);
}

/** Indexable values (strings and arrays) for the trim family, which the VM runs on both. */
function trimSubject(value: unknown): string | readonly unknown[] {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  return abort('trim: not a string');
}

function trimChar(value: unknown): unknown {
  return value === null || value === undefined ? ' ' : value;
}

function trimEnds(args: readonly unknown[], left: boolean, right: boolean): unknown {
  // The VM checks the character before it touches the subject.
  const char = trimChar(args[1]);
  if ((char as { length?: unknown }).length !== 1) return '';
  const subject = trimSubject(args[0]);
  let start = 0;
  let end = subject.length;
  if (left) while (subject[start] === char) start++;
  if (right) while (end > 0 && subject[end - 1] === char) end--;
  if (left && right && start >= end) return '';
  return subject.slice(left ? start : 0, right ? end : subject.length);
}

function likeFn(caseInsensitive: boolean, negated: boolean): HogQLFunction {
  return builtin(2, 2, ([value, pattern]) => compileLike(String(pattern), caseInsensitive)(jsString(value)) !== negated);
}

export const stringFunctions: Readonly<Record<string, HogQLFunction>> = {
  concat: builtin(1, null, (args) => args.map((arg) => (arg === null ? '' : String(hogToString(arg)))).join('')),
  lower: builtin(1, 1, ([value]) => (value === null || value === undefined ? null : stringOf(value, 'toLowerCase').toLowerCase())),
  upper: builtin(1, 1, ([value]) => stringOf(value, 'toUpperCase').toUpperCase()),
  reverse: builtin(1, 1, ([value]) => [...stringOf(value, 'split').split('')].reverse().join('')),
  length: builtin(1, 1, ([value]) => {
    if (value === null || value === undefined) abort('Cannot read properties of null');
    return (value as { length?: unknown }).length;
  }),
  empty: builtin(1, 1, ([value]) => isEmpty(value)),
  notEmpty: builtin(1, 1, ([value]) => !isEmpty(value)),
  trim: builtin(1, 2, (args) => trimEnds(args, true, true)),
  trimLeft: builtin(1, 2, (args) => trimEnds(args, true, false)),
  trimRight: builtin(1, 2, (args) => trimEnds(args, false, true)),
  startsWith: builtin(2, 2, ([value, prefix]) => typeof value === 'string' && typeof prefix === 'string' && value.startsWith(prefix)),
  substring: builtin(2, 3, ([value, start, length]) => {
    if (typeof value !== 'string') return '';
    const from = (start as number) - 1;
    const count = typeof length === 'number' ? length : value.length - from;
    if (from < 0 || count < 0) return '';
    return from < value.length ? value.slice(from, from + count) : '';
  }),
  position: builtin(2, 3, ([value, needle]) => (typeof value === 'string' ? value.indexOf(String(needle)) + 1 : 0)),
  positionCaseInsensitive: builtin(2, 3, ([value, needle]) => (typeof value === 'string' ? value.toLowerCase().indexOf(String(needle).toLowerCase()) + 1 : 0)),
  replaceOne: builtin(3, 3, ([value, search, replacement]) => stringOf(value, 'replace').replace(search as string, replacement as string)),
  replaceAll: builtin(3, 3, ([value, search, replacement]) => stringOf(value, 'replaceAll').replaceAll(search as string, replacement as string)),
  splitByString: builtin(2, 3, ([separator, value, limit]) => {
    const text = stringOf(value, 'split');
    return limit === undefined || limit === null ? text.split(separator as string) : text.split(separator as string, limit as number);
  }),
  multiSearchAnyCaseInsensitive: builtin(2, 2, ([value, needles]) => {
    if (value === null || value === undefined || needles === null || needles === undefined || !Array.isArray(needles)) return 0;
    const haystack = jsString(value).toLowerCase();
    return needles.some((needle) => haystack.includes(jsString(needle).toLowerCase())) ? 1 : 0;
  }),
  encodeURLComponent: builtin(1, 1, ([value]) => {
    try {
      return encodeURIComponent(value as string);
    } catch {
      return abort('URI malformed');
    }
  }),
  decodeURLComponent: builtin(1, 1, ([value]) => {
    try {
      return decodeURIComponent(value as string);
    } catch {
      return abort('URI malformed');
    }
  }),
  tryDecodeURLComponent: builtin(1, 1, ([value]) => {
    try {
      return decodeURIComponent(value as string);
    } catch {
      return null;
    }
  }),
  like: likeFn(false, false),
  ilike: likeFn(true, false),
  notLike: likeFn(false, true),
  notILike: likeFn(true, true),
  match: builtin(2, 2, ([value, pattern], env) => (!value || !pattern ? false : env.regex(jsString(pattern)).test(jsString(value)))),
  toString: builtin(1, 2, ([value]) => hogToString(value)),
  toUUID: builtin(1, 1, ([value]) => hogToString(value)),
};

/** The VM's `empty`: null, '' and empty containers are empty; numbers and booleans never are. */
export function isEmpty(value: unknown): boolean {
  if (typeof value === 'object') {
    if (value === null) return true;
    if (Array.isArray(value)) return value.length === 0;
    if (value instanceof Map) return value.size === 0;
    return Object.keys(value).length === 0;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return false;
  return !value;
}
