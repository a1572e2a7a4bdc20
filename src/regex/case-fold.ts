// Case-insensitive comparison as RE2's (?i) does it, for ILIKE and the literal index: two code
// points are equal when they lie in the same RE2 case-folding orbit (re2-case-orbits.ts, measured
// on the RE2 build PostHog's semantics follow). Each orbit is represented by one member; folding
// a string maps every code point to its orbit's representative.
import { findRe2CaseOrbit } from './re2-case-folding.js';
import { re2CaseOrbits } from './re2-case-orbits.js';

let bmpFolds: Uint16Array | undefined;
let astralFolds: Map<number, number> | undefined;

/**
 * The representative of an orbit: its ASCII lowercase letter when it has one (so that plain
 * `toLowerCase` folds ASCII strings exactly), else its smallest member.
 */
function representativeOf(orbit: readonly number[]): number {
  const asciiLower = orbit.find((cp) => cp >= 0x61 && cp <= 0x7a);
  return asciiLower ?? Math.min(...orbit);
}

function unpack(): Uint16Array {
  const bmp = new Uint16Array(0x10000);
  for (let i = 0; i < bmp.length; i++) bmp[i] = i;
  const astral = new Map<number, number>();
  for (const group of re2CaseOrbits.split(';')) {
    const first = parseInt(group.split(',')[0] ?? '', 36);
    const orbit = findRe2CaseOrbit(first);
    const rep = representativeOf(orbit);
    for (const cp of orbit) {
      if (cp < 0x10000) bmp[cp] = rep;
      else astral.set(cp, rep);
    }
  }
  bmpFolds = bmp;
  astralFolds = astral;
  return bmp;
}

/** The representative of `cp`'s case-folding orbit (`cp` itself when it has no other case). */
export function foldCodePoint(cp: number): number {
  if (cp < 0x10000) return (bmpFolds ?? unpack())[cp] ?? cp;
  if (!astralFolds) unpack();
  return astralFolds?.get(cp) ?? cp;
}

const asciiOnly = /^[\x00-\x7f]*$/;

/**
 * Folds every code point of `s`. ASCII strings take the fast path (`toLowerCase` is exact
 * there); the result has the same number of code points as `s`.
 */
export function foldString(s: string): string {
  if (asciiOnly.test(s)) return s.toLowerCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += String.fromCodePoint(foldCodePoint(((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000));
        i++;
        continue;
      }
    }
    out += String.fromCharCode(foldCodePoint(unit));
  }
  return out;
}
