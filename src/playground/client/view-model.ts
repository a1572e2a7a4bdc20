// What the page shows for one answer, as plain data: the verdict, each step and condition with
// its mark, the located errors. No DOM here, so the same reading of an answer is tested in Node
// on the conformance cases and rendered in the browser (render.ts).
import type { ConditionExplanation, ConditionOutcome, MatchExplanation, StepExplanation } from '../../explain/trace.js';
import type { LocatedPath, PlaygroundAnswer, ReadText, TextSpan } from '../protocol.js';

export type VerdictState = 'match' | 'no_match' | 'error' | 'input';

export interface VerdictView {
  readonly state: VerdictState;
  /** explainMatch's `matched`, or null when nothing was explained (an input is not JSON). */
  readonly matched: boolean | null;
  readonly text: string;
}

export interface ConditionView {
  readonly path: string;
  readonly kind: ConditionExplanation['kind'];
  readonly outcome: ConditionOutcome;
  /** A mark for the eye, with `outcomeText` saying the same in words. */
  readonly mark: string;
  readonly outcomeText: string;
  readonly label: string;
  readonly operator: string;
  /** The action's value as JSON, or '' for an operator that takes none (is_set). */
  readonly expected: string;
  /** What the event holds; for a selector, the element path it was compared with. */
  readonly actual: string;
  /** `Path compared` for a selector, `Actual` otherwise. */
  readonly actualLabel: string;
  readonly note: string | null;
  readonly firstFailure: boolean;
  readonly at: LocatedPath | null;
}

export interface StepView {
  readonly title: string;
  readonly outcome: StepExplanation['outcome'];
  readonly mark: string;
  readonly outcomeText: string;
  readonly conditions: readonly ConditionView[];
}

/** A problem pointed at in an editor's text: the message and the marked line. */
export interface LocatedView {
  readonly message: string;
  readonly at: TextSpan | null;
  readonly excerpt: Excerpt | null;
}

export interface Excerpt {
  readonly line: number;
  readonly column: number;
  readonly before: string;
  readonly marked: string;
  readonly after: string;
}

export interface AnswerView {
  readonly verdict: VerdictView;
  readonly summary: string;
  readonly actionProblem: LocatedView | null;
  readonly eventProblem: LocatedView | null;
  readonly nowProblem: string | null;
  readonly compileError: LocatedView | null;
  readonly steps: readonly StepView[];
  readonly warnings: readonly LocatedView[];
  readonly disassembly: string;
  readonly hogvm: string;
  readonly text: string;
}

const outcomes: Readonly<Record<ConditionOutcome, { mark: string; text: string }>> = {
  pass: { mark: '✓', text: 'passes' },
  fail: { mark: '✗', text: 'fails' },
  ignored: { mark: '~', text: 'ignored' },
  not_applied: { mark: '–', text: 'not applied' },
};

const stepOutcomes: Readonly<Record<StepExplanation['outcome'], { mark: string; text: string }>> = {
  match: { mark: '✓', text: 'holds' },
  no_match: { mark: '✗', text: 'does not hold' },
  ignored: { mark: '~', text: 'only an ignored filter (the integer 1)' },
};

/** Reads `answer` for display; `actionText` and `eventText` are the texts it answers. */
export function viewAnswer(answer: PlaygroundAnswer, actionText: string, eventText: string): AnswerView {
  const explanation = answer.explanation;
  const actionProblem = readProblem(answer.action, actionText);
  const eventProblem = readProblem(answer.event, eventText);
  const nowProblem = answer.now.ok ? null : answer.now.message;
  // The message is explainMatch's; the place is the compile error's (a program that compiles but
  // does not load has no place in the text).
  const bytecodeError = explanation?.bytecode_error ?? null;
  const compileProblem = answer.problems.find((problem) => !isWarning(problem.code));
  const compileError = bytecodeError === null ? null : locate(bytecodeError, compileProblem?.at ?? null, actionText);
  return {
    verdict: viewVerdict(explanation, actionProblem !== null, eventProblem !== null || nowProblem !== null),
    summary: explanation?.summary ?? '',
    actionProblem,
    eventProblem,
    nowProblem,
    compileError,
    steps: explanation === null ? [] : explanation.steps.map((step) => viewStep(step, answer.locations)),
    warnings: answer.problems.filter((problem) => isWarning(problem.code)).map((problem) => locate(problem.message, problem.at, actionText)),
    disassembly: answer.disassembly ?? (explanation?.bytecode_error ? `(no program: ${explanation.bytecode_error})` : '(no program: the action is not JSON)'),
    hogvm: answer.hogvm === null ? '(the action is not JSON)' : answer.hogvm.bytecode === null ? `(PostHog's compiler fails: ${answer.hogvm.bytecode_error ?? 'unknown error'})` : JSON.stringify(answer.hogvm.bytecode),
    text: answer.text ?? '',
  };
}

