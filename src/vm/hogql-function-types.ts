// The shape of a HogQL standard-library function as actionmatch evaluates it, with the arity
// PostHog's STL contract gives it (common/hogvm/spec/stl.json: the same for every HogVM).
import type { CompiledRegex } from '../regex/index.js';

/** What a builtin may ask of the evaluation: the clock and the regex engine. */
export interface FunctionEnv {
  /** The evaluation time, epoch milliseconds. */
  now(): number;
  /** A compiled RE2 pattern; aborts the evaluation when the pattern is invalid, as RE2 throws in the VM. */
  regex(pattern: string): CompiledRegex;
}

export interface HogQLFunction {
  readonly minArgs: number;
  /** null: any number of arguments. */
  readonly maxArgs: number | null;
  /** The arguments, evaluated, in order. Aborts (HogQLAbort) where the VM throws. */
  readonly fn: (args: readonly unknown[], env: FunctionEnv) => unknown;
}

export function builtin(minArgs: number, maxArgs: number | null, fn: HogQLFunction['fn']): HogQLFunction {
  return { minArgs, maxArgs, fn };
}
