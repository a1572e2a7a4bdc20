// The one-line answer at the top of an explanation of an action that compiled.
import type { Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
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
  return `${condition.path} failed: expected ${condition.label} ${condition.operator} ${preview(condition.expected)}, got ${condition.actual}`;
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
