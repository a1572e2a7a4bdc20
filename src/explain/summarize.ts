// The one-line answer at the top of an explanation of an action that compiled.
import { preview } from '../bytecode/format.js';
import type { Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { escapeControls } from './actual-value.js';
import type { MatchExplanation, StepExplanation } from './trace.js';

/** Why the action matched or not, naming the deciding step or the first failing conditions. */
export function summarize(trace: MatchExplanation, root: Expr): string {
  if (root.kind === 'constant' && root.op === Op.TRUE && trace.steps.length === 0) return 'match: the action has no steps, so every event matches';
  if (root.kind === 'constant' && root.op === Op.ONE) {
    return "no match: the action's only condition is a filter PostHog ignores (it evaluates to the integer 1, which is not a match)";
  }
  if (trace.matched) {
    const step = trace.steps.find((candidate) => candidate.outcome === 'match') ?? trace.steps.find((candidate) => candidate.outcome === 'ignored');
    if (step === undefined) return 'match';
    // PostHog ORs the steps, and its integer 1 is truthy there: an ignored-only step decides.
    if (step.outcome === 'match') return step.conditions.length === 0 ? `match: steps[${step.index}] has no conditions, so every event matches` : `match: steps[${step.index}] holds`;
    return `match: steps[${step.index}] is only an ignored filter, whose integer 1 makes the OR of the steps true`;
  }
  const failures = trace.steps.map(describeFailure);
  return trace.steps.length === 1 ? `no match: ${failures[0] ?? ''}` : `no match: no step holds (${failures.join('; ')})`;
}

function describeFailure(step: StepExplanation): string {
  const condition = step.firstFailure === null ? undefined : step.conditions[step.firstFailure];
  if (condition === undefined) return `steps[${step.index}] does not hold`;
  const expected = isValueless(condition.operator) ? '' : ` ${escapeControls(preview(condition.expected, SUMMARY_VALUE_LENGTH))}`;
  return `${condition.path} failed: expected ${condition.label} ${condition.operator}${expected}, got ${shorten(condition.actual)}`;
}

/** `is_set` and `is_not_set` ignore the filter's value, so an explanation does not show it. */
export function isValueless(operator: string): boolean {
  return operator === 'is_set' || operator === 'is_not_set';
}

/** Values in the one-line summary are cut shorter than in the condition lines below it. */
const SUMMARY_VALUE_LENGTH = 80;

function shorten(text: string): string {
  return text.length > SUMMARY_VALUE_LENGTH ? `${text.slice(0, SUMMARY_VALUE_LENGTH - 1)}…` : text;
}

/** A compile message with where it is in the action, unless the message already says so. */
export function withPlace(message: string, path: string | undefined): string {
  return path === undefined || path === '' || message.includes(path) ? message : `${message} (at ${path})`;
}
