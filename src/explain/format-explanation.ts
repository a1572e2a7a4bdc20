// The text rendering of an explanation, for terminals and test failure messages: a headline,
// the one-line summary, then each step and each of its conditions with what was expected and
// what the event holds. ANSI colour only when asked for.
import { quote, renderValue } from './actual-value.js';
import { isValueless, withPlace } from './summarize.js';
import type { ConditionExplanation, ConditionOutcome, MatchExplanation, StepExplanation } from './trace.js';

export interface FormatOptions {
  /** Colour the marks with ANSI escapes (default false). */
  readonly color?: boolean;
}

/** Warnings the step lines and the summary already tell. */
const shownInline: readonly string[] = ['ignored_filter', 'ignored_element_field', 'never_matches'];

type Paint = (text: string, code: number) => string;

const marks: Readonly<Record<ConditionOutcome, { mark: string; code: number }>> = {
  pass: { mark: '✓', code: 32 },
  fail: { mark: '✗', code: 31 },
  ignored: { mark: '~', code: 33 },
  not_applied: { mark: '-', code: 2 },
};

/** Renders `trace` as indented lines of text, without a final newline. */
export function formatExplanation(trace: MatchExplanation, options: FormatOptions = {}): string {
  const paint: Paint = options.color === true ? (text, code) => `\u001b[${code}m${text}\u001b[0m` : (text) => text;
  const lines = [headline(trace, paint)];
  // A malformed event or a compile error is the whole story, told by the headline.
  if (trace.eventProblem === null && trace.bytecode_error === null) lines.push(`  ${trace.summary}`);
  for (const step of trace.steps) lines.push(...formatStep(step, paint));
  for (const warning of trace.warnings) {
    if (!shownInline.includes(warning.code)) lines.push(paint(`  warning: ${warning.message}`, 2));
  }
  return lines.join('\n');
}

/** `action 101 "Viewed pricing page"`: the id (`(no id)` when there is none), then the name if any. */
export function describeAction(trace: MatchExplanation): string {
  return `action ${trace.actionId ?? '(no id)'}${trace.actionName === null ? '' : ` ${quote(trace.actionName)}`}`;
}

function headline(trace: MatchExplanation, paint: Paint): string {
  const action = describeAction(trace);
  const event = trace.eventName === null ? 'the event' : `event ${quote(trace.eventName)}`;
  if (trace.eventProblem !== null) return `${paint('✗', 31)} ${event} cannot be matched: ${trace.eventProblem}`;
  if (trace.bytecode_error !== null) return `${paint('✗', 31)} ${action} does not compile: ${withPlace(trace.bytecode_error, trace.error?.path)}`;
  return trace.matched ? `${paint('✓', 32)} ${event} matches ${action}` : `${paint('✗', 31)} ${event} does not match ${action}`;
}

function formatStep(step: StepExplanation, paint: Paint): string[] {
  const state = step.outcome === 'match' ? paint('✓ holds', 32) : step.outcome === 'ignored' ? paint('~ ignored filter only (integer 1)', 33) : paint('✗ does not hold', 31);
  const lines = [`  steps[${step.index}] ${state}`];
  if (step.conditions.length === 0) lines.push('    (no conditions: every event)');
  for (const condition of step.conditions) lines.push(formatCondition(condition, paint));
  return lines;
}

function formatCondition(condition: ConditionExplanation, paint: Paint): string {
  const { mark, code } = marks[condition.outcome];
  const head = `    ${paint(mark, code)} ${condition.label}: `;
  if (condition.outcome === 'ignored') return head + paint(condition.note ?? 'ignored, as PostHog does', 2);
  let line = head + condition.operator + (isValueless(condition.operator) ? '' : ` ${renderExpected(condition.expected)}`);
  if (condition.outcome === 'not_applied') return line + paint(` (${condition.note ?? 'not applied'})`, 2);
  line += `, got ${condition.actual}`;
  if (condition.note !== null) line += paint(` (${condition.note})`, 2);
  if (condition.firstFailure) line += paint('  <- first failure', 31);
  return line;
}

/** The expected value as JSON; a missing value shows as null, which is how the action wrote it. */
function renderExpected(value: unknown): string {
  return value === null || value === undefined ? 'null' : renderValue(value);
}
