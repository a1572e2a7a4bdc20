// Every regex search is linear in its input, unanchored search included. On the V8 path a
// search runs on V8's backtracking engine with a budget of BACKTRACK_BUDGET backtracks for the
// whole search (every start position counts); a search that needs more is abandoned and rerun
// on V8's linear-time engine. Between two backtracks a search only moves forward, so the work
// of a search is at most about BACKTRACK_BUDGET passes over the input, plus one linear-time run. These tests count that work without timing it: in a child
// process traced by V8, how many times each search of the ReDoS corpus is rerun on the linear
// engine as its input doubles (never more than once), and that the budget is what decides.
// bench/redos.ts measures the times.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../src/regex/index.js';
import { BACKTRACK_BUDGET } from '../../src/regex/v8-flags.js';

interface ProbeCase {
  readonly pattern: string;
  readonly unit: string;
  readonly count: number;
  readonly tail: string;
}

const probe = fileURLToPath(new URL('./engine-runs-probe.ts', import.meta.url));

/** For each case: how often its one search was rerun on the linear engine, and its answer. */
function countReruns(cases: readonly ProbeCase[]): Array<{ reruns: number; engine: string; matched: boolean }> {
  const run = spawnSync(process.execPath, ['--trace-experimental-regexp-engine', '--import', 'tsx', probe, JSON.stringify(cases)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`probe failed: ${run.stderr}`);
  const answersAt = run.stdout.lastIndexOf('answers ');
  const answers = JSON.parse(run.stdout.slice(answersAt + 'answers '.length)) as Array<{ engine: string; matched: boolean }>;
  return cases.map((_, index) => {
    const start = run.stdout.indexOf(`<search ${index}>\n`);
    const end = run.stdout.indexOf(`</search ${index}>\n`);
    if (start < 0 || end < start) throw new Error(`no trace of search ${index}`);
    const trace = run.stdout.slice(start, end);
    return { reruns: trace.split('\n').filter((line) => line.startsWith('Experimental execution')).length, ...(answers[index] as { engine: string; matched: boolean }) };
  });
}

// The five patterns of the report and more of their class, each with an input that makes a
// backtracking search retry a long run from every start position (quadratic without the budget).
const corpus: ReadonlyArray<readonly [pattern: string, unit: string, tail: string]> = [
  ['a+$', 'a', '!'],
  ['\\s+$', ' ', '!'],
  ['.*b', 'a', ''],
  ['\\w+@', 'a', ''],
  ['a+b', 'a', ''],
  ['\\d+x', '1', ''],
  ['[a-z]+@[a-z]+\\.com', 'a', ''],
  ['\\s*,\\s*$', ' ', 'x'],
  ['(a+)+$', 'a', '!'],
  ['(x+x+)+y', 'x', ''],
  ['^(\\w+\\s?)*$', 'a', '!'],
];

describe('unanchored search is linear on the V8 path', () => {
  it('the budget is far below the retries of a long run', () => {
    expect(BACKTRACK_BUDGET).toBeLessThanOrEqual(1000);
    for (const [pattern] of corpus) {
      const compiled = compileRegex(pattern);
      expect(compiled.ok && compiled.regex.engine, pattern).toBe('v8');
    }
  });

  it('as the input doubles from 10 K to 40 K characters, each search is rerun on the linear engine once, never more', () => {
    const sizes = [10_000, 20_000, 40_000];
    const cases = corpus.flatMap(([pattern, unit, tail]) => sizes.map((count) => ({ pattern, unit, count, tail })));
    const counted = countReruns(cases);
    for (const [index, { reruns, matched }] of counted.entries()) {
      const { pattern, count } = cases[index] as ProbeCase;
      expect(reruns, `${pattern} at ${count}`).toBe(1);
      expect(matched, `${pattern} at ${count}`).toBe(false);
    }
  }, 60_000);

  it('a search that backtracks less than the budget is not rerun; one that backtracks more, over all its start positions, is', () => {
    const under = BACKTRACK_BUDGET / 4;
    const counted = countReruns([
      { pattern: 'a+$', unit: 'a', count: under, tail: '!' },
      // Short runs: each start position backtracks little, together far more than the budget.
      { pattern: 'a+$', unit: `${'a'.repeat(under)}!`, count: 1000, tail: '' },
      { pattern: 'a+$', unit: 'a', count: BACKTRACK_BUDGET * 4, tail: '!' },
      { pattern: 'a+$', unit: 'a', count: BACKTRACK_BUDGET * 4, tail: '' },
    ]);
    expect(counted.map(({ reruns }) => reruns)).toEqual([0, 1, 1, 0]);
    expect(counted.map(({ matched }) => matched)).toEqual([false, false, false, true]);
  }, 60_000);
});
