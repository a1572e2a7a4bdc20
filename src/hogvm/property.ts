// property_to_expr (posthog/hogql/property.py) in event scope, for the property filters of an
// action step. A filter dict first becomes PostHog's `Property`; a dict Property() rejects
// (no key, no value, an unknown type, a group filter without its index) is the constant 1.
// Lists of values expand as PostHog expands them, including its per-value recursion that builds
// `Property(...)` directly, where a null item is an uncaught ValueError rather than an ignored
// filter.
import { and, arrayExists, call, constant, field, or, tuple, compare, type Expr } from './ast.js';
import { arrayItem, exprToCompareOp, type CompareContext } from './compare-op.js';
import { selectorToExpr, tagNameToExpr } from './element-exprs.js';
import { hogqlError, pythonError, unsupported } from './errors.js';
import { hogqlFilterExpr } from './hogql-filter.js';
import { isTruthy, pythonInt, pythonIntFromString, pythonRepr, pythonStr, pythonTypeName } from '../compile/python-values.js';

export interface PropertyContext {
  readonly nowMs: number;
}

/** PostHog's `Property` after construction. */
interface Property {
  readonly type: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly operator: unknown;
  readonly groupTypeIndex: number | null;
}

/** A ValueError / TypeError from Property(): the dict path ignores the filter, the rest raise. */
class ConstructionError extends Error {}

/** VALIDATE_PROP_TYPES: the types Property() accepts and the attributes each requires. */
const requiredAttributes: Readonly<Record<string, readonly string[]>> = {
  event: ['key', 'value'],
  event_metadata: ['key', 'value'],
  person: ['key', 'value'],
  data_warehouse: ['key', 'value'],
  data_warehouse_person_property: ['key', 'value'],
  error_tracking_issue: ['key', 'value'],
  cohort: ['key', 'value'],
  element: ['key', 'value'],
  'static-cohort': ['key', 'value'],
  'dynamic-cohort': ['key', 'value'],
  'precalculated-cohort': ['key', 'value'],
  group: ['key', 'value', 'group_type_index'],
  recording: ['key', 'value'],
  log_entry: ['key', 'value'],
  log: ['key', 'value'],
  flag: ['key', 'value'],
  revenue_analytics: ['key', 'value'],
  behavioral: ['key', 'value'],
  session: ['key', 'value'],
  hogql: ['key'],
};

const cohortTypes: readonly string[] = ['cohort', 'static-cohort', 'precalculated-cohort'];
const exceptionArrayKeys: readonly unknown[] = ['$exception_types', '$exception_values', '$exception_sources', '$exception_functions'];
const negativeOperators: readonly unknown[] = ['not_icontains', 'not_regex', 'is_not'];

function readField(source: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(source, name) ? source[name] : null;
}

/** `validate_group_type_index`: a DRF ValidationError, which property_to_expr does not catch. */
function validateGroupTypeIndex(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const index = pythonInt(value);
  if (index === null || index < 0n || index >= 5n) throw pythonError('group_type_index is required to be at least 0 and less than 5');
  return Number(index);
}

/** `Property(**fields)`. Throws ConstructionError where Python raises ValueError or TypeError. */
function constructProperty(fields: Record<string, unknown>): Property {
  if (!Object.hasOwn(fields, 'key')) throw new ConstructionError("Property.__init__() missing 1 required positional argument: 'key'");
  const key = fields['key'] ?? null;
  const operator = readField(fields, 'operator');
  const rawType = readField(fields, 'type');
  const groupTypeIndex = validateGroupTypeIndex(readField(fields, 'group_type_index'));
  const type = isTruthy(rawType) ? rawType : 'event';
  let value = readField(fields, 'value');
  if (value === null && (operator === 'is_set' || operator === 'is_not_set')) value = operator;
  else if (value === null && type !== 'hogql') {
    throw new ConstructionError(`Value must be set for property type ${pythonStr(type)} & operator ${pythonStr(operator)}`);
  }
  if (typeof type !== 'string' || !Object.hasOwn(requiredAttributes, type)) throw new ConstructionError(`Invalid property type: ${pythonStr(type)}`);
  const present: Readonly<Record<string, boolean>> = { key: key !== null, value: value !== null, group_type_index: groupTypeIndex !== null };
  for (const attribute of requiredAttributes[type] ?? []) {
    if (!present[attribute]) throw new ConstructionError(`Missing required attr ${attribute} for property type ${type} with key ${pythonStr(key)}`);
  }
  return { type, key, value, operator, groupTypeIndex };
}

