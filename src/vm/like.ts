// SQL LIKE as PostHog's VM evaluates it for `contains` (SEMANTICS.md §4): the value is searched
// anywhere in the subject; inside it `%` matches any run of characters except a newline and
// `_` exactly one code point except a newline; everything else is literal. No regex engine:
// plain values (the common case) are one indexOf, the rest a small linear scan.
import { foldCodePoint, foldString } from '../regex/case-fold.js';

/** A LIKE test compiled once from a filter value. */
export type LikeTest = (subject: string) => boolean;

const NEWLINE = 10;
/** Marks `_` inside a segment. */
const ANY_ONE = -1;

const alwaysTrue: LikeTest = () => true;

/**
 * Compiles `value` (the part between the implicit `%…%`) into a search.
 * `caseInsensitive` folds both sides with Unicode simple case folding, as RE2's (?i) does.
 */
export function compileLike(value: string, caseInsensitive: boolean): LikeTest {
  const segments = splitSegments(value, caseInsensitive);
  if (segments.length === 0) return alwaysTrue;
  const only = segments[0];
  if (segments.length === 1 && only !== undefined && !only.includes(ANY_ONE)) {
    const literal = String.fromCodePoint(...only);
    return caseInsensitive
      ? (subject) => foldString(subject).includes(literal)
      : (subject) => subject.includes(literal);
  }
  return (subject) => {
    const codePoints = Array.from(caseInsensitive ? foldString(subject) : subject, (c) => c.codePointAt(0) ?? 0);
    return searchSegments(codePoints, segments);
  };
}

/** Splits on `%` into segments of code points (folded if asked), `_` becoming ANY_ONE. */
function splitSegments(value: string, caseInsensitive: boolean): number[][] {
  const segments: number[][] = [];
  let current: number[] = [];
  for (const char of value) {
    const cp = char.codePointAt(0) ?? 0;
    if (char === '%') {
      if (current.length > 0) segments.push(current);
      current = [];
    } else if (char === '_') {
      current.push(ANY_ONE);
    } else {
      current.push(caseInsensitive ? foldCodePoint(cp) : cp);
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

function segmentMatchesAt(subject: readonly number[], segment: readonly number[], at: number): boolean {
  for (let j = 0; j < segment.length; j++) {
    const want = segment[j];
    const have = subject[at + j];
    if (want === ANY_ONE ? have === NEWLINE : want !== have) return false;
  }
  return true;
}

/**
 * Is there a placement of every segment, in order, such that the gaps between consecutive
 * segments contain no newline? For each segment we keep every reachable end position, so a
 * later placement of an earlier segment is still considered when an earlier one is cut off by
 * a newline. Cost: segments × subject length × segment length.
 */
function searchSegments(subject: readonly number[], segments: readonly number[][]): boolean {
  const n = subject.length;
  let reachable: Uint8Array | undefined;
  for (const segment of segments) {
    const next = new Uint8Array(n + 1);
    let found = false;
    let latestEnd = -1;
    let lastNewline = -1;
    for (let p = 0; p + segment.length <= n; p++) {
      if (reachable) {
        if (reachable[p] === 1) latestEnd = p;
        if (p > 0 && subject[p - 1] === NEWLINE) lastNewline = p - 1;
        if (latestEnd < 0 || lastNewline >= latestEnd) continue;
      }
      if (segmentMatchesAt(subject, segment, p)) {
        next[p + segment.length] = 1;
        found = true;
      }
    }
    if (!found) return false;
    reachable = next;
  }
  return true;
}
