// An upper estimate of what compiling a pattern costs, read from its text in one pass before
// RE2 sees it. RE2 (re2-wasm) compiles counted repetitions by copying (`x{1000}` is a thousand
// copies of x) and Unicode classes into large UTF-8 automata, and gives up only when its heap
// is exhausted: `\pL{1000}` spends 2 s before answering "pattern too large", `\p{Greek}{1000}`
// 1.4 s before succeeding, and the first search of such a pattern costs as much again. Refusing
// what this estimate calls too large bounds the compile work of every pattern, deterministically
// (the same pattern is refused on every machine and after every restart, unlike a time limit).
//
// Units, calibrated on re2-wasm: a literal or a small class item is 1; `.`, `\C`, a negated
// class or a Perl class is ANY_COST (a multi-byte UTF-8 automaton); a Unicode class (`\pL`,
// `\p{Greek}`, `[[:^alpha:]]` is not one) is UNICODE_CLASS_COST; an alternation adds its
// branches; `x{n,m}` multiplies x by m (by n + 1 for `{n,}`), as RE2 copies it; `(?i)` anywhere
// doubles the whole (case folding adds a range per letter).
//
// Counted repetitions RE2 refuses while parsing (a count over 1000, nested counts whose product
// is over 1000, `{2,1}`) cost nothing here: RE2 answers them at once with its own message.

/** Units of a Unicode property class: about what 10 literal pages of UTF-8 ranges cost RE2. */
export const UNICODE_CLASS_COST = 1000;
/** Units of `.` and of classes whose UTF-8 form spans many ranges. */
export const ANY_COST = 10;
/** Most units a pattern may cost: `\pL{10}`, `.{1000}`, `a{10000}`; compile work stays within ~0.1 s. */
export const MAX_REGEX_COST = 10_000;

interface Frame {
  /** Units of the alternatives already closed by `|`. */
  closed: number;
  /** Units of the alternative being read. */
  current: number;
  /** Units of the last item, which a repetition applies to. */
  last: number;
  /** Product of the counted repetitions of the last item, nested ones included. */
  lastRepeats: number;
  /** The largest such product of any item of the frame. */
  maxRepeats: number;
}

/** RE2's largest count, and the largest product of nested counts it accepts. */
const MAX_REPEAT = 1000;

const newFrame = (): Frame => ({ closed: 0, current: 0, last: 0, lastRepeats: 1, maxRepeats: 1 });

const perlClasses = new Set(['d', 'D', 'w', 'W', 's', 'S']);

/** The index just past a `\p` / `\P` class starting at `at` (the backslash). */
function skipUnicodeClass(pattern: string, at: number): number {
  if (pattern[at + 2] !== '{') return at + 3;
  const close = pattern.indexOf('}', at + 3);
  return close < 0 ? pattern.length : close + 1;
}

/** The cost of the character class opening at `at`, and the index just past it. */
function readClassCost(pattern: string, at: number): [number, number] {
  let index = at + 1;
  let cost = 1;
  if (pattern[index] === '^') {
    cost += ANY_COST;
    index += 1;
  }
  // A `]` right after `[` or `[^` is a literal.
  if (pattern[index] === ']') {
    cost += 1;
    index += 1;
  }
  while (index < pattern.length && pattern[index] !== ']') {
    if (pattern.startsWith('[:', index)) {
      const close = pattern.indexOf(':]', index + 2);
      cost += ANY_COST;
      index = close < 0 ? pattern.length : close + 2;
    } else if (pattern[index] === '\\') {
      const next = pattern[index + 1] ?? '';
      if (next === 'p' || next === 'P') {
        cost += UNICODE_CLASS_COST;
        index = skipUnicodeClass(pattern, index);
      } else {
        cost += perlClasses.has(next) ? ANY_COST : 1;
        index += 2;
      }
    } else {
      cost += 1;
      index += 1;
    }
  }
  return [cost, index + 1];
}

// RE2's repetition syntax: integers without leading zeros and of at most 8 digits; anything else
// makes the `{` a literal.
const countSyntax = /^\{(0|[1-9]\d{0,7})(,(0|[1-9]\d{0,7})?)?\}/;

