// re2-wasm's heap is a fixed 16 MiB and exhausting it aborts the instance, so nothing may leak
// there: validation frees what it compiles, the RE2 path keeps a bounded pool, inputs are
// bounded, and an abort is survived by moving to a fresh instance.
import { describe, expect, it } from 'vitest';
import { compileRegex, RE2_INPUT_LIMIT } from '../../src/regex/index.js';
import { countPooledRe2Handles, RE2_POOL_SIZE } from '../../src/regex/re2-regex.js';
import { countRe2Instances } from '../../src/regex/re2-runtime.js';
import { PATTERN_TOO_LARGE, validateWithRe2 } from '../../src/regex/re2-validate.js';

describe('re2-wasm heap', () => {
  it('validates 20,000 distinct patterns, valid and invalid, on one instance', () => {
    validateWithRe2('warm-up');
    const instances = countRe2Instances();
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      const pattern = i % 2 === 0 ? `^item-${i}(?:/[a-z]+)*\\.html?$` : `(item-${i}|\\u${i}`;
      if (validateWithRe2(pattern).ok) valid++;
    }
    expect(valid).toBe(10_000);
    // A leak of even a few hundred bytes per pattern would have exhausted the heap, aborted
    // the instance and forced a new one.
    expect(countRe2Instances()).toBe(instances);
  }, 60_000);

  it('keeps at most RE2_POOL_SIZE compiled patterns for the RE2 path', () => {
    const instances = countRe2Instances();
    for (let i = 0; i < 3 * RE2_POOL_SIZE; i++) {
      const result = compileRegex(`\\p{Greek}${i}`);
      if (!result.ok) throw new Error(result.error);
      expect(result.regex.engine).toBe('re2');
      expect(result.regex.test(`x\u03b1${i}`)).toBe(true);
      expect(result.regex.test(`x\u03b1-${i}`)).toBe(false);
    }
    expect(countPooledRe2Handles()).toBe(RE2_POOL_SIZE);
    expect(countRe2Instances()).toBe(instances);
  }, 60_000);

  it('reports a pattern too large for the heap as an error and carries on', () => {
    expect(compileRegex('(?:\\pL{100}){10}')).toEqual({ ok: false, error: PATTERN_TOO_LARGE });
    const after = compileRegex('\\pL+z');
    expect(after.ok && after.regex.test('abz')).toBe(true);
  }, 60_000);

  it(`does not search inputs longer than RE2_INPUT_LIMIT (${RE2_INPUT_LIMIT}) on the RE2 path`, () => {
    const re2 = compileRegex('\\pL');
    const v8 = compileRegex('[a-z]');
    if (!re2.ok || !v8.ok) throw new Error('compile failed');
    const atLimit = 'a'.repeat(RE2_INPUT_LIMIT);
    expect(re2.regex.test(atLimit)).toBe(true);
    expect(re2.regex.test(`${atLimit}a`)).toBe(false);
    expect(v8.regex.test(`${atLimit}a`)).toBe(true);
  }, 60_000);
});
