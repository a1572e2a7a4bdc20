// The shared conformance cases, table-driven: every case must give the expected answer, and
// compile to a bytecode_error exactly when the case says so.
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher } from '../../src/index.js';
import { CONFORMANCE_NOW, loadCases, type ConformanceCase } from './load-cases.js';

const files = ['core.jsonl', 'operators.jsonl', 'elements.jsonl', 'elements-matrix.jsonl', 'hogql.jsonl', 'filter-values.jsonl'];

function check(testCase: ConformanceCase): void {
  const compiled = compileAction(testCase.action);
  if (typeof testCase.bytecode_error === 'string') {
    expect(compiled.bytecode_error).toBe(testCase.bytecode_error);
  } else if (testCase.bytecode_error) {
    expect(compiled.bytecode_error, 'expected a bytecode_error').toEqual(expect.any(String));
  } else {
    expect(compiled.bytecode_error).toBeNull();
  }
  const matcher = createMatcher([testCase.action], { now: () => CONFORMANCE_NOW });
  expect(matcher.match(testCase.event).includes(testCase.action.id)).toBe(testCase.expected);
}

describe.each(files)('%s', (file) => {
  const cases = loadCases(file);
  it('has cases with unique names', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => check(testCase));
});
