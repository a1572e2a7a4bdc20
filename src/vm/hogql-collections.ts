// Array and JSON builtins of the HogVM standard library, and the lambda-taking array functions
// (arrayExists, arrayMap, arrayFilter, arrayCount), which the VM runs as compiled Hog: they walk
// `values(arr)` and call the lambda on each item.
import { nestedValue } from './hogql-access.js';
import { builtin, type HogQLFunction } from './hogql-function-types.js';
import { abort, HogQLLambda } from './hogql-values.js';

function keysOf(value: unknown): unknown[] {
  if (typeof value !== 'object') return [];
  // typeof null is 'object' in the VM's check, and Object.keys(null) throws there.
  if (value === null) return abort('Cannot convert undefined or null to object');
  if (Array.isArray(value)) return [...value.keys()];
  if (value instanceof Map) return [...value.keys()];
  return Object.keys(value);
}

function valuesOf(value: unknown): unknown[] {
  if (typeof value !== 'object') return [];
  // typeof null is 'object' in the VM's check, and Object.values(null) throws there.
  if (value === null) return abort('Cannot convert undefined or null to object');
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (value instanceof Map) return [...value.values()];
  return Object.values(value);
}

/** A string argument parsed as JSON (other values as they are), or `failed` when it does not parse. */
function parseJsonArgument<T>(value: unknown, failed: T): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return failed;
  }
}

const PARSE_FAILED = Symbol('unparseable JSON');

function jsonExtract(args: readonly unknown[], convert: (value: unknown) => unknown): unknown {
  const [source, ...path] = args;
  const parsed = parseJsonArgument(source, PARSE_FAILED);
  if (parsed === PARSE_FAILED) return null;
  return convert(nestedValue(parsed, path, true));
}

function jsonHas(args: readonly unknown[]): boolean {
  const [source, ...path] = args;
  let current = source;
  for (const key of path) {
    const parsed = parseJsonArgument(current, PARSE_FAILED);
    if (parsed === PARSE_FAILED) return false;
    if (parsed instanceof Map) {
      if (!parsed.has(key)) return false;
      current = parsed.get(key);
    } else if (typeof parsed === 'object') {
      if (typeof key === 'number') {
        // The VM leaves a non-array unchanged for a numeric key and moves on.
        if (!Array.isArray(parsed)) continue;
        if (key === 0 || key > parsed.length || key < -parsed.length) return false;
        current = key < 0 ? parsed[parsed.length + key] : parsed[key - 1];
      } else {
        if (parsed === null) return abort("Cannot use 'in' operator to search in null");
        if (!((key as PropertyKey) in parsed)) return false;
        current = (parsed as Record<PropertyKey, unknown>)[key as PropertyKey];
      }
    } else return false;
  }
  return true;
}

function jsonLength(args: readonly unknown[]): number {
  const [source, ...path] = args;
  const parsed = parseJsonArgument(source, PARSE_FAILED);
  if (parsed === PARSE_FAILED || typeof parsed !== 'object') return 0;
  const value = nestedValue(parsed, path, true);
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  if (typeof value === 'object') return value === null ? abort('Cannot convert undefined or null to object') : Object.keys(value).length;
  return 0;
}

function lambdaOf(value: unknown): HogQLLambda {
  return value instanceof HogQLLambda ? value : abort('Invalid closure');
}

/** Runs `lambda` on every item of `values(source)`, as the VM's bytecode STL loops do. */
function eachItem(lambda: unknown, source: unknown, visit: (item: unknown, result: unknown) => boolean | void): void {
  const call = lambdaOf(lambda);
  for (const item of valuesOf(source)) if (visit(item, call.call([item])) === true) return;
}

export const collectionFunctions: Readonly<Record<string, HogQLFunction>> = {
  has: builtin(2, 2, ([list, item]) => Array.isArray(list) && list.length > 0 && list.includes(item)),
  indexOf: builtin(2, 2, ([list, item]) => (Array.isArray(list) ? list.indexOf(item) + 1 : 0)),
  arrayStringConcat: builtin(1, 2, ([list, separator]) => (Array.isArray(list) ? list.join(separator === undefined ? '' : (separator as string)) : '')),
  keys: builtin(1, 1, ([value]) => keysOf(value)),
  values: builtin(1, 1, ([value]) => valuesOf(value)),
  arrayExists: builtin(2, 2, ([lambda, source]) => {
    let found = false;
    eachItem(lambda, source, (_item, result) => (found = !!result));
    return found;
  }),
  arrayCount: builtin(2, 2, ([lambda, source]) => {
    let count = 0;
    eachItem(lambda, source, (_item, result) => void (result ? count++ : 0));
    return count;
  }),
  arrayMap: builtin(2, 2, ([lambda, source]) => {
    const mapped: unknown[] = [];
    eachItem(lambda, source, (_item, result) => void mapped.push(result));
    return mapped;
  }),
  arrayFilter: builtin(2, 2, ([lambda, source]) => {
    const kept: unknown[] = [];
    eachItem(lambda, source, (item, result) => void (result ? kept.push(item) : 0));
    return kept;
  }),
  JSONExtract: builtin(2, null, (args) => (args.length < 2 ? null : jsonExtract(args.slice(0, -1), (value) => value ?? null))),
  JSONExtractString: builtin(1, null, (args) => jsonExtract(args, (value) => (value !== null && value !== undefined ? String(value) : null))),
  JSONExtractInt: builtin(1, null, (args) => jsonExtract(args, (value) => toParsed(parseInt(value as string)))),
  JSONExtractFloat: builtin(1, null, (args) => jsonExtract(args, (value) => toParsed(parseFloat(value as string)))),
  JSONExtractBool: builtin(1, null, (args) => {
    const [source, ...path] = args;
    const parsed = parseJsonArgument(source, PARSE_FAILED);
    if (parsed === PARSE_FAILED) return false;
    const value = path.length > 0 ? nestedValue(parsed, path, true) : parsed;
    return typeof value === 'boolean' ? value : false;
  }),
  JSONHas: builtin(1, null, jsonHas),
  JSONLength: builtin(1, null, jsonLength),
  isValidJSON: builtin(1, 1, ([value]) => {
    try {
      JSON.parse(value as string);
      return true;
    } catch {
      return false;
    }
  }),
};

function toParsed(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