/** The same filter with one of its values, as PostHog's list expansion rebuilds it. */
function withValue(property: Property, value: unknown): Property {
  try {
    return constructProperty({ type: property.type, key: property.key, operator: property.operator, group_type_index: property.groupTypeIndex, value });
  } catch (caught) {
    if (caught instanceof ConstructionError) throw pythonError(caught.message);
    throw caught;
  }
}

/** Expands a list value one filter per item, ANDed for the negative operators, else ORed. */
function expandEach(property: Property, values: readonly unknown[], context: PropertyContext): Expr {
  const exprs = values.map((value) => propertyFromObject(withValue(property, value), context));
  return negativeOperators.includes(property.operator) ? and(exprs) : or(exprs);
}

/** `map_virtual_properties`: `properties.$virt_x` is a field of the table itself. */
function mapVirtualProperties(chain: readonly unknown[]): Expr {
  const last = chain[chain.length - 1];
  if (chain.length >= 2 && chain[chain.length - 2] === 'properties' && typeof last === 'string' && last.startsWith('$virt')) {
    return field(...chain.slice(0, -2), last);
  }
  return field(...chain);
}

/** Event, person and group filters: a field of the filter globals against the value. */
function fieldFilter(property: Property, context: PropertyContext): Expr {
  const operator = isTruthy(property.operator) ? property.operator : 'exact';
  const { key, type } = property;
  let value = property.value;
  const compareContext: CompareContext = { key, nowMs: context.nowMs };
  // PostHog's newest compiler reads a person's distinct_id from the event (its tests pin
  // `distinct_id = 'abc'`); the person's properties never hold it.
  const chain = type === 'person' ? ['person', 'properties'] : type === 'group' ? [`group_${property.groupTypeIndex}`, 'properties'] : ['properties'];
  let base: readonly unknown[];
  if (type === 'person' && key === 'distinct_id') base = ['distinct_id'];
  else if (type === 'event' && key === '$elements_chain') base = ['elements_chain'];
  else base = key === '' ? chain : [...chain, key];
  const expr = mapVirtualProperties(base);
  const isExceptionArray = type === 'event' && exceptionArrayKeys.includes(key);
  const wrap = (compareExpr: Expr): Expr => {
    if (!isExceptionArray) return compareExpr;
    const extracted = call('JSONExtract', call('ifNull', field(...base), constant('')), constant('Array(String)'));
    return arrayExists('v', compareExpr, extracted);
  };
  const subject = isExceptionArray ? arrayItem() : expr;
  if (Array.isArray(value) && !['between', 'not_between', 'icontains', 'not_icontains'].includes(operator as string)) {
    if (value.length === 0) return constant(1);
    if (value.length === 1) value = value[0];
    else if (['exact', 'is_not', 'in', 'not_in'].includes(operator as string)) {
      const op = operator === 'exact' || operator === 'in' ? 'in' : 'not_in';
      return wrap(compare(op, subject, tuple(value.map((item) => constant(item)))));
    } else return expandEach(property, value, context);
  }
  return wrap(exprToCompareOp(subject, value, operator, compareContext));
}

