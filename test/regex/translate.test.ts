// The RE2 parser and the JavaScript emitter: what each construct becomes, which constructs
// fall back to RE2, and (checked against re2-wasm) what they match.
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../src/regex/index.js';
import { parseRe2 } from '../../src/regex/parse.js';
import { translateToJs } from '../../src/regex/translate.js';
import { re2Only } from './re2-reference.js';

function jsSource(pattern: string): string {
  const translation = translateToJs(pattern);
  if (!translation.ok) throw new Error(`${pattern} not translated: ${translation.reason}`);
  return translation.source;
}

function engineOf(pattern: string): string {
  const compiled = compileRegex(pattern);
  return compiled.ok ? compiled.regex.engine : `error: ${compiled.error}`;
}

/** [pattern, input, expected]: expected is also checked against re2-wasm itself. */
type Case = readonly [string, string, boolean];

function checkCases(cases: readonly Case[]): void {
  for (const [pattern, input, expected] of cases) {
    const compiled = compileRegex(pattern);
    if (!compiled.ok) throw new Error(`${pattern}: ${compiled.error}`);
    expect({ pattern, input, v8: compiled.regex.test(input) }).toEqual({ pattern, input, v8: expected });
    expect({ pattern, input, re2: re2Only(pattern).test(input) }).toEqual({ pattern, input, re2: expected });
  }
}

describe('emitted JavaScript', () => {
  it.each([
    ['abc', 'abc'],
    ['a.c', 'a(?:[^\\x0a\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])c'],
    ['(?s).', '(?:[^\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])'],
    ['.*', '[^\\x0a]*'],
    ['(?s).*x', '[^]*x'],
    ['[^/]+', '(?:[^\\x2f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])[^\\x2f]*'],
    ['\\s', '[\\x09\\x0a\\x0c\\x0d\\x20]'],
    ['\\d+', '[0-9]+'],
    ['\\w', '[0-9A-Z\\x5fa-z]'],
    ['(?i)k', '[Kk\\u212a]'],
    ['(?i)ab', '[Aa][Bb]'],
    ['a|b|[c-e]', '[a-e]'],
    ['(?P<year>\\d{4})-(?<month>\\d\\d)', '[0-9]{4}\\x2d[0-9][0-9]'],
    ['\\x{1F600}', '\\ud83d\\ude00'],
    ['\\x{1F600}+', '(?:\\ud83d\\ude00)+'],
    ['[\\x{1F600}-\\x{1F64F}]', '\\ud83d[\\ude00-\\ude4f]'],
    ['^a$', '^a$'],
    ['\\Aa\\z', '^a$'],
    ['\\ba\\b', '\\ba\\b'],
    ['a\\B', 'a\\B'],
    ['\\Qa.b*\\E', 'a\\x2eb\\x2a'],
    ['\\x41\\x{42}\\101\\0\\a\\f\\t\\n\\r\\v', 'ABA\\x00\\x07\\x0c\\x09\\x0a\\x0d\\x0b'],
    ['\\-\\.\\_\\ ', '\\x2d\\x2e\\x5f\\x20'],
    ['a{2}b{2,}c{2,5}', 'a{2}b{2,}c{2,5}'],
    ['(?U)a+b*?', 'a+?b*'],
    ['\\b{3}^*a', '\\ba'],
    ['[[:alpha:]][[:^digit:]]', '[A-Za-z](?:[^0-9\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])'],
    ['\\x{D800}', '[]'],
    ['', ''],
  ])('%j -> %s', (pattern, source) => {
    expect(jsSource(pattern)).toBe(source);
  });

  it('writes counted repetitions out when V8 would refuse to run them in linear time', () => {
    expect(jsSource('a{16}')).toBe('a{16}');
    expect(jsSource('a{17}')).toBe('a'.repeat(17));
    expect(jsSource('(?:ab){2,4}')).toBe('(?:ab){2,4}');
    expect(jsSource('x{15,17}')).toBe(`${'x'.repeat(15)}(?:x(?:x)?)?`);
    expect(jsSource('x{16,}')).toBe(`${'x'.repeat(16)}x*`);
    expect(jsSource('(?:a{4}){5}')).toBe('(?:aaaa)'.repeat(5));
  });
});

