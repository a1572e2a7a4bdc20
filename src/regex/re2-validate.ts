// Validation of a pattern by RE2 itself (re2-wasm), freeing everything it allocates in the wasm
// heap. One liberty: `(?<name>…)` is accepted like `(?P<name>…)`, as current RE2 (and so
// ClickHouse) does; the bundled RE2 predates that syntax, so it sees the `(?P<` spelling.
import { withRe2 } from './re2-runtime.js';
import { isWellFormedText } from './well-formed.js';

export type Re2Validation = { ok: true; re2Source: string } | { ok: false; error: string };

// RE2's error texts; an error reads "<text>: <the offending part of the pattern>".
const re2ErrorTexts = [
  'unexpected error',
  'invalid escape sequence',
  'invalid character class range',
  'invalid character class',
  'missing ]',
  'missing )',
  'unexpected )',
  'trailing \\',
  'no argument for repetition operator',
  'missing argument to repetition operator',
  'invalid repetition size',
  'bad repetition operator',
  'invalid perl operator',
  'invalid UTF-8',
  'invalid named capture group',
];

/** Shown when even a fresh RE2 instance runs out of heap compiling the pattern. */
export const PATTERN_TOO_LARGE = 'pattern too large - compile failed';

/** `pattern` with every `(?<name>` group opener spelled `(?P<name>`. */
export function spellNamedGroupsForRe2(pattern: string): string {
  if (!pattern.includes('(?<')) return pattern;
  let out = '';
  let i = 0;
  let classStart = -1; // index of a class's first item while inside one, else -1
  while (i < pattern.length) {
    const c = pattern[i];
    let take = 1;
    if (c === '\\') {
      const quoteEnd = classStart < 0 && pattern[i + 1] === 'Q' ? pattern.indexOf('\\E', i + 2) : -2;
      take = quoteEnd === -2 ? 2 : quoteEnd < 0 ? pattern.length - i : quoteEnd + 2 - i;
    } else if (classStart >= 0) {
      const posixEnd = pattern.startsWith('[:', i) ? pattern.indexOf(':]', i + 2) : -1;
      if (posixEnd >= 0) take = posixEnd + 2 - i;
      else if (c === ']' && i !== classStart) classStart = -1;
    } else if (c === '[') {
      take = pattern[i + 1] === '^' ? 2 : 1;
      classStart = i + take;
    } else if (pattern.startsWith('(?<', i) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
      out += '(?P<';
      i += 3;
      continue;
    }
    out += pattern.slice(i, i + take);
    i += take;
  }
  return out;
}

// Errors whose argument RE2 sets to the whole pattern, which the caller already shows.
const wholePatternErrors = new Set(['missing )', 'unexpected )']);

/** RE2's error without the pattern echoed back, in the spelling the user wrote. */
function cleanError(error: string, pattern: string, re2Source: string): string {
  for (const text of re2ErrorTexts) {
    if (!error.startsWith(`${text}: `)) continue;
    if (wholePatternErrors.has(text)) return text;
    let arg = error.slice(text.length + 2);
    if (re2Source !== pattern && !pattern.includes('(?P<')) arg = arg.replaceAll('(?P<', '(?<');
    return `${text}: ${arg}`;
  }
  return error;
}

/** Compiles `pattern` with RE2 to check it, then frees it. Never throws. */
export function validateWithRe2(pattern: string): Re2Validation {
  // RE2 takes UTF-8; a lone surrogate has no UTF-8 form.
  if (!isWellFormedText(pattern)) return { ok: false, error: 'invalid UTF-8' };
  const re2Source = spellNamedGroupsForRe2(pattern);
  const failure: Re2Validation = { ok: false, error: PATTERN_TOO_LARGE };
  return withRe2((re2): Re2Validation => {
    const handle = re2.compile(re2Source);
    try {
      if (handle.ok()) return { ok: true, re2Source };
      return { ok: false, error: cleanError(handle.error(), pattern, re2Source) };
    } finally {
      handle.delete();
    }
  }, failure);
}