/**
 * A `{n}`, `{n,}` or `{n,m}` at `at`: how many copies RE2 makes, whether RE2 refuses it (a bound
 * over MAX_REPEAT, m < n), and the index past it; null when the `{` is a literal.
 */
function readCount(pattern: string, at: number): { copies: number; refused: boolean; next: number } | null {
  const found = countSyntax.exec(pattern.slice(at, at + 24));
  if (found === null) return null;
  const low = Number(found[1]);
  const high = found[2] === undefined ? low : found[3] === undefined ? null : Number(found[3]);
  const refused = low > MAX_REPEAT || (high !== null && (high > MAX_REPEAT || high < low));
  return { copies: Math.max(1, high ?? low + 1), refused, next: at + found[0].length };
}

/** The estimated compile cost of `pattern`, in the units above. Never throws. */
export function estimateRegexCost(pattern: string): number {
  const frames: Frame[] = [newFrame()];
  let folds = false;
  let refusedByRe2 = false;
  let index = 0;
  const top = (): Frame => frames[frames.length - 1] as Frame;
  const item = (cost: number, repeats = 1): void => {
    top().current += cost;
    top().last = cost;
    top().lastRepeats = repeats;
    top().maxRepeats = Math.max(top().maxRepeats, repeats);
  };
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      if (next === 'p' || next === 'P') {
        item(UNICODE_CLASS_COST);
        index = skipUnicodeClass(pattern, index);
      } else if (next === 'Q') {
        const end = pattern.indexOf('\\E', index + 2);
        const literal = end < 0 ? pattern.length - index - 2 : end - index - 2;
        top().current += literal;
        top().last = 1;
        index = end < 0 ? pattern.length : end + 2;
      } else if (next === 'x' && pattern[index + 2] === '{') {
        // \x{10FFFF}: one code point, whose braces are no repetition.
        const close = pattern.indexOf('}', index + 3);
        item(1);
        index = close < 0 ? pattern.length : close + 1;
      } else {
        item(perlClasses.has(next) || next === 'C' ? ANY_COST : 1);
        index += 2;
      }
    } else if (char === '[') {
      const [cost, after] = readClassCost(pattern, index);
      item(cost);
      index = after;
    } else if (char === '(') {
      // `(?flags)` sets flags without a group; `(?flags:`, `(?P<name>`, `(?<name>` open one.
      const flags = /^\(\?([imsU-]*)([:)])/.exec(pattern.slice(index, index + 12));
      if (flags !== null && (flags[1] ?? '').includes('i')) folds = true;
      if (flags !== null && flags[2] === ')') {
        index += flags[0].length;
        continue;
      }
      frames.push(newFrame());
      index += flags === null ? 1 : flags[0].length;
    } else if (char === ')') {
      if (frames.length > 1) {
        const group = frames.pop() as Frame;
        item(group.closed + group.current + 1, group.maxRepeats);
      }
      index += 1;
    } else if (char === '|') {
      top().closed += top().current + 1;
      top().current = 0;
      top().last = 0;
      index += 1;
    } else if (char === '{') {
      const count = readCount(pattern, index);
      if (count === null) {
        item(1);
        index += 1;
      } else {
        // The item is copied `copies` times in all; it is counted once already.
        const frame = top();
        frame.current += frame.last * (count.copies - 1);
        frame.last *= count.copies;
        frame.lastRepeats *= count.copies;
        frame.maxRepeats = Math.max(frame.maxRepeats, frame.lastRepeats);
        if (count.refused || frame.lastRepeats > MAX_REPEAT) refusedByRe2 = true;
        index = count.next;
      }
    } else if (char === '*' || char === '+' || char === '?') {
      top().current += 1;
      index += 1;
    } else {
      item(char === '.' ? ANY_COST : 1);
      // A surrogate pair is one code point.
      const code = char.charCodeAt(0);
      index += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
  }
  if (refusedByRe2) return 0;
  let total = 0;
  for (const frame of frames) total += frame.closed + frame.current;
  return folds ? total * 2 : total;
}
