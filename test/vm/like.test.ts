import { describe, expect, it } from 'vitest';
import { compileLike } from '../../src/vm/like.js';

describe('compileLike (SQL LIKE search, SEMANTICS.md §4)', () => {
  const cases: Array<[pattern: string, subject: string, caseInsensitive: boolean, expected: boolean]> = [
    ['%docs%', 'https://x.io/docs/a', false, true],
    ['%DOCS%', 'https://x.io/docs/a', false, false],
    ['%DOCS%', 'https://x.io/docs/a', true, true],
    ['%a%b%', 'xa--by', false, true],
    ['%a_b%', 'axb', false, true],
    ['%a_b%', 'ab', false, false],
    ['%a_b%', 'a\nb', false, false],
    ['%a%c%', 'a\nc', false, false],
    ['%a%c%', 'a\nac', false, true],
    ['%a%c%', 'ab\nxac', false, true],
    ['%a\nc%', 'a\nc', false, true],
    ['%a_c%', 'a😀c', false, true],
    ['%a__c%', 'a😀c', false, false],
    ['%a\\c%', 'a\\c', false, true],
    ['%.*%', 'abc', false, false],
    ['%.*%', 'a.*b', false, true],
    ['%%', '', false, true],
    ['%ſ%', 'S', true, true],
    ['%K%', 'k', true, true],
    ['%straße%', 'STRASSE', true, false],
    ['%σ%', 'ς', true, true],
    ['%x%y%z%', 'x1\ny2z', false, false],
    ['%x%y%z%', 'xy\nxyz', false, true],
    ['%ab%ab%', 'abab', false, true],
    ['%ab%ab%', 'aba', false, false],
  ];
  it.each(cases)('LIKE %j on %j (ci=%s) is %s', (pattern, subject, ci, expected) => {
    expect(compileLike(pattern, ci)(subject)).toBe(expected);
  });
});
