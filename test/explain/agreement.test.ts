// explainMatch's verdict is createMatcher's, on every conformance case and on generated actions
// and events; and the breakdown is consistent with it under PostHog's combining rules (§2):
// conditions ANDed, steps ORed, the integer 1 of an ignored filter truthy but no match alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher } from '../../src/index.js';
import { explainMatch } from '../../src/explain/explain-match.js';
import { formatExplanation } from '../../src/explain/format-explanation.js';
import type { MatchExplanation, StepExplanation } from '../../src/explain/trace.js';
import { CONFORMANCE_NOW, loadCases } from '../conformance/load-cases.js';
import { action, anyStep, clickEvent, event } from '../differential/generators.js';

const files = ['core.jsonl', 'operators.jsonl', 'elements.jsonl', 'elements-matrix.jsonl'];
const now = (): number => CONFORMANCE_NOW;

type Value = 'true' | 'false' | 'one';

/** A step's value recomputed from its conditions alone. */
function stepValueFromConditions(step: StepExplanation): Value {
  const applied = step.conditions.filter((condition) => condition.outcome !== 'not_applied');
  const values = applied.map((condition): Value => (condition.outcome === 'pass' ? 'true' : condition.outcome === 'ignored' ? 'one' : 'false'));
  if (values.length === 0) return 'true';
  if (values.length === 1) return values[0] as Value;
  return values.every((value) => value !== 'false') ? 'true' : 'false';
}

/** The verdict recomputed from the steps alone. */
function verdictFromSteps(trace: MatchExplanation): boolean {
  const values = trace.steps.map((step): Value => (step.outcome === 'match' ? 'true' : step.outcome === 'ignored' ? 'one' : 'false'));
  if (values.length === 0) return true;
  if (values.length === 1) return values[0] === 'true';
  return values.some((value) => value !== 'false');
}

function checkAgreement(actionValue: Record<string, unknown> & { id: number }, eventValue: unknown): MatchExplanation {
  const trace = explainMatch(actionValue, eventValue, { now });
  const expected = createMatcher([actionValue], { now }).match(eventValue).includes(actionValue.id);
  const context = JSON.stringify({ action: actionValue, event: eventValue });
  expect(trace.matched, context).toBe(expected);
  if (trace.bytecode_error === null && trace.eventProblem === null && trace.steps.length > 0) {
    for (const step of trace.steps) {
      const expectedOutcome = { true: 'match', false: 'no_match', one: 'ignored' }[stepValueFromConditions(step)];
      expect(step.outcome, `steps[${step.index}] of ${context}`).toBe(expectedOutcome);
      const firstFail = step.conditions.findIndex((condition) => condition.outcome === 'fail');
      expect(step.firstFailure).toBe(firstFail === -1 ? null : firstFail);
      expect(step.conditions.filter((condition) => condition.firstFailure).length).toBe(firstFail === -1 ? 0 : 1);
    }
    expect(verdictFromSteps(trace), context).toBe(trace.matched);
    for (const step of trace.steps) for (const condition of step.conditions) expect(condition.actual, context).not.toBe('(unreadable)');
  }
  // Whatever the event holds, the text has no raw control character but its own line breaks.
  expect(formatExplanation(trace), context).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  return trace;
}

describe.each(files)('explanations agree with match on %s', (file) => {
  const cases = loadCases(file);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const trace = checkAgreement(testCase.action, testCase.event);
    expect(trace.matched).toBe(testCase.expected);
    // The compiler's own message, and none for an action that compiles.
    expect(trace.bytecode_error).toBe(testCase.bytecode_error === true ? compileAction(testCase.action).bytecode_error : null);
  });
});

describe('explanations agree with match on generated cases', () => {
  it('property filters, urls and event names', () => {
    fc.assert(
      fc.property(action, fc.array(event, { minLength: 1, maxLength: 4 }), (generated, events) => {
        for (const e of events) checkAgreement(generated, JSON.parse(JSON.stringify(e)) as unknown);
      }),
      { numRuns: 1500, seed: 8 },
    );
  });

  it('autocapture steps on element chains', () => {
    const clickAction = fc.array(anyStep, { minLength: 1, maxLength: 3 }).map((steps) => ({ id: 1, name: 'generated', steps }));
    fc.assert(
      fc.property(clickAction, fc.array(clickEvent, { minLength: 1, maxLength: 4 }), (generated, events) => {
        for (const e of events) checkAgreement(generated, e);
      }),
      { numRuns: 1500, seed: 9 },
    );
  });
});
