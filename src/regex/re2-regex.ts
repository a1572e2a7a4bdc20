// The RE2 evaluation path, for patterns with no exact V8 translation (\p classes, \C, (?m)
// anchors, …). Compiled RE2 objects live in the wasm heap, so at most RE2_POOL_SIZE are kept,
// least recently used evicted (and deleted); an evicted pattern is recompiled when next used.
import { type Re2Handle, type Re2Instance, withRe2 } from './re2-runtime.js';
import type { CompiledRegex } from './types.js';
import { toWellFormedText } from './well-formed.js';

/** Live RE2 objects kept for the RE2 path. */
export const RE2_POOL_SIZE = 64;

/**
 * Longest input, in UTF-16 code units, that the RE2 path searches. A longer input is not
 * searched and test() returns false: an oversized value never matches. (Searching only a prefix
 * could report matches the whole input does not have, e.g. for `^…$`.) The bound keeps the
 * input's UTF-8 copy, the copy of the match and a fully grown DFA cache inside re2-wasm's fixed
 * heap, and bounds the time of one search: re2-wasm needs up to ~50 µs per character when a
 * pattern's DFA keeps overflowing. The V8 path has no such limit.
 */
export const RE2_INPUT_LIMIT = 64 * 1024;

function getPooledHandle(re2: Re2Instance, re2Source: string): Re2Handle {
  const { pool } = re2;
  const cached = pool.get(re2Source);
  if (cached !== undefined) {
    pool.delete(re2Source);
    pool.set(re2Source, cached);
    return cached;
  }
  const handle = re2.compile(re2Source);
  if (!handle.ok()) {
    handle.delete();
    throw new Error('RE2 rejected a validated pattern');
  }
  pool.set(re2Source, handle);
  if (pool.size > RE2_POOL_SIZE) {
    for (const [oldest, evicted] of pool) {
      pool.delete(oldest);
      evicted.delete();
      break;
    }
  }
  return handle;
}

/** A validated pattern evaluated by re2-wasm. */
export class Re2Regex implements CompiledRegex {
  readonly engine = 're2';

  /**
   * @param source the pattern as given
   * @param re2Source the same pattern in the syntax the bundled RE2 reads
   */
  constructor(
    readonly source: string,
    private readonly re2Source: string,
  ) {}

  test(input: string): boolean {
    if (input.length > RE2_INPUT_LIMIT) return false;
    try {
      const text = toWellFormedText(input);
      return withRe2((re2) => getPooledHandle(re2, this.re2Source).match(text, 0, false).index >= 0, false);
    } catch {
      return false;
    }
  }
}

/** How many RE2 objects the RE2 path keeps alive right now (at most RE2_POOL_SIZE). */
export function countPooledRe2Handles(): number {
  return withRe2((re2) => re2.pool.size, 0);
}
