// The shared conformance cases, table-driven: every case must give the expected answer through
// every evaluation path, and compile to a bytecode_error exactly when the case says so. Paths:
// the action alone (below the index threshold every program runs), the naive loop
// (`indexed: false`), the action among fillers (so the index files and selects it), and one
// matcher holding every case of every file at once, whose full answer on every case's event
// must also equal the naive loop's over the same set.
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher, type Matcher } from '../../src/index.js';
import { CONFORMANCE_NOW, loadCases, type ConformanceCase } from './load-cases.js';

const files = ['core.jsonl', 'operators.jsonl', 'elements.jsonl', 'elements-matrix.jsonl', 'hogql.jsonl', 'filter-values.jsonl'];
const options = { now: () => CONFORMANCE_NOW };

/** Actions that no case's event can match (an event name no case uses), enough to turn the index on. */
const fillers = Array.from({ length: 12 }, (_, i) => ({ id: 1_000_000 + i, steps: [{ event: `filler event ${i}`, url: `/filler-${i}` }] }));

const paths: ReadonlyArray<readonly [string, (action: ConformanceCase['action']) => Matcher]> = [
  ['alone', (action) => createMatcher([action], options)],
  ['naive loop', (action) => createMatcher([action], { ...options, indexed: false })],
  ['indexed, among fillers', (action) => createMatcher([action, ...fillers], options)],
];

function checkCompile(testCase: ConformanceCase): void {
  const compiled = compileAction(testCase.action);
  if (typeof testCase.bytecode_error === 'string') {
    expect(compiled.bytecode_error).toBe(testCase.bytecode_error);
  } else if (testCase.bytecode_error) {
    expect(compiled.bytecode_error, 'expected a bytecode_error').toEqual(expect.any(String));
  } else {
    expect(compiled.bytecode_error).toBeNull();
  }
}

function check(testCase: ConformanceCase): void {
  checkCompile(testCase);
  for (const [path, create] of paths) {
    expect(create(testCase.action).match(testCase.event).includes(testCase.action.id), path).toBe(testCase.expected);
  }
}

describe.each(files)('%s', (file) => {
  const cases = loadCases(file);
  it('has cases with unique names', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => check(testCase));
});

describe('one matcher holding every case', () => {
  // Renumbered: ids repeat across files. Case i's action gets id i + 1.
  const cases = files.flatMap((file) => loadCases(file).map((testCase) => ({ file, testCase })));
  const actions = cases.map(({ testCase }, i) => ({ ...testCase.action, id: i + 1 }));
  const all = createMatcher(actions, options);
  const naive = createMatcher(actions, { ...options, indexed: false });

  it('holds them all', () => {
    expect(all.size).toBe(cases.length);
    expect(all.errors.length).toBe(cases.filter(({ testCase }) => testCase.bytecode_error).length);
  });

  it('gives every case its expected answer, and the naive loop’s answer on every event', () => {
    const wrong: string[] = [];
    cases.forEach(({ file, testCase }, i) => {
      const answer = all.match(testCase.event);
      if (answer.includes(i + 1) !== testCase.expected) wrong.push(`${file}: ${testCase.name}: expected ${String(testCase.expected)}`);
      const reference = naive.match(testCase.event);
      if (answer.join() !== reference.join()) wrong.push(`${file}: ${testCase.name}: indexed [${answer.join()}] but naive [${reference.join()}]`);
    });
    expect(wrong).toEqual([]);
  });
});
