// The HogVM's operators on two values: `=`, `<`, … after its type unification (numbers against
// numeric strings, booleans against "true", datetimes against date-like strings, arrays of
// numbers in order), LIKE through the regex engine's view of values (String()), `in` on arrays
// and strings, `=~` with a falsy side never matching, and the arithmetic that Number()s both sides.
import type { HogQLArithmeticOperator, HogQLCompareOperator } from '../bytecode/hogql-tree.js';
import { dateStringSeconds, temporalSeconds } from './hogql-dates.js';
import type { FunctionEnv } from './hogql-function-types.js';
import { abort, jsString } from './hogql-values.js';
import { compileLike } from './like.js';
import { unify as unifyScalars } from './values.js';

type Operand = number;

/** unifyComparisonTypes. */
function unify(left: unknown, right: unknown): [unknown, unknown] {
  const leftSeconds = temporalSeconds(left);
  const rightSeconds = temporalSeconds(right);
  if (leftSeconds !== null && rightSeconds !== null) return [leftSeconds, rightSeconds];
  if (leftSeconds !== null && typeof right === 'string') {
    const seconds = dateStringSeconds(right);
    if (seconds !== null) return [leftSeconds, seconds];
  }
  if (rightSeconds !== null && typeof left === 'string') {
    const seconds = dateStringSeconds(left);
    if (seconds !== null) return [seconds, rightSeconds];
  }
  return unifyScalars(left, right);
}

function numberArrayOrdering(left: readonly unknown[], right: readonly unknown[]): number {
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return (left[i] as number) < (right[i] as number) ? -1 : 1;
  }
  return Math.sign(left.length - right.length);
}

const isFiniteNumber = (value: unknown): boolean => Number.isFinite(value);

function ordered(op: HogQLCompareOperator, ordering: number): boolean {
  if (op === 'eq') return ordering === 0;
  if (op === 'not_eq') return ordering !== 0;
  if (op === 'gt') return ordering > 0;
  if (op === 'gt_eq') return ordering >= 0;
  if (op === 'lt') return ordering < 0;
  return ordering <= 0;
}

function relational(op: HogQLCompareOperator, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b) && a.every(isFiniteNumber) && b.every(isFiniteNumber)) return ordered(op, numberArrayOrdering(a, b));
  switch (op) {
    case 'eq':
      return a === b;
    case 'not_eq':
      return a !== b;
    case 'gt':
      return (a as Operand) > (b as Operand);
    case 'gt_eq':
      return (a as Operand) >= (b as Operand);
    case 'lt':
      return (a as Operand) < (b as Operand);
    default:
      return (a as Operand) <= (b as Operand);
  }
}

/** `right` includes `left`: arrays and tuples by SameValueZero, strings by substring; else the VM's TypeError. */
function includes(list: unknown, item: unknown): boolean {
  if (Array.isArray(list)) return list.includes(item);
  if (typeof list === 'string') return list.includes(jsString(item));
  return abort('includes is not a function');
}

const likeCache = new Map<string, (subject: string) => boolean>();

/** The VM's like(): the pattern anywhere in String(value); patterns compiled once and kept (bounded). */
export function likeMatches(value: unknown, pattern: unknown, caseInsensitive: boolean): boolean {
  const key = `${caseInsensitive ? 'i' : 's'}${jsString(pattern)}`;
  let test = likeCache.get(key);
  if (test === undefined) {
    test = compileLike(jsString(pattern), caseInsensitive);
    if (likeCache.size >= 1024) likeCache.clear();
    likeCache.set(key, test);
  }
  return test(jsString(value));
}

function regexMatches(value: unknown, pattern: unknown, env: FunctionEnv): boolean {
  if (!pattern || !value) return false;
  return env.regex(jsString(pattern)).test(jsString(value));
}

/** `left <op> right` as the VM's comparison opcodes compute it. */
export function compareHog(op: HogQLCompareOperator, left: unknown, right: unknown, env: FunctionEnv): boolean {
  switch (op) {
    case 'like':
    case 'ilike':
      return likeMatches(left, right, op === 'ilike');
    case 'not_like':
    case 'not_ilike':
      return !likeMatches(left, right, op === 'not_ilike');
    case 'in':
      return includes(right, left);
    case 'not_in':
      return !includes(right, left);
    case 'regex':
      return regexMatches(left, right, env);
    case 'not_regex':
      return !regexMatches(left, right, env);
    case 'iregex':
      return regexMatches(left, `(?i)${jsString(right)}`, env);
    case 'not_iregex':
      return !regexMatches(left, `(?i)${jsString(right)}`, env);
    default: {
      const [a, b] = unify(left, right);
      return relational(op, a, b);
    }
  }
}

/** `left <op> right` for + - * / %: both sides through Number(), as in the VM. */
export function arithmeticHog(op: HogQLArithmeticOperator, left: unknown, right: unknown): number {
  const a = Number(left);
  const b = Number(right);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a % b;
  }
}
