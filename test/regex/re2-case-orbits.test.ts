// The generated RE2 case-folding table (src/regex/re2-case-orbits.ts) must be what re2-wasm
// does, and must relate to case-fold.ts (Node's Unicode) only by lacking newer pairs.
import { describe, expect, it } from 'vitest';
import { caseVariants } from '../../src/regex/unicode-case-variants.js';
import { complementSet, createSet, createSetOfCodePoints, subtractSet } from '../../src/regex/code-point-set.js';
import { findRe2CaseOrbit } from '../../src/regex/re2-case-folding.js';
import { withRe2 } from '../../src/regex/re2-runtime.js';

const hex = (cp: number): string => `\\x{${cp.toString(16)}}`;

/** Runs `pattern` on each input with re2-wasm directly; returns the inputs it matched. */
function re2Matches(pattern: string, inputs: readonly string[]): string[] {
  return withRe2((re2) => {
    const handle = re2.compile(pattern);
    try {
      if (!handle.ok()) throw new Error(handle.error());
      return inputs.filter((input) => handle.match(input, 0, false).index >= 0);
    } finally {
      handle.delete();
    }
  }, []);
}

/** Every case-fold.ts class with more than one member. */
function jsCaseClasses(): number[][] {
  const classes: number[][] = [];
  const seen = new Set<number>();
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (seen.has(cp) || (cp >= 0xd800 && cp <= 0xdfff)) continue;
    const members = caseVariants(cp);
    if (members.length < 2) continue;
    for (const m of members) seen.add(m);
    classes.push([...members]);
  }
  return classes;
}

describe('RE2 case orbits', () => {
  const classes = jsCaseClasses();

  it('match what re2-wasm folds together, class by class', () => {
    let differing = 0;
    for (const members of classes) {
      const strings = members.map((cp) => String.fromCodePoint(cp));
      for (const cp of members) {
        const found = re2Matches(`(?i)^${hex(cp)}$`, strings).map((s) => s.codePointAt(0));
        expect({ cp, orbit: [...findRe2CaseOrbit(cp)] }).toEqual({ cp, orbit: found });
        if (found.length !== members.length) differing++;
      }
    }
    // Newer Unicode versions than RE2's added these pairs (e.g. U+0264 / U+A7CB).
    expect(differing).toBeGreaterThan(0);
    expect(findRe2CaseOrbit(0x264)).toEqual([0x264]);
    expect(findRe2CaseOrbit(0x6b)).toEqual([0x4b, 0x6b, 0x212a]);
  }, 60_000);

  it('leave every code point caseless in case-fold.ts caseless in RE2', () => {
    const cased = createSetOfCodePoints(classes.flat());
    const caseless = subtractSet(complementSet(cased), createSet([0xd800, 0xdfff]));
    // Under (?i) RE2 closes the class under its folding before negating it; a caseless code
    // point folded with a cased one would drop out of [^cased]. Check them all, in chunks.
    let body = '';
    for (let i = 0; i < cased.length; i += 2) body += `${hex(cased[i] ?? 0)}-${hex(cased[i + 1] ?? 0)}`;
    const chunks: string[] = [];
    let chunk = '';
    for (let i = 0; i < caseless.length; i += 2) {
      for (let cp = caseless[i] ?? 0; cp <= (caseless[i + 1] ?? 0); cp++) {
        chunk += String.fromCodePoint(cp);
        if (chunk.length >= 20_000) {
          chunks.push(chunk);
          chunk = '';
        }
      }
    }
    chunks.push(chunk);
    expect(re2Matches(`(?i)^[^${body}]*$`, chunks).length).toBe(chunks.length);
  }, 60_000);
});


