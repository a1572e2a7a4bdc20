// Sets of Unicode code points, the meaning of every RE2 character class, literal and `.`.
// A set is a flat array of inclusive ranges [lo0, hi0, lo1, hi1, …], sorted, disjoint and
// never adjacent, so two equal sets have equal arrays. RE2 works on code points (runes) over
// the whole range 0..0x10FFFF, surrogates included; the emitter removes those at the end.

export type CodePointSet = readonly number[];

export const MAX_CODE_POINT = 0x10ffff;
export const EMPTY_SET: CodePointSet = [];
export const ALL_CODE_POINTS: CodePointSet = [0, MAX_CODE_POINT];
export const SURROGATES: CodePointSet = [0xd800, 0xdfff];
export const ASTRAL: CodePointSet = [0x10000, MAX_CODE_POINT];

/** The set of the given ranges (pairs lo, hi in any order and overlap). */
export function createSet(pairs: readonly number[]): CodePointSet {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const lo = pairs[i] ?? 0;
    const hi = pairs[i + 1] ?? 0;
    if (lo <= hi) ranges.push([lo, hi]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of ranges) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] ?? 0) + 1) {
      if (hi > (out[last] ?? 0)) out[last] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** The set holding exactly the given code points. */
export function createSetOfCodePoints(codePoints: readonly number[]): CodePointSet {
  const pairs: number[] = [];
  for (const cp of codePoints) pairs.push(cp, cp);
  return createSet(pairs);
}

export function uniteSets(sets: readonly CodePointSet[]): CodePointSet {
  if (sets.length === 1) return sets[0] ?? EMPTY_SET;
  return createSet(sets.flat());
}

/** Every code point 0..0x10FFFF that is not in `set`. */
export function complementSet(set: CodePointSet): CodePointSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i] ?? 0;
    if (lo > next) out.push(next, lo - 1);
    next = (set[i + 1] ?? 0) + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

export function intersectSets(a: CodePointSet, b: CodePointSet): CodePointSet {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] ?? 0, b[j] ?? 0);
    const aHi = a[i + 1] ?? 0;
    const bHi = b[j + 1] ?? 0;
    const hi = Math.min(aHi, bHi);
    if (lo <= hi) out.push(lo, hi);
    if (aHi < bHi) i += 2;
    else j += 2;
  }
  return out;
}

export function subtractSet(a: CodePointSet, b: CodePointSet): CodePointSet {
  return intersectSets(a, complementSet(b));
}

export function hasCodePoint(set: CodePointSet, cp: number): boolean {
  for (let i = 0; i < set.length; i += 2) {
    if (cp < (set[i] ?? 0)) return false;
    if (cp <= (set[i + 1] ?? 0)) return true;
  }
  return false;
}

/** The single code point of a one-element set, or undefined. */
export function findSingleCodePoint(set: CodePointSet): number | undefined {
  return set.length === 2 && set[0] === set[1] ? set[0] : undefined;
}

// RE2's Perl classes are ASCII-only: \s is [\t\n\f\r ] (no \v), \d and \w have no Unicode digits
// or letters.
export const perlClasses: Readonly<Record<string, CodePointSet>> = {
  d: createSet([0x30, 0x39]),
  s: createSet([0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]),
  w: createSet([0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]),
};

// RE2's POSIX classes ([[:alpha:]] and friends), ASCII-only as well.
export const posixClasses: Readonly<Record<string, CodePointSet>> = {
  alnum: createSet([0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a]),
  alpha: createSet([0x41, 0x5a, 0x61, 0x7a]),
  ascii: createSet([0x00, 0x7f]),
  blank: createSet([0x09, 0x09, 0x20, 0x20]),
  cntrl: createSet([0x00, 0x1f, 0x7f, 0x7f]),
  digit: createSet([0x30, 0x39]),
  graph: createSet([0x21, 0x7e]),
  lower: createSet([0x61, 0x7a]),
  print: createSet([0x20, 0x7e]),
  punct: createSet([0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e]),
  space: createSet([0x09, 0x0d, 0x20, 0x20]),
  upper: createSet([0x41, 0x5a]),
  word: createSet([0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]),
  xdigit: createSet([0x30, 0x39, 0x41, 0x46, 0x61, 0x66]),
};
