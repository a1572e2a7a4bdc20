// _expr_to_compare_op (posthog/hogql/property.py): one filter operator applied to one value,
// as a table from operator to the AST PostHog builds. Values keep their JSON type except where
// PostHog formats them with Python: `%{value}%` patterns and multiSearch needles use str(),
// and exact / is_not turn booleans into the strings "true" / "false" (_handle_bool_values with
// no property definitions to say otherwise).
import { and, array, call, compare, constant, field, or, type CompareOp, type Expr } from './ast.js';
import { hogqlError, pythonError } from './errors.js';
import { isTruthy, pythonFloat, pythonRepr, pythonStr, pythonTypeName } from '../compile/python-values.js';
import { validateWithRe2 } from '../regex/re2-validate.js';
import { resolveDateValue } from './relative-date.js';
import { semverCompare } from './semver.js';

export interface CompareContext {
  /** The filter's key, for the boolean handling of virtual properties. */
  readonly key: unknown;
  /** Epoch milliseconds that relative dates resolve against. */
  readonly nowMs: number;
}

/** Virtual properties PostHog's taxonomy types as Boolean: "true"/"false" become booleans. */
const booleanVirtualProperties: ReadonlySet<string> = new Set(['$virt_is_bot']);

/** `_handle_bool_values` without property definitions. */
function handleBoolValues(value: unknown, context: CompareContext): unknown {
  const text = value === true ? 'true' : value === false ? 'false' : value;
  if (text !== 'true' && text !== 'false') return text;
  const { key } = context;
  if (typeof key === 'string' && key.startsWith('$virt_')) return booleanVirtualProperties.has(key) ? text === 'true' : text;
  if (isTruthy(key) && typeof key !== 'string') throw pythonError(`'${pythonTypeName(key)}' object has no attribute 'startswith'`);
  return text;
}

/**
 * PostHog's newest compiler checks a regex / not_regex pattern with RE2 (ClickHouse's engine)
 * before building the filter and raises a QueryError naming it, which refresh_bytecode stores
 * as the action's bytecode_error. A value that is not a string is left to emission (a number
 * is always a valid pattern, a list or dict constant fails there).
 */
function requireValidRegex(value: unknown): void {
  if (typeof value !== 'string') return;
  const checked = validateWithRe2(value);
  if (!checked.ok) throw hogqlError(`Invalid regular expression ${pythonRepr(value)}: ${checked.error}`);
}

const multiSearch = (expr: Expr, values: readonly unknown[]): Expr =>
  call('multiSearchAnyCaseInsensitive', call('toString', expr), array(values.map((v) => constant(pythonStr(v)))));

const found = (search: Expr): Expr => compare('gt', search, constant(0));
const notFound = (search: Expr): Expr => compare('eq', search, constant(0));

/** `_force_datetime`: both sides of an is_date_* comparison go through toDateTime. */
function dateCompare(op: CompareOp, expr: Expr, value: unknown, operator: string, context: CompareContext): Expr {
  if (typeof value !== 'string') throw pythonError(`AssertionError: ${operator} requires a string value`);
  const resolved = resolveDateValue(value, context.nowMs);
  return compare(op, call('toDateTime', call('toString', expr)), call('toDateTime', constant(resolved)));
}

/** `_validate_between_values`, then the pair of comparisons. */
function betweenCompare(expr: Expr, value: unknown, operator: string): Expr {
  if (!Array.isArray(value) || value.length !== 2) throw hogqlError(`${operator} operator requires a two-element array [min, max]`);
  const low = pythonFloat(value[0]);
  const high = pythonFloat(value[1]);
  if (low === null || high === null) throw hogqlError(`${operator} operator requires numeric values`);
  if (low > high) throw hogqlError(`${operator} operator requires min value to be less than or equal to max value`);
  const [min, max] = value as [unknown, unknown];
  if (operator === 'between') return and([compare('gt_eq', expr, constant(min)), compare('lt_eq', expr, constant(max))]);
  return or([compare('lt', expr, constant(min)), compare('gt', expr, constant(max))]);
}

const ordering: Readonly<Record<string, CompareOp>> = { lt: 'lt', gt: 'gt', lte: 'lt_eq', max: 'lt_eq', gte: 'gt_eq', min: 'gt_eq' };
const dateOrdering: Readonly<Record<string, CompareOp>> = { is_date_exact: 'eq', is_date_before: 'lt', is_date_after: 'gt' };

/** `_expr_to_compare_op(expr, value, operator)`. Throws HogExportError with PostHog's text. */
export function exprToCompareOp(expr: Expr, value: unknown, operator: unknown, context: CompareContext): Expr {
  const isList = Array.isArray(value);
  switch (operator) {
    case 'is_set':
      return compare('not_eq', expr, constant(null));
    case 'is_not_set':
      return compare('eq', expr, constant(null));
    case 'icontains':
    case 'not_icontains': {
      if (isList && value.length > 1) return (operator === 'icontains' ? found : notFound)(multiSearch(expr, value));
      const single: unknown = isList && value.length === 1 ? value[0] : value;
      return compare(operator === 'icontains' ? 'ilike' : 'not_ilike', call('toString', expr), constant(`%${pythonStr(single)}%`));
    }
    case 'icontains_multi':
    case 'not_icontains_multi': {
      const needles = isList ? value : [value];
      return (operator === 'icontains_multi' ? found : notFound)(multiSearch(expr, needles));
    }
    case 'regex':
      requireValidRegex(value);
      return call('ifNull', call('match', call('toString', expr), constant(value)), constant(0));
    case 'not_regex':
      requireValidRegex(value);
      return call('ifNull', call('not', call('match', call('toString', expr), constant(value))), constant(1));
    case 'exact':
      return compare('eq', expr, constant(handleBoolValues(value, context)));
    case 'is_not':
      return compare('not_eq', expr, constant(handleBoolValues(value, context)));
    case 'is_date_exact':
    case 'is_date_before':
    case 'is_date_after':
      return dateCompare(dateOrdering[operator] ?? 'eq', expr, value, operator, context);
    case 'between':
    case 'not_between':
      return betweenCompare(expr, value, operator);
    case 'is_cleaned_path_exact':
      // Path cleaning rules belong to the team; without them PostHog compares the raw value.
      return compare('eq', expr, constant(value));
    case 'in':
    case 'not_in':
      if (!isList) throw pythonError('IN and NOT IN operators require a list of values');
      return compare(operator === 'in' ? 'in' : 'not_in', expr, array(value.map((v) => constant(v))));
    default: {
      const name = typeof operator === 'string' ? operator : '';
      const op = Object.hasOwn(ordering, name) ? ordering[name] : undefined;
      if (op !== undefined) return compare(op, expr, constant(value));
      const semver = semverCompare(expr, value, name);
      if (semver !== null) return semver;
      throw hogqlError(`PropertyOperator ${pythonStr(operator)} not implemented`);
    }
  }
}

/** The `v -> …` variable of the array-valued exception properties. */
export const arrayItem = (): Expr => field('v');
