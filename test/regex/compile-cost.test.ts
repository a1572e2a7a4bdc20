// The estimate of a pattern's compile cost (compile-cost.ts), and compileRegex refusing what it
// calls too large before RE2 spends seconds on it.
import { describe, expect, it } from 'vitest';
import { ANY_COST, estimateRegexCost, MAX_REGEX_COST, UNICODE_CLASS_COST } from '../../src/regex/compile-cost.js';
import { compileRegex } from '../../src/regex/index.js';

describe('estimateRegexCost', () => {
  it.each([
    ['abc', 3],
    ['a|b', 3],
    ['a{1000}', 1000],
    ['a{2,5}', 5],
    ['a{3,}', 4],
    ['(?:ab){10}', 30],
    ['(ab)*', 4],
    ['.', ANY_COST],
    ['.{1000}', 1000 * ANY_COST],
    ['\\pL', UNICODE_CLASS_COST],
    ['\\p{Greek}{3}', 3 * UNICODE_CLASS_COST],
    ['[\\pL\\d]', 1 + UNICODE_CLASS_COST + ANY_COST],
    ['[^a]', 2 + ANY_COST],
    ['(?i)ab', 4],
    ['\\Qa.b{9}\\E', 6],
    ['a{,3}', 5],
    ['[]a]', 3],
    ['😀{2}', 2],
    ['(?:(?:a{10}){10}){10}', 1110],
    // Literal braces, as RE2 reads them: leading zeros, more than 8 digits, \x{…}.
    ['a{01}', 5],
    ['a{1234567890}', 13],
    ['\\x{10400}{2}', 2],
    // What RE2 refuses while parsing costs nothing: RE2 answers at once.
    ['a{1001}', 0],
    ['(a{100}){100}', 0],
    ['a{2,1}', 0],
  ])('%s costs %i', (pattern, cost) => {
    expect(estimateRegexCost(pattern)).toBe(cost);
  });

  it('never throws on broken patterns', () => {
    for (const pattern of ['(', ')', '[', '\\', '\\p', '\\p{', 'a{', '{1}', '(?', '[[:', '\\Q']) expect(Number.isFinite(estimateRegexCost(pattern))).toBe(true);
  });
});

describe('compileRegex refuses patterns too costly to compile', () => {
  it.each(['\\pL{1000}', '\\p{Greek}{1000}', '(?:\\pL{100}){10}', '[\\s\\S]{1000}', '(?i)\\pL{6}'])('%s', (pattern) => {
    expect(compileRegex(pattern)).toEqual({ ok: false, error: `pattern too large: its estimated compiled size ${estimateRegexCost(pattern)} exceeds ${MAX_REGEX_COST}` });
  });

  it.each(['\\pL{10}', '.{1000}', 'a{1000}', '^https://example\\.com/(?:cart|checkout)/\\d+$'])('accepts %s', (pattern) => {
    expect(compileRegex(pattern).ok).toBe(true);
  });
});
