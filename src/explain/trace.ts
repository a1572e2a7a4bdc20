// The shape of an explanation: why an event does or does not match an action, step by step and
// condition by condition. Plain JSON data, so it can be logged, compared in tests or rendered.
import type { CompileErrorInfo, CompileWarning } from '../compile/errors.js';

/** Which part of a step a condition comes from. */
export type ConditionKind = 'event' | 'selector' | 'tag_name' | 'href' | 'text' | 'url' | 'property' | 'hogql';

/**
 * `pass` / `fail`: the condition holds or not. `ignored`: a filter PostHog drops (it compiles
 * to the integer 1: harmless beside other conditions, no match on its own). `not_applied`: an
 * element field on a step whose event is not `$autocapture`, which PostHog skips.
 */
export type ConditionOutcome = 'pass' | 'fail' | 'ignored' | 'not_applied';

/** `match`: the step holds. `no_match`: it does not. `ignored`: its value is PostHog's integer 1. */
export type StepOutcome = 'match' | 'no_match' | 'ignored';

export interface ConditionExplanation {
  readonly kind: ConditionKind;
  /** Where the condition is in the action: `steps[0].url`, `steps[1].properties[2]`. */
  readonly path: string;
  /** What is tested, for people: `URL ($current_url)`, `person property "plan"`. */
  readonly label: string;
  /** The operator or matching mode, defaults filled in (`contains` for a url without url_matching). */
  readonly operator: string;
  /** The value as the action gives it. */
  readonly expected: unknown;
  /** The value found in the event, rendered and truncated (`"https://…"`, `(not set)`); for a HogQL condition, the value it evaluated to. */
  readonly actual: string;
  readonly outcome: ConditionOutcome;
  /** Why a condition is ignored or not applied, else null. */
  readonly note: string | null;
  /** The first failing condition of its step. */
  readonly firstFailure: boolean;
}

export interface StepExplanation {
  readonly index: number;
  readonly outcome: StepOutcome;
  /** Conditions in the order of the action: event, selector, tag_name, href, text, url, filters. */
  readonly conditions: readonly ConditionExplanation[];
  /** Index in `conditions` of the first failing one, or null. */
  readonly firstFailure: number | null;
}

export interface MatchExplanation {
  /** The action's id, or null when it has none (createMatcher would not hold such an action). */
  readonly actionId: number | null;
  readonly actionName: string | null;
  /** The event's name, or null when it has none. */
  readonly eventName: string | null;
  /** Exactly what `createMatcher([action]).match(event)` answers for this action. */
  readonly matched: boolean;
  /** One line saying why. */
  readonly summary: string;
  /** Why the event cannot be matched at all, or null. */
  readonly eventProblem: string | null;
  /** Why the action does not compile, or null. */
  readonly bytecode_error: string | null;
  readonly error: CompileErrorInfo | null;
  readonly warnings: readonly CompileWarning[];
  /** Empty when the event is malformed, the action does not compile, is deleted or is a stored program. */
  readonly steps: readonly StepExplanation[];
}