describe('constructs that fall back to RE2', () => {
  it.each([
    ['\\pN', 'Unicode class \\p'],
    ['\\p{Greek}', 'Unicode class \\p'],
    ['\\PL', 'Unicode class \\p'],
    ['[\\p{Lu}a]', 'Unicode class \\p'],
    ['\\C', 'any byte \\C'],
    ['(?m)^a', '(?m) line anchor'],
    ['(?m:a$)', '(?m) line anchor'],
    ['\\Bx', '\\B where a match can start'],
    ['a?\\B', '\\B where a match can start'],
  ])('%j (%s)', (pattern, reason) => {
    expect(translateToJs(pattern)).toEqual({ ok: false, reason });
    expect(engineOf(pattern)).toBe('re2');
  });

  it('keeps (?m) on the V8 path when the pattern has no ^ or $', () => {
    expect(engineOf('(?m)a.b')).toBe('v8');
  });
});

describe('parser', () => {
  it('scopes flags like RE2', () => {
    checkCases([
      ['(?i)a(?-i)b', 'Ab', true],
      ['(?i)a(?-i)b', 'AB', false],
      ['(?i:a)b', 'AB', false],
      ['(a(?i)b)c', 'aBc', true],
      ['(a(?i)b)c', 'aBC', false],
      ['(?i)(?:a|(?-i)b)c', 'bC', true],
      ['(?i)(?:a|(?-i)b)c', 'BC', false],
      ['(?i)x|y', 'Y', true],
      ['(?s)a.b', 'a\nb', true],
      ['(?s)(?-s:a.b)', 'a\nb', false],
      ['(?is)A.B', 'a\nb', true],
    ]);
  });

  it('applies a repetition to the last item, even across a flag group', () => {
    checkCases([
      ['a(?i)*$', 'aaa', true],
      ['ab*', 'abab', true],
      ['^ab*$', 'abab', false],
      ['^*a', 'a', true],
    ]);
  });

  it('reads { as a literal unless it starts a valid repetition', () => {
    checkCases([
      ['a{,2}', 'a{,2}', true],
      ['a{01}', 'a{01}', true],
      ['a{01}', 'a', false],
      ['x{', 'x{', true],
      ['{', '{', true],
      ['a{1234567890}', 'a{1234567890}', true],
    ]);
  });

  it('reads classes like RE2', () => {
    checkCases([
      ['[]a]', ']', true],
      ['[^]a]', ']', false],
      ['[]-a]', '^', true],
      ['[a-]', '-', true],
      ['[a-b-c]', '-', true],
      ['[\\d-z]', '-', true],
      ['[[]', '[', true],
      ['[[:alpha]', ':', true],
      ['[[:word:]]', '_', true],
      ['[[:^alpha:]]', 'a', false],
      ['[\\-]', '-', true],
      ['[^a]', '\n', true],
      ['[^\\n]', '\n', false],
    ]);
  });

  it('reads escapes like RE2', () => {
    checkCases([
      ['^\\0123$', '\n3', true],
      ['^\\08$', '\u00008', true],
      ['^\\377$', '\u00ff', true],
      ['^\\x{10FFFF}$', '\u{10ffff}', true],
      ['\\Qa\\\\E', 'a\\', true],
      ['\\Q*+', 'x*+', true],
      ['\\v', '\u000b', true],
      ['\\s', '\u000b', false],
      ['\\S', '\u000b', true],
    ]);
  });

  it('gives reasons, never guesses, for what it does not translate', () => {
    expect(parseRe2('\\p{Greek}')).toEqual({ ok: false, reason: 'Unicode class \\p' });
    expect(parseRe2('(?x)a')).toEqual({ ok: false, reason: '(?x' });
  });
});

describe('regressions', () => {
  it('never negates a class that excludes U+FFFF (the V8 linear engine mishandles it)', () => {
    for (const pattern of ['[\\x00-\\x7e]', '[^\\x{7f}-\\x{10FFFF}]', '[^a-\\x{FFFF}]', '[^\\x{FFFF}]']) {
      const translation = translateToJs(pattern);
      if (!translation.ok) throw new Error(translation.reason);
      expect(translation.source).not.toMatch(/\[\^/);
      for (const input of ['\u03c3', '\uffff', 'x']) {
        expect({ pattern, input, linear: translation.linear.test(input) }).toEqual({
          pattern,
          input,
          linear: re2Only(pattern).test(input),
        });
      }
    }
  });
});
