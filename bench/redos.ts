// Doubling benchmark over a corpus of ReDoS patterns: each pattern is searched (unanchored, as
// every action regex is) in inputs of 10 K to 160 K characters built to make a backtracking
// search slow, and each time is printed beside the time at half the size as a ratio. Linear
// time shows as ratios near 2, quadratic as ratios near 4. Two kinds of input per pattern: one
// long run (which a backtracking search retries from every start position) and many runs just
// shorter than the V8 path's backtrack budget (each start position backtracks little, so the
// switch to the linear engine comes only once their backtracks add up to the budget). Each row also gets its growth exponent from the smallest size to the
// largest searched (time ∝ size^k: k ≈ 1 is linear, k ≈ 2 quadratic). The baseline, measured in the same run, is V8's linear-time engine alone
// on the same translation (for the V8 path). `npm run bench:redos`; `--quick` stops at 40 K; exits 1 when an exponent
// exceeds 1.8 (quadratic is 2; the margin absorbs the noise of a machine shared with other work).
import { writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { compileRegex, RE2_INPUT_LIMIT, type CompiledRegex } from '../src/regex/index.js';
import { translateToJs } from '../src/regex/translate.js';
import { BACKTRACK_BUDGET } from '../src/regex/v8-flags.js';

interface Case {
  readonly pattern: string;
  /** The input of about `size` characters. */
  readonly input: (size: number) => string;
}

/** `unit` repeated to `size` characters, then `tail`. */
const run = (unit: string, tail: string) => (size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size) + tail;
/** Runs of `char` just shorter than the backtrack budget, each ended by `stop`. */
const budgetRuns = (char: string, stop: string) => run(char.repeat(BACKTRACK_BUDGET - 2) + stop, '');

const corpus: readonly Case[] = [
  // The five of the report, each against one long run and against runs under the budget.
  { pattern: 'a+$', input: run('a', '!') },
  { pattern: 'a+$', input: budgetRuns('a', '!') },
  { pattern: '\\s+$', input: run(' ', '!') },
  { pattern: '\\s+$', input: budgetRuns(' ', '!') },
  { pattern: '.*b', input: run('a', '') },
  { pattern: '.*b', input: budgetRuns('a', '\n') },
  { pattern: '\\w+@', input: run('a', '') },
  { pattern: '\\w+@', input: budgetRuns('a', '!') },
  { pattern: 'a+b', input: run('a', '') },
  { pattern: 'a+b', input: budgetRuns('a', '!') },
  // More of the same class (a greedy run that fails at its end, retried from every start).
  { pattern: '\\d+x', input: run('1', '') },
  { pattern: '[a-z]+@[a-z]+\\.com', input: run('a', '') },
  { pattern: '(?i)checkout.*confirm', input: run('checkout ', '') },
  { pattern: '\\s*,\\s*$', input: run(' ', 'x') },
  // Catastrophic backtracking (nested quantifiers), anchored and not.
  { pattern: '^(a+)+$', input: run('a', '!') },
  { pattern: '(a+)+$', input: run('a', '!') },
  { pattern: '(x+x+)+y', input: run('x', '') },
  { pattern: '^(\\w+\\s?)*$', input: run('a', '!') },
  { pattern: '(\\w+\\s?)*$', input: run('a ', '!') },
  { pattern: '(.*a){12}', input: run('a', '') },
  // The re2-wasm path (no exact V8 translation): RE2 is linear by construction.
  { pattern: '\\pL+$', input: run('a', '!') },
  { pattern: '(?m)^\\s+$', input: run(' ', 'x') },
];

const quick = process.argv.includes('--quick');
const sizes = quick ? [10_000, 20_000, 40_000] : [10_000, 20_000, 40_000, 80_000, 160_000];

function compiled(pattern: string): CompiledRegex {
  const result = compileRegex(pattern);
  if (!result.ok) throw new Error(`${pattern}: ${result.error}`);
  return result.regex;
}

interface Row {
  pattern: string;
  engine: string;
  input: string;
  /** Null where the input is not searched (over RE2_INPUT_LIMIT on the re2-wasm path). */
  msBySize: Array<number | null>;
  ratios: Array<number | null>;
  /** The time at the largest size searched over the linear engine's alone, on the V8 path. */
  vsLinear: number | null;
  /** k in time ∝ size^k, from the smallest size to the largest searched. */
  exponent: number;
}

function median(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (!result || !('latency' in result)) throw new Error(`${name} did not complete`);
  return result.latency.p50;
}

const rows: Row[] = [];
for (const [index, entry] of corpus.entries()) {
  const regex = compiled(entry.pattern);
  const translation = translateToJs(entry.pattern);
  const bench = new Bench({ time: 100, warmupTime: 0, iterations: 5 });
  const inputs = sizes.map((size) => entry.input(size));
  const searched = (input: string): boolean => regex.engine === 'v8' || input.length <= RE2_INPUT_LIMIT;
  for (const [at, input] of inputs.entries()) if (searched(input)) bench.add(String(sizes[at]), () => void regex.test(input));
  const largest = inputs.filter(searched).at(-1) as string;
  if (translation.ok && regex.engine === 'v8') bench.add('linear', () => void translation.linear.test(largest));
  await bench.run();
  const msBySize = inputs.map((input, at) => (searched(input) ? median(bench, String(sizes[at])) : null));
  const ratios = msBySize.slice(1).map((ms, at) => {
    const before = msBySize[at];
    return ms === null || before === null || before === undefined ? null : ms / before;
  });
  const last = msBySize.filter((ms) => ms !== null).at(-1) as number;
  const lastSize = sizes[msBySize.lastIndexOf(last)] as number;
  const exponent = Math.log(last / (msBySize[0] as number)) / Math.log(lastSize / (sizes[0] as number));
  const vsLinear = bench.getTask('linear') === undefined ? null : last / median(bench, 'linear');
  const sample = inputs[0] as string;
  rows.push({ pattern: entry.pattern, engine: regex.engine, input: `${JSON.stringify(sample.slice(0, 12))}… (case ${index})`, msBySize, ratios, vsLinear, exponent });
}

console.log(`unanchored search, medians in ms per search, and the ratio to half the size; backtrack budget ${BACKTRACK_BUDGET}`);
console.log(['pattern'.padEnd(22), 'engine', ...sizes.map((size) => `${size / 1000} K`.padStart(16)), ' vs linear engine', 'exponent', '  input'].join(' '));
let worst = 0;
for (const row of rows) {
  const cells = row.msBySize.map((ms, at) => {
    const ratio = at === 0 ? null : row.ratios[at - 1];
    const text = ms === null ? 'not searched' : ratio === null || ratio === undefined ? ms.toFixed(2) : `${ms.toFixed(2)} ×${ratio.toFixed(1)}`;
    return text.padStart(16);
  });
  const vsLinear = (row.vsLinear === null ? '' : `×${row.vsLinear.toFixed(2)}`).padStart(17);
  console.log([row.pattern.padEnd(22), row.engine.padEnd(6), ...cells, vsLinear, row.exponent.toFixed(2).padStart(8), ' ', row.input].join(' '));
  worst = Math.max(worst, row.exponent);
}
console.log(`largest exponent: ${worst.toFixed(2)} (linear: 1, quadratic: 2); re2-wasm does not search inputs over ${RE2_INPUT_LIMIT} code units`);
writeFileSync(new URL('./results/redos.tmp.json', import.meta.url), JSON.stringify({ sizes, budget: BACKTRACK_BUDGET, rows }, null, 2));
if (worst > 1.8) process.exitCode = 1;
