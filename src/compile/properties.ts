// Property filters (SEMANTICS.md §7): which value a filter reads, which filters PostHog
// ignores (they compile to the integer 1), and how list values expand around the operator
// table. Element filters live in the elements module.
import { ONE_EXPR, source, test, type Expr, type Scalar, type Source } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { describeKind, readOwn } from '../event/read-value.js';
import { CompileError, type WarningSink, previewValue } from './errors.js';
import { compileHogQLFilter } from './hogql.js';
import { enforceLimit } from './limits.js';
import { compileBetween, describeOperator, propertyOperators } from './operators.js';
import { pythonStr } from './python-values.js';
import { expectObject } from './read-fields.js';

const cohortTypes: readonly string[] = ['cohort', 'static-cohort', 'precalculated-cohort'];
const propertyTypes: readonly string[] = ['event', 'person', 'group'];

/** Compiles a step's `properties` list: all filters ANDed, as PostHog's property_to_expr does. */
export function compileFilters(filters: readonly unknown[], path: string, warnings: WarningSink, elementFilter: ElementFilterCompiler): Expr {
  const exprs = filters.map((filter, i) => compileFilter(filter, `${path}[${i}]`, warnings, elementFilter));
  if (exprs.length === 1 && exprs[0] !== undefined) return exprs[0];
  return { kind: 'combinator', op: Op.AND, items: exprs };
}

export type ElementFilterCompiler = (key: string, operator: string, value: unknown, path: string, filter: FilterContext) => Expr;

/** What the expansion of a filter's value needs to know besides the value. */
export interface FilterContext {
  /** The filter's type, for PostHog's error texts. */
  readonly type: string;
  readonly warnings: WarningSink;
}

function compileFilter(raw: unknown, path: string, warnings: WarningSink, elementFilter: ElementFilterCompiler): Expr {
  const filter = expectObject(raw, path);
  const type = readOwn(filter, 'type') ?? 'event';
  if (typeof type !== 'string') {
    throw new CompileError('invalid_type', `${path}.type`, `expected a string, got ${describeKind(type)}`);
  }
  if (cohortTypes.includes(type)) {
    const value = readOwn(filter, 'value');
    throw new CompileError(
      'cohort_filter',
      path,
      `Can't use cohorts in real-time filters. Please inline the relevant expressions (cohort id=${typeof value === 'string' || typeof value === 'number' ? value : previewValue(value)}).`,
      true,
    );
  }
  // A HogQL expression: its own compiler (hogql.ts), which reads only the key.
  if (type === 'hogql') return compileHogQLFilter(readOwn(filter, 'key'), path, warnings);
  if (type !== 'element' && !propertyTypes.includes(type)) {
    throw new CompileError('unsupported_filter_type', `${path}.type`, `filter type ${previewValue(type)} is not supported in real-time matching`);
  }

  const key = readOwn(filter, 'key');
  const operatorField = readOwn(filter, 'operator');
  const operator = operatorField ?? 'exact';
  const value = readOwn(filter, 'value');
  if (typeof operator !== 'string') {
    throw new CompileError('invalid_type', `${path}.operator`, `expected a string, got ${describeKind(operator)}`);
  }
  // PostHog drops a filter it cannot even construct (no key, no value, a group filter without
  // its group type) and puts the integer 1 in its place: true inside an AND, no match alone.
  const ignoredBecause = whyIgnored(type, key, operator, value, filter);
  if (ignoredBecause !== null) {
    warnings.add('ignored_filter', path, `filter ignored (${ignoredBecause}), as PostHog does`);
    return ONE_EXPR;
  }
  if (typeof key !== 'string') {
    throw new CompileError('invalid_type', `${path}.key`, `expected a string, got ${describeKind(key)}`);
  }
  if (Array.isArray(value)) enforceLimit('maxValuesPerList', value.length, 'number of values', `${path}.value`);
  // is_set / is_not_set ignore their value, whatever it is.
  if (operator !== 'is_set' && operator !== 'is_not_set') checkValueShape(value, operator, `${path}.value`);
  if (type === 'element') return elementFilter(key, operator, value, path, { type, warnings });
  return compilePropertyValue(readSource(type, key, filter, path), operator, value, path, { type, warnings });
}

