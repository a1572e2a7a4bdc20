// `actionmatch/vitest`: assertions on analytics events in vitest. Importing this module
// registers the matchers with vitest's `expect`; `actionMatchers` is exported too, for an
// explicit `expect.extend(actionMatchers)`. Failure messages are the text explanation of
// explainMatch, so a failing test says which step and which condition did not hold.
import { expect, type MatcherState } from 'vitest';
import { describeKind, isPlainObject } from '../event/read-value.js';
import { explainMatch, type ExplainOptions } from '../explain/explain-match.js';
import { hogqlReady } from '../hogql/parser.js';
import { describeAction, formatExplanation } from '../explain/format-explanation.js';

// Matchers compile actions synchronously: the HogQL parser is ready before any test runs.
await hogqlReady;

export { explainMatch, type ExplainOptions } from '../explain/explain-match.js';
export { formatExplanation, type FormatOptions } from '../explain/format-explanation.js';
export type { ConditionExplanation, ConditionKind, ConditionOutcome, MatchExplanation, StepExplanation, StepOutcome } from '../explain/trace.js';
export { autocapture, customEvent, pageview, type AutocaptureOptions, type EventOverrides, type FixtureEvent } from './fixtures.js';

/** The matchers this module adds to `expect(event)`. */
export interface ActionMatchers<R = unknown> {
  /** The event matches `action` (an Actions API object), as createMatcher would answer. */
  toMatchAction(action: unknown, options?: ExplainOptions): R;
  /**
   * The event matches every action of `actions`; the failure names each one it does not match.
   * `.not` passes when at least one of them does not match (not "matches none of them").
   */
  toMatchActions(actions: readonly unknown[], options?: ExplainOptions): R;
}

declare module 'vitest' {
  // The type parameter must be declared exactly as vitest declares it (`T = any`) for the merge
  // to apply; it is not used here.
  interface Matchers<T = any> extends ActionMatchers<void> {}
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * A missing action is a mistake in the test (a lookup that found nothing), not an action that
 * does not match: it throws, so that `.not` cannot turn it into a passing assertion.
 */
function requireAction(matcher: string, action: unknown, index?: number): void {
  if (isPlainObject(action)) return;
  const kind = describeKind(action);
  const got = kind === 'array' ? 'an array' : kind;
  const what = index === undefined ? `got ${got}` : `actions[${index}] is ${got}`;
  throw new TypeError(`${matcher} needs action objects as PostHog's Actions API returns them; ${what}`);
}

/** The matcher implementations, for `expect.extend(actionMatchers)`. */
export const actionMatchers = {
  toMatchAction(this: MatcherState, received: unknown, action: unknown, options?: ExplainOptions): MatcherResult {
    requireAction('toMatchAction', action);
    const trace = explainMatch(action, received, options);
    return {
      pass: trace.matched,
      message: () =>
        this.isNot
          ? `expected the event not to match ${describeAction(trace)}, but it does:\n${formatExplanation(trace)}`
          : `expected the event to match ${describeAction(trace)}:\n${formatExplanation(trace)}`,
    };
  },
  toMatchActions(this: MatcherState, received: unknown, actions: readonly unknown[], options?: ExplainOptions): MatcherResult {
    if (!Array.isArray(actions)) throw new TypeError(`toMatchActions needs an array of actions, got ${describeKind(actions)}`);
    // An empty list would pass without checking anything.
    if (actions.length === 0) throw new TypeError('toMatchActions needs at least one action, got an empty array');
    actions.forEach((action, index) => requireAction('toMatchActions', action, index));
    const traces = actions.map((action) => explainMatch(action, received, options));
    const failing = traces.filter((trace) => !trace.matched);
    return {
      pass: failing.length === 0,
      message: () =>
        this.isNot
          ? `expected the event not to match every one of ${traces.length} actions, but it matches all of them:\n${traces.map((trace) => formatExplanation(trace)).join('\n')}`
          : `expected the event to match every one of ${traces.length} actions; it does not match ${failing.length}:\n${failing.map((trace) => formatExplanation(trace)).join('\n')}`,
    };
  },
};

expect.extend(actionMatchers);