/** Element filters: selector, tag_name, href and text of the elements chain. */
function elementFilter(property: Property, context: PropertyContext): Expr {
  const operator = isTruthy(property.operator) ? property.operator : 'exact';
  const { key } = property;
  let value = property.value;
  if (Array.isArray(value)) {
    // An empty list expands to OR of nothing (false) or AND of nothing (true), as in PostHog.
    if (value.length !== 1) return expandEach(property, value, context);
    value = value[0];
  }
  const compareContext: CompareContext = { key, nowMs: context.nowMs };
  if (key === 'selector' || key === 'tag_name') {
    if (operator !== 'exact' && operator !== 'is_not') {
      throw hogqlError(`property_to_expr for element ${key} only supports exact and is_not operators, not ${pythonStr(operator)}`);
    }
    const expr = key === 'selector' ? selectorToExpr(pythonStr(value)) : tagNameToExpr(pythonStr(value));
    return operator === 'is_not' ? call('not', expr) : expr;
  }
  if (key === 'href') return exprToCompareOp(field('elements_chain_href'), value, operator, compareContext);
  if (key === 'text') {
    return arrayExists('text', exprToCompareOp(field('text'), value, operator, compareContext), field('elements_chain_texts'));
  }
  throw hogqlError(`property_to_expr for type element not implemented for key ${pythonStr(key)}`);
}

/** A cohort filter needs PostHog's database; we assume the cohort exists, so its id is the value. */
function cohortFilter(property: Property): Expr {
  const { value } = property;
  if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isSafeInteger(value))) {
    throw pythonError('Cohort property value must be a cohort ID');
  }
  const id = typeof value === 'string' ? pythonIntFromString(value) : pythonInt(value);
  if (id === null) throw pythonError(`Field 'id' expected a number but got ${pythonRepr(value)}.`);
  const negated = property.operator === 'not_in';
  return compare(negated ? 'not_in_cohort' : 'in_cohort', field('person_id'), constant(Number(id)));
}

const fieldTypes: readonly string[] = ['event', 'person', 'group'];
/** Types PostHog handles with tables or sessions: not reproduced here. */
const unsupportedTypes: readonly string[] = [
  'event_metadata',
  'behavioral',
  'data_warehouse',
  'data_warehouse_person_property',
  'session',
  'recording',
  'log_entry',
  'error_tracking_issue',
  'log',
];

function propertyFromObject(property: Property, context: PropertyContext): Expr {
  const { type } = property;
  if (fieldTypes.includes(type)) return fieldFilter(property, context);
  if (type === 'element') return elementFilter(property, context);
  if (cohortTypes.includes(type)) return cohortFilter(property);
  if (type === 'hogql') return hogqlFilterExpr(property.key);
  if (type === 'revenue_analytics') throw hogqlError("The 'revenue_analytics' property filter does not work in 'event' scope");
  // PostHog evaluates flag dependencies elsewhere and leaves a neutral 1 in the expression.
  if (type === 'flag') return constant(1);
  if (unsupportedTypes.includes(type)) throw unsupported(`toHogBytecode does not support property filters of type "${type}"`);
  throw hogqlError(`property_to_expr not implemented for filter type Property and ${type}`);
}

/** `property_to_expr(property, team)` for a step's `properties` (a list, a dict, or junk). */
export function propertyToExpr(property: unknown, context: PropertyContext): Expr {
  if (Array.isArray(property)) {
    const exprs = property.map((item) => propertyToExpr(item, context));
    if (exprs.length === 0) return constant(1);
    if (exprs.length === 1 && exprs[0] !== undefined) return exprs[0];
    return and(exprs);
  }
  if (property === null || typeof property !== 'object') {
    throw hogqlError(`property_to_expr with property of type ${pythonTypeName(property)} not implemented`);
  }
  let constructed: Property;
  try {
    constructed = constructProperty(property as Record<string, unknown>);
  } catch (caught) {
    // PostHog: "The property was saved as an incomplete object. Instead of crashing the entire
    // query, pretend it's not there."
    if (caught instanceof ConstructionError) return constant(1);
    throw caught;
  }
  return propertyFromObject(constructed, context);
}
