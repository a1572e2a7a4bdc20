// No pattern may hang the process. Classic catastrophic-backtracking patterns run on the V8
// path, where V8 switches to its linear-time engine once backtracking runs away. The guard is
// each test's own timeout: without the fallback these take minutes to years.
import { describe, expect, it } from 'vitest';
import { type CompiledRegex, compileRegex } from '../../src/regex/index.js';

function compiled(pattern: string): CompiledRegex {
  const result = compileRegex(pattern);
  if (!result.ok) throw new Error(`${pattern}: ${result.error}`);
  return result.regex;
}

describe('catastrophic backtracking', () => {
  it.each([
    ['^(\\w+\\s?)*$', `${'a'.repeat(40)}!`],
    ['^(a+)+$', `${'a'.repeat(40)}!`],
    ['^(a|aa)+$', `${'a'.repeat(60)}!`],
    ['^(a|a?)+$', `${'a'.repeat(40)}!`],
    ['(x+x+)+y', 'x'.repeat(60)],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'],
    ['^(\\d+)*\\.$', `${'1'.repeat(50)}x`],
    ['(.*a){20}', 'a'.repeat(40)],
    ['^(?:[a-z0-9]+[._-]?)*[a-z0-9]+@example\\.com$', `${'a'.repeat(60)}!`],
  ])('%j against %j finishes (V8 path)', (pattern, input) => {
    const regex = compiled(pattern);
    expect(regex.engine).toBe('v8');
    expect(regex.test(input)).toBe(pattern === '(.*a){20}');
    // Repeated calls stay fast too (the switch happens per call).
    for (let i = 0; i < 5; i++) regex.test(input);
  }, 10_000);

  it('still answers on inputs whose backtracking stack would overflow', () => {
    // V8's backtracking engine throws "Maximum call stack size exceeded" on this one; test()
    // then reruns it on the linear engine.
    const regex = compiled('^(?:a|bc)*$');
    const long = `${'a'.repeat(10_000_000)}!`;
    expect(regex.test(long)).toBe(false);
    expect(regex.test(long.slice(0, -1))).toBe(true);
  }, 30_000);
});