function isWarning(code: string): boolean {
  return code === 'ignored_element_field' || code === 'ignored_filter' || code === 'never_matches';
}

function viewVerdict(explanation: MatchExplanation | null, actionUnreadable: boolean, eventUnreadable: boolean): VerdictView {
  if (explanation === null) {
    const which = actionUnreadable && eventUnreadable ? 'the action and the event' : actionUnreadable ? 'the action' : 'the event';
    return { state: 'input', matched: null, text: `No answer yet: ${which} cannot be read (see below)` };
  }
  const action = `action ${explanation.actionId ?? '(no id)'}${explanation.actionName === null ? '' : ` ${JSON.stringify(explanation.actionName)}`}`;
  const event = explanation.eventName === null ? 'the event' : `event ${JSON.stringify(explanation.eventName)}`;
  if (explanation.eventProblem !== null) return { state: 'error', matched: explanation.matched, text: `No match: ${event} cannot be matched: ${explanation.eventProblem}` };
  if (explanation.bytecode_error !== null) return { state: 'error', matched: explanation.matched, text: `No match: ${action} does not compile` };
  return explanation.matched
    ? { state: 'match', matched: true, text: `Match: ${event} matches ${action}` }
    : { state: 'no_match', matched: false, text: `No match: ${event} does not match ${action}` };
}

function viewStep(step: StepExplanation, locations: PlaygroundAnswer['locations']): StepView {
  const shown = stepOutcomes[step.outcome];
  return { title: `steps[${step.index}]`, outcome: step.outcome, mark: shown.mark, outcomeText: shown.text, conditions: step.conditions.map((condition) => viewCondition(condition, locations[condition.path] ?? null)) };
}

function viewCondition(condition: ConditionExplanation, at: LocatedPath | null): ConditionView {
  const shown = outcomes[condition.outcome];
  const valueless = condition.operator === 'is_set' || condition.operator === 'is_not_set';
  return {
    path: condition.path,
    kind: condition.kind,
    outcome: condition.outcome,
    mark: shown.mark,
    outcomeText: shown.text,
    label: condition.label,
    operator: condition.operator,
    expected: valueless ? '' : renderExpected(condition.expected),
    actual: condition.outcome === 'not_applied' || condition.outcome === 'ignored' ? '' : condition.actual,
    actualLabel: condition.kind === 'selector' ? 'Path compared' : 'Actual',
    note: condition.note,
    firstFailure: condition.firstFailure,
    at,
  };
}

/** The expected value as JSON; a missing value shows as null, as the action wrote it. */
function renderExpected(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function readProblem(read: ReadText, text: string): LocatedView | null {
  return read.ok ? null : locate(read.message, read.at, text);
}

function locate(message: string, at: TextSpan | null, text: string): LocatedView {
  return { message, at, excerpt: at === null ? null : excerptOf(text, at) };
}

/** Longest part of a line shown on either side of a marked span. */
const EXCERPT_CONTEXT = 60;

/** The line holding the start of `span`, cut around it, with the span's part of that line marked. */
export function excerptOf(text: string, span: TextSpan): Excerpt {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const lineEndAt = text.indexOf('\n', span.start);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  const markEnd = Math.max(span.start, Math.min(span.end, lineEnd));
  const beforeStart = Math.max(lineStart, span.start - EXCERPT_CONTEXT);
  const afterEnd = Math.min(lineEnd, markEnd + EXCERPT_CONTEXT);
  return {
    line: span.line,
    column: span.column,
    before: (beforeStart > lineStart ? '…' : '') + text.slice(beforeStart, span.start),
    // An error at the very end of the text marks nothing: a space shows where.
    marked: text.slice(span.start, markEnd) || ' ',
    after: text.slice(markEnd, afterEnd) + (afterEnd < lineEnd ? '…' : ''),
  };
}
