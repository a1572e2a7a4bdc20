// V8 flags the V8 evaluation path relies on, set when this module loads: it is imported before
// any module of the regex layer builds a RegExp, and a RegExp's backtrack limit is fixed when V8
// compiles it, so every regex we build runs with them.
// --enable-experimental-regexp-engine-on-excessive-backtracks: a regex that backtracks too much
//   is rerun on V8's linear-time engine, so no pattern can hang the process (without it,
//   /^(\w+\s?)*$/ against 40 letters and "!" runs for minutes). The fallback exists only for
//   regexes without the `u` flag that the linear engine can run.
// --enable-experimental-regexp-engine: enables the `l` flag, with which we ask V8 at compile
//   time whether the linear engine can run a translated regex; only those take the V8 path.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--enable-experimental-regexp-engine');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

function detectLinearEngine(): boolean {
  try {
    return new RegExp('a', 'l').test('a');
  } catch {
    return false;
  }
}

/** Whether this V8 has the linear engine; without it every pattern is evaluated by RE2. */
export const linearEngineAvailable: boolean = detectLinearEngine();
