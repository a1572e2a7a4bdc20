// HogQL filters end to end: where their errors are located and which code they carry, the limits,
// the program format (HOGQL instructions decode, validate and disassemble), explanations, and the
// rule that a failure anywhere fails the whole action, as in PostHog's VM.
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher, disassemble, explainMatch, toHogBytecode } from '../../src/index.js';
import { decodeProgram } from '../../src/bytecode/format.js';
import { runPostHogFilter, type TestEvent } from '../hogvm/posthog-vm.js';

const hogqlAction = (key: unknown, extra: Record<string, unknown> = {}): { id: number; steps: Record<string, unknown>[] } => ({ id: 7, steps: [{ ...extra, properties: [{ type: 'hogql', key }] }] });
const event: TestEvent = { event: 'signup', properties: { plan: 'pro', count: 3 } };

describe('compile errors are located at the filter key', () => {
  it.each([
    ['a syntax error', 'properties.plan =', 'invalid_hogql', /^steps\[0\]\.properties\[0\]\.key: mismatched input '<EOF>'/],
    ['an unknown function', 'nope(1)', 'unsupported_hogql', 'steps[0].properties[0].key: Hog function `nope` is not implemented'],
    ['an unknown global', 'session.id = 1', 'unsupported_hogql', 'steps[0].properties[0].key: Unknown global variable: session'],
    ['a key that is not a string', 5, 'invalid_type', 'steps[0].properties[0].key: expected a HogQL expression (a string), got number'],
    ['an expression too long', `'${'x'.repeat(4_000)}'`, 'limit_exceeded', 'steps[0].properties[0].key: expression length 4002 exceeds the limit maxExpressionLength = 4000'],
    ['an expression nested too deep', `${'lower('.repeat(17)}'x'${')'.repeat(17)} = 'x'`, 'limit_exceeded', 'steps[0].properties[0].key: expression nesting 17 exceeds the limit maxExpressionDepth = 16'],
  ])('%s', (_name, key, code, message) => {
    const result = compileAction(hogqlAction(key));
    expect(result.bytecode).toBeNull();
    expect(result.error?.code).toBe(code);
    expect(result.error?.path).toBe('steps[0].properties[0].key');
    if (typeof message === 'string') expect(result.bytecode_error).toBe(message);
    else expect(result.bytecode_error).toMatch(message);
  });

  it('the limits can be changed per compilation', () => {
    expect(compileAction(hogqlAction("lower(lower('a')) = 'a'"), { limits: { maxExpressionDepth: 1 } }).error?.code).toBe('limit_exceeded');
    expect(compileAction(hogqlAction("lower(lower('a')) = 'a'"), { limits: { maxExpressionDepth: 2 } }).bytecode_error).toBeNull();
    expect(compileAction(hogqlAction("'abc' = 'abc'"), { limits: { maxExpressionLength: 12 } }).bytecode_error).toBe('steps[0].properties[0].key: expression length 13 exceeds the limit maxExpressionLength = 12');
  });

  it('a filter without a key is ignored, as PostHog ignores it', () => {
    const result = compileAction({ id: 1, steps: [{ properties: [{ type: 'hogql' }] }] });
    expect(result.bytecode_error).toBeNull();
    expect(result.warnings.map((warning) => warning.code)).toEqual(['ignored_filter', 'never_matches']);
    expect(toHogBytecode({ id: 1, steps: [{ properties: [{ type: 'hogql' }] }] }).bytecode).toEqual(['_H', 1, 33, 1]);
  });

  it('one bad expression does not stop the other actions', () => {
    const matcher = createMatcher([hogqlAction('nope()'), { ...hogqlAction("properties.plan = 'pro'"), id: 8 }]);
    expect(matcher.errors.map((error) => error.id)).toEqual([7]);
    expect(matcher.match(event)).toEqual([8]);
  });
});

describe('the program format', () => {
  it('stores the expression as written and its tree, and disassembles it as written', () => {
    const { bytecode } = compileAction(hogqlAction("lower(properties.plan) = 'pro'", { event: 'signup' }));
    expect(bytecode).toContain(44);
    expect(disassemble(bytecode)).toBe(['_AM v1', '   2  AND 2', '   4    EQ event "signup"', `   7    HOGQL "lower(properties.plan) = 'pro'"`].join('\n'));
  });

  it.each([
    [[99], 'unknown expression code 99'],
    [[8, 'near', [1, 1], [1, 2]], 'unknown comparison "near"'],
    [[1, { a: 1 }], 'CONST takes one scalar'],
    [[11, [1, true], [1, 1]], 'node 11 takes 3 operands, got 2'],
  ])('refuses a corrupted tree %j', (tree, problem) => {
    expect(() => decodeProgram(['_AM', 1, 44, 'x', tree])).toThrow(`bytecode[4]: invalid HogQL expression tree: ${problem} (operand of the instruction at 2)`);
  });
});

describe('explanations', () => {
  it('show a HogQL condition as written with the value it evaluated to', () => {
    const explanation = explainMatch(hogqlAction('properties.count + 1'), event);
    const [condition] = explanation.steps[0]?.conditions ?? [];
    expect(explanation.matched).toBe(false);
    expect(condition).toMatchObject({ kind: 'hogql', label: 'HogQL expression', expected: 'properties.count + 1', actual: '4', outcome: 'pass' });
  });

  it('say when the evaluation fails', () => {
    const [condition] = explainMatch(hogqlAction("lower(properties.count) = 'x'"), event).steps[0]?.conditions ?? [];
    expect(condition).toMatchObject({ outcome: 'fail', actual: '(evaluation failed: toLowerCase is not a function)' });
  });
});

describe('a failure anywhere fails the whole action, as in PostHog', () => {
  const verdicts = (action: { id: number; steps: Record<string, unknown>[] }, on: TestEvent): [boolean, boolean] => {
    const hog = toHogBytecode(action);
    return [createMatcher([action]).match(on).includes(action.id), hog.bytecode !== null && runPostHogFilter(hog.bytecode, on).match];
  };

  it.each([
    ['a true step beside a failing one', [{ event: 'signup' }, { properties: [{ type: 'hogql', key: "lower(properties.count) = 'x'" }] }], [false, false]],
    ['a step without conditions beside a failing one', [{}, { properties: [{ type: 'hogql', key: 'properties.plan in 5' }] }], [false, false]],
    ['a failing filter after a false one in the same step', [{ event: 'other', properties: [{ type: 'hogql', key: 'upper(properties.count)' }] }, { event: 'signup' }], [false, false]],
    ['no failure: the true step matches', [{ event: 'signup' }, { properties: [{ type: 'hogql', key: "lower(properties.plan) = 'x'" }] }], [true, true]],
  ])('%s', (_name, steps, expected) => {
    expect(verdicts({ id: 1, steps }, event)).toEqual(expected);
  });
});
