// An abort of the re2-wasm instance in the middle of a search is survived with correct
// answers. In its own file so that the instance's heap starts from the same state every run.
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../src/regex/index.js';
import { HANDLES_PER_SHARD, readRe2PoolStats } from '../../src/regex/re2-handle-pool.js';
import { countRe2Aborts } from '../../src/regex/re2-runtime.js';

describe('re2-wasm abort', () => {
  it('survives compiled patterns and DFA caches that outgrow the heap, with correct answers', () => {
    // Each `\pL` pattern takes about 150 KB of the heap once searched, and its DFA cache grows on
    // long letter-only text, so one instance's worth of them (HANDLES_PER_SHARD) exhausts the
    // heap: the instance aborts mid-search, the search is redone on a fresh one, and the
    // instance takes fewer patterns from then on.
    let text = '';
    let seed = 12345;
    for (let i = 0; i < 30_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += 'abcd\u00e9'[seed % 5];
    }
    const before = countRe2Aborts();
    for (let k = 0; k < HANDLES_PER_SHARD; k++) {
      const result = compileRegex(`\\pL+${k}\\pN`);
      if (!result.ok) throw new Error(result.error);
      expect(result.regex.engine).toBe('re2');
      expect(result.regex.test(text)).toBe(false);
      expect(result.regex.test(`x\u00e9${k}7`)).toBe(true);
      expect(result.regex.test(`x\u00e9${k}`)).toBe(false);
    }
    expect(countRe2Aborts()).toBeGreaterThan(before);
    expect(readRe2PoolStats().capacity).toBeLessThan(HANDLES_PER_SHARD);
    const simple = compileRegex('\\pL\\pN');
    expect(simple.ok && simple.regex.test('a1')).toBe(true);
  }, 120_000);
});
