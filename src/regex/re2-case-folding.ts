// Case-insensitive matching as RE2 does it. Under (?i) RE2 replaces a literal by its folding
// orbit and closes every class range under folding, using the Unicode tables of its own build.
// Those are older than Node's (src/regex/case-fold.ts), so the orbits come from a table measured
// on re2-wasm (re2-case-orbits.ts, kept in step by a test); case-fold.ts stays the reference for
// ILIKE. The table is unpacked on first use.
import { type CodePointSet, createSet } from './code-point-set.js';
import { re2CaseOrbits } from './re2-case-orbits.js';

let orbitOf: Map<number, readonly number[]> | undefined;
let casedCodePoints: Int32Array | undefined;

function unpack(): Map<number, readonly number[]> {
  const map = new Map<number, readonly number[]>();
  for (const group of re2CaseOrbits.split(';')) {
    const orbit = group.split(',').map((m) => parseInt(m, 36));
    for (const cp of orbit) map.set(cp, orbit);
  }
  orbitOf = map;
  casedCodePoints = Int32Array.from([...map.keys()].sort((a, b) => a - b));
  return map;
}

/** The code points RE2's (?i) treats as equal to `cp`, `cp` included. */
export function findRe2CaseOrbit(cp: number): readonly number[] {
  return (orbitOf ?? unpack()).get(cp) ?? [cp];
}

/** Index of the first cased code point >= cp. */
function findFirstCasedAtLeast(cased: Int32Array, cp: number): number {
  let lo = 0;
  let hi = cased.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cased[mid] ?? 0) < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `set` closed under RE2's case folding: what a class or literal matches under (?i). Only the
 * code points that have other cases are visited, so large ranges cost nothing extra.
 */
export function closeUnderCaseFolding(set: CodePointSet): CodePointSet {
  const orbits = orbitOf ?? unpack();
  const cased = casedCodePoints ?? new Int32Array(0);
  const extra: number[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const hi = set[i + 1] ?? 0;
    for (let k = findFirstCasedAtLeast(cased, set[i] ?? 0); k < cased.length; k++) {
      const cp = cased[k] ?? 0;
      if (cp > hi) break;
      for (const member of orbits.get(cp) ?? []) extra.push(member, member);
    }
  }
  return extra.length === 0 ? set : createSet([...set, ...extra]);
}
