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
}

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

/** The bounds of a valid `{n}`, `{n,}` or `{n,m}` at `at`, and the index past it; else null. */
function readCount(pattern: string, at: number): [number, number] | null {
  const found = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at, at + 16));
  if (found === null) return null;
  const low = Number(found[1]);
  const high = found[2] === undefined ? low : found[3] === '' ? low + 1 : Number(found[3]);
  return [Math.max(1, low, high), at + found[0].length];
}

/** The estimated compile cost of `pattern`, in the units above. Never throws. */
export function estimateRegexCost(pattern: string): number {
  const frames: Frame[] = [{ closed: 0, current: 0, last: 0 }];
  let folds = false;
  let index = 0;
  const top = (): Frame => frames[frames.length - 1] as Frame;
  const item = (cost: number): void => {
    top().current += cost;
    top().last = cost;
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
      frames.push({ closed: 0, current: 0, last: 0 });
      index += flags === null ? 1 : flags[0].length;
    } else if (char === ')') {
      if (frames.length > 1) {
        const group = frames.pop() as Frame;
        item(group.closed + group.current + 1);
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
        // The item is copied `times` times in all; it is counted once already.
        top().current += top().last * (count[0] - 1);
        top().last *= count[0];
        index = count[1];
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
  let total = 0;
  for (const frame of frames) total += frame.closed + frame.current;
  return folds ? total * 2 : total;
}
