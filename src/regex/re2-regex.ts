// The RE2 evaluation path, for patterns with no exact V8 translation (\p classes, \C, (?m)
// anchors, …). Each pattern is compiled once, when first searched, and keeps its compiled RE2
// object for as long as it is used (re2-handle-pool.ts says how many fit and what happens
// beyond that).
import { createRe2Slot, searchWithRe2, type Re2Slot } from './re2-handle-pool.js';
import type { CompiledRegex } from './types.js';
import { toWellFormedText } from './well-formed.js';

/**
 * Longest input, in UTF-16 code units, that the RE2 path searches. A longer input is not
 * searched and test() returns false: an oversized value never matches. (Searching only a prefix
 * could report matches the whole input does not have, e.g. for `^…$`.) The bound keeps the
 * input's UTF-8 copy, the copy of the match and a fully grown DFA cache inside re2-wasm's fixed
 * heap, and bounds the time of one search: re2-wasm needs up to ~50 µs per character when a
 * pattern's DFA keeps overflowing. The V8 path has no such limit.
 */
export const RE2_INPUT_LIMIT = 64 * 1024;

/** A validated pattern evaluated by re2-wasm. */
export class Re2Regex implements CompiledRegex {
  readonly engine = 're2';
  private readonly slot: Re2Slot;

  /**
   * @param source the pattern as given
   * @param re2Source the same pattern in the syntax the bundled RE2 reads
   */
  constructor(
    readonly source: string,
    re2Source: string,
  ) {
    this.slot = createRe2Slot(this, re2Source);
  }

  test(input: string): boolean {
    if (input.length > RE2_INPUT_LIMIT) return false;
    try {
      return searchWithRe2(this.slot, toWellFormedText(input));
    } catch {
      return false;
    }
  }
}
