// An abort of the re2-wasm instance in the middle of a search is survived with correct
// answers. In its own file so that the instance's heap starts from the same state every run.
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../src/regex/index.js';
import { countRe2Instances } from '../../src/regex/re2-runtime.js';

describe('re2-wasm abort', () => {
  it('survives DFA caches that outgrow the heap, with correct answers', () => {
    // On random a/b text, each of these patterns grows RE2's DFA cache towards its 8 MB budget,
    // so a few of them alive together exhaust the heap: the instance aborts mid-search and the
    // search is redone on a fresh one.
    let text = '';
    let seed = 12345;
    for (let i = 0; i < 30_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += seed < 1073741824 ? 'a' : 'b';
    }
    const before = countRe2Instances();
    for (let k = 0; k < 6; k++) {
      const result = compileRegex(`\\p{Ll}*a[ab]{${14 + k}}\\pN`);
      if (!result.ok) throw new Error(result.error);
      expect(result.regex.engine).toBe('re2');
      expect(result.regex.test(text)).toBe(false);
      expect(result.regex.test(`xa${'b'.repeat(14 + k)}7`)).toBe(true);
    }
    expect(countRe2Instances()).toBeGreaterThan(before);
    const simple = compileRegex('\\pL\\pN');
    expect(simple.ok && simple.regex.test('a1')).toBe(true);
  }, 120_000);
});
