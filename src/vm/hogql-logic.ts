// Builtins for nulls, logic, comparison, arithmetic and types. The function forms of comparison
// (`equals`, `greater`, …) and arithmetic (`plus`, `minus`) are plain JavaScript operators in the
// VM, without the coercions of the `=` / `+` operators: they are kept that way.
import { builtin, type HogQLFunction } from './hogql-function-types.js';
import { abort, isHogDate, isHogDateTime, isTuple, HogQLLambda, makeTuple } from './hogql-values.js';
import { dateToEpochDays } from './hogql-dates.js';

type Operand = number;

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isHogDateTime(value)) return 'datetime';
  if (isHogDate(value)) return 'date';
  if (value instanceof HogQLLambda) return 'function';
  if (Array.isArray(value)) return isTuple(value) ? 'tuple' : 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'unknown';
}

function toNumber(value: unknown, parse: (text: string) => number): number | null {
  if (isHogDateTime(value)) return parse === parseInt ? Math.floor(value.dt) : value.dt;
  if (isHogDate(value)) return dateToEpochDays(value);
  // parseInt / parseFloat stringify their argument first, as in the VM.
  const parsed = parse(value as string);
  return Number.isNaN(parsed) ? null : parsed;
}

export const logicFunctions: Readonly<Record<string, HogQLFunction>> = {
  coalesce: builtin(1, null, (args) => args.find((arg) => arg !== null && arg !== undefined) ?? null),
  isNull: builtin(1, 1, ([value]) => value === null || value === undefined),
  isNotNull: builtin(1, 1, ([value]) => value !== null && value !== undefined),
  assumeNotNull: builtin(1, 1, ([value]) => (value === null || value === undefined ? abort('Value is null in assumeNotNull') : value)),
  not: builtin(1, 1, ([value]) => !value),
  and: builtin(1, null, (args) => args.every(Boolean)),
  or: builtin(1, null, (args) => args.some(Boolean)),
  equals: builtin(2, 2, ([a, b]) => a === b),
  notEquals: builtin(2, 2, ([a, b]) => a !== b),
  greater: builtin(2, 2, ([a, b]) => (a as Operand) > (b as Operand)),
  greaterOrEquals: builtin(2, 2, ([a, b]) => (a as Operand) >= (b as Operand)),
  less: builtin(2, 2, ([a, b]) => (a as Operand) < (b as Operand)),
  lessOrEquals: builtin(2, 2, ([a, b]) => (a as Operand) <= (b as Operand)),
  min2: builtin(2, 2, ([a, b]) => ((a as Operand) < (b as Operand) ? a : b)),
  in: builtin(2, 2, ([value, list]) => (Array.isArray(list) ? list.includes(value) : false)),
  plus: builtin(2, 2, ([a, b]) => (a as Operand) + (b as Operand)),
  minus: builtin(2, 2, ([a, b]) => (a as Operand) - (b as Operand)),
  floor: builtin(1, 2, ([value]) => Math.floor(value as Operand)),
  round: builtin(1, 2, ([value]) => Math.round(value as Operand)),
  typeof: builtin(1, 1, ([value]) => typeName(value)),
  tuple: builtin(0, null, (args) => makeTuple([...args])),
  toInt: builtin(1, 1, ([value]) => toNumber(value, parseInt)),
  toFloat: builtin(1, 1, ([value]) => toNumber(value, parseFloat)),
};
