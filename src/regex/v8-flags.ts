// V8 flags the V8 evaluation path relies on, set when this module loads: it is imported before
// any module of the regex layer builds a RegExp, and a RegExp's backtrack limit is fixed when V8
// compiles it, so every regex we build runs with them.
// --enable-experimental-regexp-engine-on-excessive-backtracks: a regex that backtracks too much
//   is rerun on V8's linear-time engine, so no pattern can hang the process (without it,
//   /^(\w+\s?)*$/ against 40 letters and "!" runs for minutes). The fallback exists only for
//   regexes without the `u` flag that the linear engine can run.
// --regexp-backtracks-before-fallback: when "too much" is, in backtracks per search. One
//   backtrack can cost a pass over the input: an unanchored search of `a+$` in a run of n `a`s
//   starts at each of the n positions, runs to the end and steps back, one counted backtrack
//   and O(n) steps each. With V8's default (50,000) it never switches below 50 K characters and
//   costs n²/2 steps: 2.8 s at 40 K. Between two backtracks a search only moves forward, so with
//   a budget of BACKTRACK_BUDGET a search costs at most about BACKTRACK_BUDGET passes over its
//   input before it is rerun on the linear engine: linear in the input (bench/redos.ts doubles
//   the input to show it, test/regex/linear-search.test.ts counts the reruns). Patterns that
//   backtrack more than that on ordinary input give the same answers, from the linear engine.
// --enable-experimental-regexp-engine: enables the `l` flag, with which we ask V8 at compile
//   time whether the linear engine can run a translated regex; only those take the V8 path.
// The flags are process-wide: other code's regexes that can fall back do so sooner, with the
// same answers.
import { setFlagsFromString } from 'node:v8';

/** Backtracks one search of a V8-path regex may make before it is rerun on the linear engine. */
export const BACKTRACK_BUDGET = 256;

setFlagsFromString('--enable-experimental-regexp-engine');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACK_BUDGET}`);

function detectLinearEngine(): boolean {
  try {
    return new RegExp('a', 'l').test('a');
  } catch {
    return false;
  }
}

/** Whether this V8 has the linear engine; without it every pattern is evaluated by RE2. */
export const linearEngineAvailable: boolean = detectLinearEngine();
