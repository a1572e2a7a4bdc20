// The bound on the work of one HogQL evaluation: nested higher-order functions multiply (k items
// nested three deep is k³ lambda calls), so one evaluation may make at most MAX_LAMBDA_CALLS
// lambda calls; past that it aborts like a VM error and the action does not match the event.
// Counted, not timed: the same event gets the same answer on every machine.
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matcher/create-matcher.js';
import { MAX_LAMBDA_CALLS } from '../../src/vm/hogql-eval.js';

const action = (key: string) => ({ id: 1, steps: [{ event: 'e', properties: [{ type: 'hogql', key }] }] });
const items = (count: number) => Array.from({ length: count }, (_, index) => (index === count - 1 ? 'q' : String(index)));

describe('lambda calls per evaluation', () => {
  it(`one level: ${MAX_LAMBDA_CALLS} calls are evaluated, one more aborts the evaluation (no match)`, () => {
    const matcher = createMatcher([action("arrayCount(x -> x = 'q', properties.a) = 1")]);
    expect(matcher.errors).toEqual([]);
    expect(matcher.match({ event: 'e', properties: { a: items(MAX_LAMBDA_CALLS) } })).toEqual([1]);
    expect(matcher.match({ event: 'e', properties: { a: items(MAX_LAMBDA_CALLS + 1) } })).toEqual([]);
  });

  it('three nested levels over k items make k + k² + k³ calls: 40 items match, 50 items are cut off', () => {
    const key = "arrayCount(x -> arrayCount(y -> arrayCount(z -> z = 'q', properties.a) > 0, properties.a) > 0, properties.a) > 0";
    const matcher = createMatcher([action(key)]);
    expect(40 + 40 ** 2 + 40 ** 3).toBeLessThanOrEqual(MAX_LAMBDA_CALLS);
    expect(50 ** 3).toBeGreaterThan(MAX_LAMBDA_CALLS);
    expect(matcher.match({ event: 'e', properties: { a: items(40) } })).toEqual([1]);
    expect(matcher.match({ event: 'e', properties: { a: items(50) } })).toEqual([]);
    // The count starts again for every event.
    expect(matcher.match({ event: 'e', properties: { a: items(40) } })).toEqual([1]);
  });
});
