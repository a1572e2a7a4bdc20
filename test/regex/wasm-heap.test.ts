// re2-wasm's heap is a fixed 16 MiB and exhausting it aborts the instance, so nothing may leak
// there: validation frees what it compiles, the RE2 path keeps a bounded number of compiled
// patterns per instance and frees those no longer used, inputs are bounded, and an abort is
// survived by moving to a fresh instance.
import { describe, expect, it } from 'vitest';
import { compileRegex, RE2_INPUT_LIMIT } from '../../src/regex/index.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HANDLES_PER_SHARD, MAX_SHARDS, readRe2PoolStats } from '../../src/regex/re2-handle-pool.js';
import { countRe2Aborts, countRe2Instances } from '../../src/regex/re2-runtime.js';
import { PATTERN_TOO_LARGE, validateWithRe2 } from '../../src/regex/re2-validate.js';
import { re2Only } from './re2-reference.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

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

  it('frees a compiled pattern once nothing uses it any more', async () => {
    const before = readRe2PoolStats();
    const count = HANDLES_PER_SHARD + 10;
    (() => {
      for (let i = 0; i < count; i++) expect(re2Only(`\\p{Lu}-dropped-${i}`).test(`A-dropped-${i}`)).toBe(true);
    })();
    expect(readRe2PoolStats().handles - before.handles).toBe(count);
    let after = readRe2PoolStats();
    for (let attempt = 0; attempt < 20 && after.releases - before.releases < count; attempt++) {
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      await new Promise((resolve) => setImmediate(resolve));
      after = readRe2PoolStats();
    }
    expect(after.releases - before.releases).toBeGreaterThanOrEqual(count);
    expect(after.handles).toBeLessThanOrEqual(before.handles);
    const again = re2Only('\\p{Lu}-dropped-0');
    expect(again.test('A-dropped-0')).toBe(true);
  }, 60_000);

  it('compiles a pattern in use once, spreading patterns over instances', () => {
    const aborts = countRe2Aborts();
    const before = readRe2PoolStats();
    const count = 3 * HANDLES_PER_SHARD;
    const regexes = Array.from({ length: count }, (_, i) => re2Only(`\\p{Greek}${i}z`));
    for (let round = 0; round < 3; round++) {
      regexes.forEach((regex, i) => {
        expect(regex.test(`x\u03b1${i}z`)).toBe(true);
        expect(regex.test(`x\u03b1-${i}z`)).toBe(false);
      });
    }
    const after = readRe2PoolStats();
    expect(after.compiles - before.compiles).toBe(count);
    expect(after.evictions).toBe(before.evictions);
    expect(after.shards).toBeGreaterThanOrEqual(3);
    expect(after.handles).toBeGreaterThanOrEqual(count);
    expect(countRe2Aborts()).toBe(aborts);
  }, 60_000);

  it(`holds at most ${HANDLES_PER_SHARD} × ${MAX_SHARDS} compiled patterns, recompiling the least recently used`, () => {
    const aborts = countRe2Aborts();
    const before = readRe2PoolStats();
    const capacity = HANDLES_PER_SHARD * MAX_SHARDS;
    const regexes = Array.from({ length: capacity + 50 }, (_, i) => re2Only(`(?m)^item-${i}$`));
    for (let round = 0; round < 2; round++) {
      regexes.forEach((regex, i) => {
        expect(regex.test(`a\nitem-${i}\nb`)).toBe(true);
        expect(regex.test(`a\nitem-${i}b`)).toBe(false);
      });
      const stats = readRe2PoolStats();
      expect(stats.handles).toBe(capacity);
      expect(stats.shards).toBe(MAX_SHARDS);
    }
    const after = readRe2PoolStats();
    // Cycling through more patterns than fit evicts each one before it comes round again.
    expect(after.compiles - before.compiles).toBe(2 * regexes.length);
    expect(after.evictions - before.evictions).toBeGreaterThanOrEqual(2 * regexes.length - capacity);
    expect(countRe2Aborts()).toBe(aborts);
  }, 60_000);

  it('keeps the compiled object of a pattern searched often while others come and go', () => {
    const aborts = countRe2Aborts();
    const hot = re2Only('(?m)^hot-pattern$');
    expect(hot.test('a\nhot-pattern\nb')).toBe(true);
    const before = readRe2PoolStats();
    const count = HANDLES_PER_SHARD * MAX_SHARDS + 50;
    const passing = Array.from({ length: count }, (_, i) => re2Only(`(?m)^passing-${i}$`));
    passing.forEach((regex, i) => {
      expect(regex.test(`passing-${i}`)).toBe(true);
      expect(hot.test('hot-pattern')).toBe(true);
    });
    const after = readRe2PoolStats();
    // More patterns than fit went through, so some were evicted; the one searched between each
    // of them was always the most recently used, never evicted, so never compiled again.
    expect(after.evictions - before.evictions).toBeGreaterThan(0);
    expect(after.compiles - before.compiles).toBe(count);
    expect(countRe2Aborts()).toBe(aborts);
  }, 60_000);

  it('reports a pattern too large for the heap as an error and carries on', () => {
    // RE2 itself, on a pattern compileRegex refuses before RE2 sees it (compile-cost.ts).
    expect(validateWithRe2('(?:\\pL{100}){10}')).toEqual({ ok: false, error: PATTERN_TOO_LARGE });
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