function whyIgnored(type: string, key: unknown, operator: string, value: unknown, filter: Record<string, unknown>): string | null {
  if (key === null) return 'it has no key';
  if (value === null && operator !== 'is_set' && operator !== 'is_not_set') return 'it has no value';
  if (Array.isArray(value) && value.length === 0) return 'its value list is empty';
  if (type === 'group' && readOwn(filter, 'group_type_index') === null) return 'a group filter needs group_type_index';
  return null;
}

/**
 * The operators PostHog formats their value for with Python's str() (a `%{value}%` pattern, a
 * multiSearch needle), so that an object or a list inside the value is its Python repr
 * (`{'nested': 'pro'}`). Everywhere else PostHog emits the value as a constant, and a list or
 * dict constant is its compile error (`Constant type <class 'dict'> is not supported`).
 */
const stringifyingOperators: readonly string[] = ['icontains', 'not_icontains', 'icontains_multi', 'not_icontains_multi'];

/** Deeper than this a value stops being data (PostHog's repr of it would exceed Python's recursion limit). */
const MAX_VALUE_DEPTH = 100;

/** Filter values are scalars or lists of scalars; objects only where PostHog stringifies them. */
function checkValueShape(value: unknown, operator: string, path: string): void {
  const items = Array.isArray(value) ? value : [value];
  const stringified = stringifyingOperators.includes(operator);
  for (const item of items) {
    if (item !== null && typeof item === 'object') {
      if (stringified) {
        checkJsonValue(item, path, 1, new Set());
        continue;
      }
      throw new CompileError('invalid_operand', path, `expected a string, number, boolean or a list of them, got ${describeKind(item)} ${previewValue(item)}`);
    }
    checkScalar(item, path);
  }
}

function checkScalar(item: unknown, path: string): void {
  if (typeof item === 'number' && !Number.isFinite(item)) {
    throw new CompileError('invalid_operand', path, `expected a finite number, got ${String(item)}`);
  }
  // Objects passed in directly can hold what JSON cannot (BigInt, symbols, functions,
  // undefined); bytecode is JSON, so such a value has no place in it.
  if (item !== null && typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
    throw new CompileError('invalid_operand', path, `expected a string, number, boolean or a list of them, got ${typeof item}`);
  }
}

/** An object or list that is stringified: JSON data, finite in depth and without cycles. */
function checkJsonValue(value: object, path: string, depth: number, open: Set<object>): void {
  if (depth > MAX_VALUE_DEPTH) throw new CompileError('invalid_operand', path, `expected a value nested at most ${MAX_VALUE_DEPTH} deep, got ${describeKind(value)} ${previewValue(value)}`);
  if (open.has(value)) throw new CompileError('invalid_operand', path, `expected JSON data, got ${describeKind(value)} that contains itself`);
  open.add(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (item !== null && typeof item === 'object') checkJsonValue(item, path, depth + 1, open);
    else checkScalar(item, path);
  }
  open.delete(value);
}

function readSource(type: string, key: string, filter: Record<string, unknown>, path: string): Source {
  if (type === 'person') return key === 'distinct_id' ? source(Op.SRC_DISTINCT_ID) : source(Op.SRC_PERSON_PROP, key);
  if (type === 'group') return source(Op.SRC_GROUP_PROP, readGroupIndex(filter, path), key);
  // The chain is a column of the event, which PostHog lets filters address as a property.
  return key === '$elements_chain' ? source(Op.SRC_ELEMENTS_CHAIN) : source(Op.SRC_PROP, key);
}

