// Shared by the regex tests: re2-wasm's own answer for a pattern, and inputs that exercise the
// places where RE2 and JavaScript regexes differ (code points vs code units, case folding,
// newlines, lone surrogates).
import { Re2Regex } from '../../src/regex/re2-regex.js';
import { spellNamedGroupsForRe2 } from '../../src/regex/re2-validate.js';

/** Evaluates `pattern` with re2-wasm only (the RE2 path), whatever the V8 path would do. */
export function re2Only(pattern: string): Re2Regex {
  return new Re2Regex(pattern, spellNamedGroupsForRe2(pattern));
}

/** Characters for generated inputs: one per line of trouble. */
export const inputAlphabet: readonly string[] = [
  'a', 'b', 'A', 'B', 'x', 'z', '0', '9', '_', '-', ' ', '.', '/', ':', '\\', '[', ']',
  '\n', '\r', '\t', '\v', '\f', '\0',
  'k', 'K', '\u212a', // Kelvin sign folds with k
  's', 'S', '\u017f', // long s folds with s
  '\u03c3', '\u03c2', '\u03a3', // σ ς Σ
  '\u00df', '\u1e9e', // ß ẞ
  '\u01c4', '\u01c5', '\u01c6', // Ǆ ǅ ǆ
  '\u00e9', '\u00c9', // é É
  '\u0264', '\ua7cb', // ɤ and its capital, paired only since Unicode 16 (not in RE2's tables)
  '\ufffd', '\uffff', '\u2028',
  '\u{1f600}', '\u{1f602}', // astral, no case
  '\u{10400}', '\u{10428}', // Deseret capital and small letter: astral case pair
  '\ud800', '\udc00', // lone surrogates: RE2 sees U+FFFD
];

/** Inputs every pattern of the hand-written corpus is tried on. */
export const corpusInputs: readonly string[] = [
  '', 'a', 'ab', 'abc', 'ba', 'aaa', 'a\n', '\na', 'a\nb', 'a\r\nb', '\n', '\r',
  'K', 'k', '\u212a', 'S', 's', '\u017f', 'hello world', 'Hello', 'HELLO', 'x-y', 'x_y',
  '\u{1f600}', 'a\u{1f600}b', '\u{1f600}\u{1f600}', '\u{10400}', '\u{10428}',
  '\ud800', 'a\ud800b', '\udc00a', '\ufffd', 'a\ufffdb', '\u03c3\u03c2\u03a3', '\u0264', '\ua7cb',
  'https://example.com/checkout?id=42', 'http://x.y/a/b/c', '2024-01-31', '127.0.0.1', '',
];
