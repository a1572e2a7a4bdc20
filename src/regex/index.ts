// The regex engine seam: RE2 syntax and semantics for every pattern, validated by RE2 itself
// (re2-wasm) and evaluated by an exactly equivalent V8 RegExp wherever one exists (linear-time,
// tens of nanoseconds a call), by re2-wasm otherwise (several microseconds a call, bounded
// input). translate.ts says what has a V8 equivalent.
import './v8-flags.js';
import { estimateRegexCost, MAX_REGEX_COST } from './compile-cost.js';
import { Re2Regex } from './re2-regex.js';
import { validateWithRe2 } from './re2-validate.js';
import { translateToJs } from './translate.js';
import type { CompiledRegex, RegexCompileResult } from './types.js';
import { V8Regex } from './v8-regex.js';

export type { CompiledRegex, RegexCompileResult } from './types.js';
export { RE2_INPUT_LIMIT } from './re2-regex.js';
export { estimateRegexCost, MAX_REGEX_COST } from './compile-cost.js';

// Interning without pinning: a pattern maps to its CompiledRegex for as long as anything holds
// that object, so compiling a pattern again returns the same object, and patterns no longer
// used by any program do not accumulate.
const interned = new Map<string, WeakRef<CompiledRegex>>();
const released = new FinalizationRegistry<string>((pattern) => {
  if (interned.get(pattern)?.deref() === undefined) interned.delete(pattern);
});

function compileUninterned(pattern: string): RegexCompileResult {
  // Refused before RE2 spends seconds finding out that it is (compile-cost.ts).
  const cost = estimateRegexCost(pattern);
  if (cost > MAX_REGEX_COST) return { ok: false, error: `pattern too large: its estimated compiled size ${cost} exceeds ${MAX_REGEX_COST}` };
  const validation = validateWithRe2(pattern);
  if (!validation.ok) return validation;
  const translation = translateToJs(pattern);
  const regex = translation.ok ? new V8Regex(pattern, translation) : new Re2Regex(pattern, validation.re2Source);
  return { ok: true, regex };
}

/**
 * Validates `pattern` with RE2 (re2-wasm) and returns an evaluator. Never throws. Interned: the
 * same pattern returns the same CompiledRegex object. `error` is RE2's message, e.g.
 * `missing )` or `invalid escape sequence: \u`.
 */
export function compileRegex(pattern: string): RegexCompileResult {
  const known = interned.get(pattern)?.deref();
  if (known !== undefined) return { ok: true, regex: known };
  let result: RegexCompileResult;
  try {
    result = compileUninterned(pattern);
  } catch (error) {
    return { ok: false, error: `internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (result.ok) {
    interned.set(pattern, new WeakRef(result.regex));
    released.register(result.regex, pattern);
  }
  return result;
}
