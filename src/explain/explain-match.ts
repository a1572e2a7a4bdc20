// explainMatch: the slow path beside the matcher's bare boolean. The verdict comes from the
// action's real compiled program, loaded and run exactly as createMatcher runs it; each step and
// each condition is compiled on its own by the compiler's functions and run by the same loader,
// so the breakdown is the engine's answer too, never a second reading of the rules.
import { encodeProgram } from '../bytecode/format.js';
import type { Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { compileWithLimits, readActionId } from '../compile/compile-action.js';
import { WarningSink } from '../compile/errors.js';
import { resolveLimits, withLimits, type Limits } from '../compile/limits.js';
import { optimize } from '../compile/optimize.js';
import { compileStep } from '../compile/steps.js';
import { bindEvent, createEventContext, describeEventProblem, type EventContext } from '../event/event-context.js';
import { isPlainObject, readOwn } from '../event/read-value.js';
import { isCompiledProgram, loadCompiled } from '../matcher/stored-program.js';
import { loadProgram } from '../vm/load-program.js';
import { describeActual } from './actual-value.js';
import { evaluateHogQLCondition } from './hogql-value.js';
import { planStep } from './plan-conditions.js';
import { summarize, withPlace } from './summarize.js';
import type { ConditionExplanation, MatchExplanation, StepExplanation } from './trace.js';

export interface ExplainOptions {
  /** Clock for relative dates, epoch milliseconds (as createMatcher's). Read at most once. */
  readonly now?: () => number;
  /** Explain a `deleted: true` action as createMatcher with `includeDeleted` would match it. */
  readonly includeDeleted?: boolean;
  /** Limits as createMatcher's; invalid limits give an explanation saying so. */
  readonly limits?: Partial<Limits>;
}

/** PostHog's three program values: true, false, and the integer 1 of an ignored filter. */
type Value = 'true' | 'false' | 'one';

/**
 * Explains why `event` does or does not match `action`: per step and per condition, what was
 * expected, what the event holds and whether it passed. `matched` is always what
 * `createMatcher([action], options).match(event)` answers (for an action without an integer id,
 * which createMatcher does not hold, the action is still evaluated). Never throws.
 */
export function explainMatch(action: unknown, event: unknown, options: ExplainOptions = {}): MatchExplanation {
  let base: Base = { actionId: null, actionName: null, eventName: null };
  try {
    base = { actionId: readActionId(action), actionName: readString(action, 'name'), eventName: readString(event, 'event') };
    return explain(action, event, options, base);
  } catch (caught) {
    return { ...emptyTrace(base), summary: `no match: the action or the event could not be read (${describeCaught(caught)})` };
  }
}

type Base = Pick<MatchExplanation, 'actionId' | 'actionName' | 'eventName'>;

function emptyTrace(base: Base): MatchExplanation {
  return { ...base, matched: false, summary: '', eventProblem: null, bytecode_error: null, error: null, warnings: [], steps: [] };
}

function explain(action: unknown, event: unknown, options: ExplainOptions, base: Base): MatchExplanation {
  let limits: Limits;
  try {
    limits = resolveLimits(options.limits);
  } catch (caught) {
    return { ...emptyTrace(base), summary: `no match: invalid options: ${caught instanceof Error ? caught.message : String(caught)}` };
  }
  const eventProblem = describeEventProblem(event);
  if (eventProblem !== null) return { ...emptyTrace(base), eventProblem, summary: `no match: the event cannot be matched: ${eventProblem}` };
  if (isPlainObject(action) && readOwn(action, 'deleted') === true && options.includeDeleted !== true) {
    return { ...emptyTrace(base), summary: 'no match: the action is deleted (deleted: true), and deleted actions never match' };
  }
  const context = createEventContext();
  if (!bindEvent(context, event, options.now ?? Date.now)) return { ...emptyTrace(base), eventProblem: 'the event could not be read', summary: 'no match: the event could not be read' };
  if (isPlainObject(action) && isCompiledProgram(action)) return explainStored(action, context, limits, base);

  const compiled = compileWithLimits(action, limits);
  const warnings = compiled.warnings;
  if (compiled.bytecode === null) {
    const message = compiled.bytecode_error ?? 'unknown error';
    return { ...emptyTrace(base), bytecode_error: message, error: compiled.error, warnings, summary: `no match: the action does not compile: ${withPlace(message, compiled.error?.path)}` };
  }
  const loaded = loadProgram(compiled.bytecode);
  if (!loaded.ok) return { ...emptyTrace(base), bytecode_error: loaded.error, warnings, summary: `no match: the program does not load: ${loaded.error}` };
  const matched = runSafely(() => loaded.predicate(context));
  let steps: StepExplanation[];
  try {
    const rawSteps = readOwn(action, 'steps');
    steps = Array.isArray(rawSteps) ? rawSteps.map((step, index) => explainStep(step, index, context, limits)) : [];
  } catch (caught) {
    // The verdict stands whatever happens to the breakdown: it is the program's answer.
    return { ...emptyTrace(base), matched, warnings, summary: `${matched ? 'match' : 'no match'} (no breakdown: ${describeCaught(caught)})` };
  }
  const trace: MatchExplanation = { ...emptyTrace(base), matched, warnings, steps };
  return { ...trace, summary: summarize(trace, loaded.root) };
}

/** A stored program `{id, bytecode}`: run as createMatcher loads it; there are no steps to show. */
function explainStored(action: Record<string, unknown>, context: EventContext, limits: Limits, base: Base): MatchExplanation {
  // The same checks and messages as createMatcher's, from the one loader of stored programs.
  const result = loadCompiled(action, limits);
  if (result.bytecode === null) {
    const message = result.bytecode_error ?? 'unknown error';
    return { ...emptyTrace(base), bytecode_error: message, error: result.error, summary: `no match: the stored program does not load: ${message}` };
  }
  const loaded = loadProgram(result.bytecode);
  const matched = loaded.ok && runSafely(() => loaded.predicate(context));
  return { ...emptyTrace(base), matched, summary: `${matched ? 'match' : 'no match'} (a stored program: no per-condition breakdown)` };
}

function explainStep(step: unknown, index: number, context: EventContext, limits: Limits): StepExplanation {
  const path = `steps[${index}]`;
  const record = isPlainObject(step) ? step : {};
  const planned = withLimits(limits, () => planStep(record, path));
  let firstFailure: number | null = null;
  const conditions = planned.map((plan, i): ConditionExplanation => {
    const hogql = plan.expr?.kind === 'hogql' ? evaluateHogQLCondition(plan.expr, context) : null;
    const value = plan.expr === null ? null : hogql !== null ? (hogql.truthy ? 'true' : 'false') : evaluate(plan.expr, context);
    const outcome = value === null ? 'not_applied' : value === 'one' ? 'ignored' : value === 'true' ? 'pass' : 'fail';
    if (outcome === 'fail' && firstFailure === null) firstFailure = i;
    const actual = hogql?.actual ?? describeActual(plan.reads ?? plan.expr, context);
    return { kind: plan.kind, path: plan.path, label: plan.label, operator: plan.operator, expected: plan.expected, actual, outcome, note: plan.note, firstFailure: firstFailure === i };
  });
  const stepValue = evaluate(withLimits(limits, () => compileStep(record, path, new WarningSink())), context);
  return { index, outcome: stepValue === 'true' ? 'match' : stepValue === 'one' ? 'ignored' : 'no_match', conditions, firstFailure };
}

/** One tree's value on the bound event, through the same encoder and loader as every program. */
function evaluate(expr: Expr, context: EventContext): Value {
  const root = optimize(expr);
  if (root.kind === 'constant') return root.op === Op.TRUE ? 'true' : root.op === Op.ONE ? 'one' : 'false';
  const loaded = loadProgram(encodeProgram(root));
  return loaded.ok && runSafely(() => loaded.predicate(context)) ? 'true' : 'false';
}

/** As the matcher guards each predicate: a failure is no match. */
function runSafely(run: () => boolean): boolean {
  try {
    return run();
  } catch {
    return false;
  }
}

/** `value[key]` when it is an own string property, else null. */
function readString(value: unknown, key: string): string | null {
  const text = readOwn(value, key);
  return typeof text === 'string' ? text : null;
}

function describeCaught(caught: unknown): string {
  return caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
}
