// compileRegex: RE2-exact validation with clean messages, interning, and the behaviour both
// engines share (unanchored search, RE2's `$`, lone surrogates read as U+FFFD).
import { describe, expect, it } from 'vitest';
import { type CompiledRegex, compileRegex } from '../../src/regex/index.js';
import { re2Only } from './re2-reference.js';

function compiled(pattern: string): CompiledRegex {
  const result = compileRegex(pattern);
  if (!result.ok) throw new Error(`${pattern}: ${result.error}`);
  return result.regex;
}

describe('compileRegex errors', () => {
  it.each([
    ['(', 'missing )'],
    ['(?:a', 'missing )'],
    ['x(a', 'missing )'],
    ['a)', 'unexpected )'],
    ['[a', 'missing ]: [a'],
    ['x[a', 'missing ]: [a'],
    ['\\', 'trailing \\'],
    ['a\\', 'trailing \\'],
    ['\\u0041', 'invalid escape sequence: \\u'],
    ['\\cA', 'invalid escape sequence: \\c'],
    ['(a)\\1', 'invalid escape sequence: \\1'],
    ['\\8', 'invalid escape sequence: \\8'],
    ['\\Z', 'invalid escape sequence: \\Z'],
    ['\\E', 'invalid escape sequence: \\E'],
    ['(?=a)', 'invalid perl operator: (?='],
    ['(?!a)', 'invalid perl operator: (?!'],
    ['(?<=a)b', 'invalid perl operator: (?<'],
    ['(?<!a)b', 'invalid perl operator: (?<'],
    ['(?x)a', 'invalid perl operator: (?x'],
    ['(?P=n)', 'invalid perl operator: (?P'],
    ['(?<a-b>x)', 'invalid named capture group: (?<a-b>'],
    ['(?P<a-b>x)', 'invalid named capture group: (?P<a-b>'],
    ['a**', 'bad repetition operator: **'],
    ['a{2}{3}', 'bad repetition operator: {2}{3}'],
    ['*a', 'no argument for repetition operator: *'],
    ['a{1001}', 'invalid repetition size: {1001}'],
    ['a{2,1}', 'invalid repetition size: {2,1}'],
    ['(a{100}){100}', 'invalid repetition size: {100}'],
    ['[z-a]', 'invalid character class range: z-a'],
    ['[[:foo:]]', 'invalid character class range: [:foo:]'],
    ['\\p{Nope}', 'invalid character class range: \\p{Nope}'],
    ['a\ud800', 'invalid UTF-8'],
  ])('%j: %s', (pattern, error) => {
    expect(compileRegex(pattern)).toEqual({ ok: false, error });
  });

  it('accepts what RE2 accepts', () => {
    for (const pattern of ['', '(?i)', '(?P<n>a)', '(?<n>a)', '[(?<x>)]', '\\pN', '\\C', '(?m)^a$', 'a{1000}', '(?U)x+']) {
      expect(compileRegex(pattern).ok).toBe(true);
    }
  });
});

describe('compileRegex results', () => {
  it('interns: the same pattern gives the same object', () => {
    const a = compileRegex('^inter(n|ned)$');
    const b = compileRegex('^inter(n|ned)$');
    expect(a.ok && b.ok && a.regex === b.regex).toBe(true);
    const c = compileRegex('\\p{Greek}+');
    const d = compileRegex('\\p{Greek}+');
    expect(c.ok && d.ok && c.regex === d.regex).toBe(true);
  });

  it('keeps the pattern as given and names its engine', () => {
    const regex = compiled('(?<id>\\d+)');
    expect(regex.source).toBe('(?<id>\\d+)');
    expect(regex.engine).toBe('v8');
    expect(compiled('\\pL').engine).toBe('re2');
  });

  it('searches unanchored, with RE2 anchors', () => {
    expect(compiled('b').test('abc')).toBe(true);
    expect(compiled('^b').test('abc')).toBe(false);
    expect(compiled('a$').test('a\n')).toBe(false); // RE2's $ is the end of text
    expect(compiled('^$').test('')).toBe(true);
    expect(compiled('').test('anything')).toBe(true);
    expect(compiled('(?m)a$').test('a\nb')).toBe(true);
    expect(compiled('(?m)^b').test('a\rb')).toBe(false); // only \n ends a line in RE2
  });
});

describe('lone surrogates read as U+FFFD on both engines', () => {
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ['^\\x{FFFD}$', '\ud800', true],
    ['^.$', '\ud800', true],
    ['^.$', '\udc00', true],
    ['^..$', '\ud800a', true],
    ['a', '\ud800a', true], // re2-wasm's own encoder would fuse the pair and lose the a
    ['^\\x{FFFD}b', '\udc00b', true],
    ['^[^a]b$', '\ud800b', true],
    ['^[^\\x{FFFD}]', '\ud800', false],
    ['^[^\\x{FFFD}]*$', 'x\udfffy', false],
    ['^\\W$', '\ud800', true],
    ['\\b', '\ud800', false],
    ['^.$', '\ud83d\ude00', true], // a valid pair stays one character
  ];
  it.each(cases)('%j on %j: %s', (pattern, input, expected) => {
    expect(compiled(pattern).test(input)).toBe(expected);
    expect(re2Only(pattern).test(input)).toBe(expected);
  });

  it.each(cases)('%j on %j through the RE2 path (\\C forces it)', (pattern, input, expected) => {
    const forced = compiled(`(?:${pattern})|\\C\\z\\A`);
    expect(forced.engine).toBe('re2');
    expect(forced.test(input)).toBe(expected);
  });
});
