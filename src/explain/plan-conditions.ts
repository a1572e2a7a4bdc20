// Splits one step of an action that compiled into its conditions, each compiled on its own by
// the compiler's own functions (a sub-step holding just that field), so that each condition's
// pass/fail is decided by the engine, not by a re-implementation. Only used on actions whose
// whole compilation succeeded: the sub-steps cannot fail where the whole did not.
import type { Expr } from '../bytecode/ir.js';
import { compileElementFields } from '../compile/element-fields.js';
import { WarningSink } from '../compile/errors.js';
import { pythonStr } from '../compile/python-values.js';
import { AUTOCAPTURE_EVENT, compileStep } from '../compile/steps.js';
import { isPlainObject, readOwn } from '../event/read-value.js';
import { quote } from './actual-value.js';
import type { ConditionKind } from './trace.js';

/** One condition of a step before it meets an event. */
export interface PlannedCondition {
  readonly kind: ConditionKind;
  readonly path: string;
  readonly label: string;
  readonly operator: string;
  readonly expected: unknown;
  /** The condition's program tree, or null when PostHog does not apply it (element fields off autocapture). */
  readonly expr: Expr | null;
  /** What to show as the event's value when `expr` reads nothing (a filter that can never compare). */
  readonly reads: Expr | null;
  readonly note: string | null;
}

const elementFieldOrder = ['selector', 'tag_name', 'href', 'text'] as const;
type ElementField = (typeof elementFieldOrder)[number];

/** The conditions of `step` in the order PostHog ANDs them: event, element fields, url, filters. */
export function planStep(step: Record<string, unknown>, path: string): PlannedCondition[] {
  const planned: PlannedCondition[] = [];
  const event = readOwn(step, 'event');
  if (typeof event === 'string' && event !== '') {
    planned.push(condition('event', `${path}.event`, 'event name', 'exact', event, compileAlone({ event }, path)));
  }
  for (const field of elementFieldOrder) {
    const value = readOwn(step, field);
    if (field === 'selector' ? !value : value === null) continue;
    planned.push(planElementField(step, field, value, path, event === AUTOCAPTURE_EVENT));
  }
  const url = readOwn(step, 'url');
  if (typeof url === 'string' && url !== '') {
    const operator = readOwn(step, 'url_matching') ?? 'contains';
    planned.push(condition('url', `${path}.url`, 'URL ($current_url)', String(operator), url, compileAlone({ url, url_matching: readOwn(step, 'url_matching') }, path)));
  }
  const filters = readOwn(step, 'properties');
  if (Array.isArray(filters)) filters.forEach((filter, i) => planned.push(planFilter(filter, `${path}.properties[${i}]`, path)));
  return planned;
}

function condition(kind: ConditionKind, path: string, label: string, operator: string, expected: unknown, expr: Expr | null, note: string | null = null, reads: Expr | null = null): PlannedCondition {
  return { kind, path, label, operator, expected, expr, note, reads };
}

/** Compiles a sub-step holding one field with the step compiler. */
function compileAlone(subStep: Record<string, unknown>, path: string): Expr {
  return compileStep(subStep, path, new WarningSink());
}

const elementLabels: Readonly<Record<ElementField, string>> = {
  selector: 'selector (some element)',
  tag_name: 'tag name (some element)',
  href: 'link (first href of the chain)',
  text: 'text (some element)',
};

function planElementField(step: Record<string, unknown>, field: ElementField, value: unknown, path: string, applies: boolean): PlannedCondition {
  const matchingKey = `${field}_matching`;
  const operator = field === 'selector' ? 'matches' : field === 'tag_name' ? 'exact' : String(readOwn(step, matchingKey) ?? 'exact');
  const fieldPath = `${path}.${field}`;
  if (!applies) {
    const note = `not applied: element fields apply only to steps whose event is "${AUTOCAPTURE_EVENT}"`;
    return condition(field, fieldPath, elementLabels[field], operator, value, null, note);
  }
  const subStep: Record<string, unknown> = { [field]: value };
  if (field === 'href' || field === 'text') subStep[matchingKey] = readOwn(step, matchingKey);
  const [expr] = compileElementFields(subStep, path);
  return condition(field, fieldPath, elementLabels[field], operator, value, expr ?? null);
}

function planFilter(filter: unknown, path: string, stepPath: string): PlannedCondition {
  const warnings = new WarningSink();
  const expr = compileStep({ properties: [filter] }, stepPath, warnings);
  // An ignored filter, or a value that can never compare (an unparseable date): the compiler says why.
  const [warning] = warnings.warnings;
  const note = warning === undefined ? null : warning.message.slice(warning.path.length + 2);
  const record = isPlainObject(filter) ? filter : {};
  // A HogQL condition is shown as written; its value is what it evaluated to.
  if (readOwn(record, 'type') === 'hogql') return condition('hogql', path, 'HogQL expression', 'hogql', readOwn(record, 'key'), expr, note);
  const operator = readOwn(record, 'operator') ?? 'exact';
  const reads = expr.kind === 'constant' ? valueReaderOf(record, stepPath) : null;
  const value = readOwn(record, 'value');
  return condition('property', path, describeFilter(record), String(operator), value, expr, note ?? describeObjectValue(String(operator), value), reads);
}

/**
 * An object in an ILIKE filter's value is searched for as its Python form (SEMANTICS.md §9),
 * which the JSON shown as the expected value does not reveal.
 */
function describeObjectValue(operator: string, value: unknown): string | null {
  if (!operator.includes('icontains')) return null;
  const objects = (Array.isArray(value) ? value : [value]).filter((item): item is object => item !== null && typeof item === 'object');
  if (objects.length === 0) return null;
  return `searched for as ${objects.map((item) => pythonStr(item)).join(', ')}, the Python form PostHog compares`;
}

/**
 * A tree reading the filter's key, for a filter whose own tree is a constant (a date that never
 * parses is always false): the same filter as `is_set`, so the event's value is still shown.
 */
function valueReaderOf(filter: Record<string, unknown>, stepPath: string): Expr | null {
  try {
    const expr = compileStep({ properties: [{ ...filter, operator: 'is_set' }] }, stepPath, new WarningSink());
    return expr.kind === 'constant' ? null : expr;
  } catch {
    return null;
  }
}

/** `event property "plan"`, `person property "email"`, `group 0 property "name"`, `element text`. */
function describeFilter(filter: Record<string, unknown>): string {
  const type = readOwn(filter, 'type') ?? 'event';
  const key = readOwn(filter, 'key');
  if (typeof key !== 'string') return `${String(type)} filter without a key`;
  const quoted = quote(key);
  if (type === 'person') return key === 'distinct_id' ? 'distinct_id' : `person property ${quoted}`;
  if (type === 'group') {
    const index = readOwn(filter, 'group_type_index');
    return index === null || index === undefined ? `group property ${quoted} (no group_type_index)` : `group ${String(index)} property ${quoted}`;
  }
  if (type === 'element') return `element ${key}`;
  return key === '$elements_chain' ? 'elements chain ($elements_chain)' : `event property ${quoted}`;
}