/** group_type_index: 0-4, as a number or a numeric string (PostHog converts it). */
function readGroupIndex(filter: Record<string, unknown>, path: string): number {
  const raw = readOwn(filter, 'group_type_index');
  const index = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (Number.isInteger(index) && (index as number) >= 0 && (index as number) <= 4) return index as number;
  throw new CompileError('invalid_operand', `${path}.group_type_index`, `expected a group type index 0-4, got ${previewValue(raw)}`);
}

const setMembership: Readonly<Record<string, typeof Op.IN | typeof Op.NOT_IN>> = {
  exact: Op.IN,
  in: Op.IN,
  is_not: Op.NOT_IN,
  not_in: Op.NOT_IN,
};
const conjunctiveOperators: readonly string[] = ['not_icontains', 'not_regex', 'is_not'];

/**
 * A filter's value against `from` with `operator`, expanding lists as PostHog does: one item
 * is unwrapped; several become strict (NOT) IN for exact/is_not/in/not_in, one multi-substring
 * search for (not_)icontains, and otherwise one test per item, ORed (ANDed for the negative
 * operators).
 */
export function compilePropertyValue(from: Source, operator: string, value: unknown, path: string, filter: FilterContext): Expr {
  const valuePath = `${path}.value`;
  if (operator === 'between' || operator === 'not_between' || !Array.isArray(value)) return compileSingleValue(from, operator, value, path, valuePath, filter);
  const items = value as Scalar[];
  if (items.length === 0) return ONE_EXPR;
  if (items.length === 1) return compileSingleValue(from, operator, items[0] ?? null, path, valuePath, filter);
  if (operator === 'icontains' || operator === 'not_icontains') {
    const needles = items.map((item, i) => {
      const needle = pythonStr(item);
      enforceLimit('maxPatternLength', needle.length, 'pattern length', `${valuePath}[${i}]`);
      return needle;
    });
    return test(operator === 'icontains' ? Op.ICONTAINS_ANY : Op.NOT_ICONTAINS_ANY, from, needles);
  }
  const membership = setMembership[operator];
  if (membership !== undefined) return test(membership, from, items);
  return expandEach(items, operator, path, filter, (item, itemPath) => compileSingleValue(from, operator, item, path, itemPath, filter));
}

/**
 * One test per list item, ORed, or ANDed for the negative operators, as PostHog builds it. A
 * null item makes PostHog build a filter without a value, which it refuses (except for
 * is_set / is_not_set, which ignore their value).
 */
export function expandEach(items: readonly Scalar[], operator: string, path: string, filter: FilterContext, compileItem: (item: Scalar, path: string) => Expr): Expr {
  const each = items.map((item, i) => {
    const itemPath = `${path}.value[${i}]`;
    if (item === null && operator !== 'is_set' && operator !== 'is_not_set') {
      throw new CompileError('invalid_operand', itemPath, `Value must be set for property type ${filter.type} & operator ${operator}`, true);
    }
    return compileItem(item, itemPath);
  });
  return { kind: 'combinator', op: conjunctiveOperators.includes(operator) ? Op.AND : Op.OR, items: each };
}

/**
 * `operator` applied to one value (or to the [min, max] pair of between / not_between).
 * `path` locates the filter, `valuePath` the value (or list item) being compiled.
 */
export function compileSingleValue(from: Source, operator: string, value: unknown, path: string, valuePath: string, filter: FilterContext): Expr {
  if (operator === 'between' || operator === 'not_between') return compileBetween(operator, from, value, valuePath);
  const compileOne = Object.hasOwn(propertyOperators, operator) ? propertyOperators[operator] : undefined;
  if (compileOne === undefined) {
    throw new CompileError('unknown_operator', `${path}.operator`, `PropertyOperator ${describeOperator(operator)} not implemented`, true);
  }
  return compileOne(from, value as Scalar, valuePath, filter.warnings);
}
