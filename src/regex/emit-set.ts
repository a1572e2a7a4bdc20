// Code point sets as JavaScript regex source for the non-unicode, non-ignoreCase mode V8's
// linear-time engine accepts. Without the `u` flag a JS regex sees UTF-16 code units, so a set
// becomes a class of its Basic Multilingual Plane members plus surrogate-pair alternatives for
// its astral members. Surrogate code points are dropped: inputs are made well-formed first, so a
// lone surrogate unit never stands for a character, and no class may match half of a pair
// (which is why a negated set is computed as a complement here, never left to JS `[^…]`).
import {
  ASTRAL,
  type CodePointSet,
  findSingleCodePoint,
  hasCodePoint,
  intersectSets,
  subtractSet,
  SURROGATES,
  uniteSets,
} from './code-point-set.js';

export interface SetSource {
  readonly source: string;
  /** True when a quantifier can follow `source` directly. */
  readonly atom: boolean;
}

// Code points 0..0xFFFF, and equally all UTF-16 code units.
const BMP: CodePointSet = [0, 0xffff];

/** One UTF-16 code unit as regex source, escaped unless it is an ASCII letter or digit. */
export function escapeUnit(unit: number): string {
  if ((unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x61 && unit <= 0x7a)) {
    return String.fromCharCode(unit);
  }
  return unit < 0x100 ? `\\x${unit.toString(16).padStart(2, '0')}` : `\\u${unit.toString(16).padStart(4, '0')}`;
}

function formatRanges(units: CodePointSet): string {
  let out = '';
  for (let i = 0; i < units.length; i += 2) {
    const lo = units[i] ?? 0;
    const hi = units[i + 1] ?? 0;
    out += escapeUnit(lo);
    if (hi > lo + 1) out += '-';
    if (hi > lo) out += escapeUnit(hi);
  }
  return out;
}

/**
 * A class over code units 0..0xFFFF, written positively or negated, whichever is shorter.
 * Never negated when U+FFFF is excluded: Node 20's linear-time engine (which also runs the
 * backtracking engine's fallback) gets such classes wrong, e.g. [^\x7f-\uffff] matches "σ".
 */
export function emitUnitClass(units: CodePointSet): string {
  const single = findSingleCodePoint(units);
  if (single !== undefined) return escapeUnit(single);
  const positive = formatRanges(units);
  const excluded = subtractSet(BMP, units);
  if (hasCodePoint(excluded, 0xffff)) return `[${positive}]`;
  const negative = formatRanges(excluded);
  return negative.length < positive.length ? `[^${negative}]` : `[${positive}]`;
}

interface PairRange {
  highLo: number;
  highHi: number;
  readonly lowLo: number;
  readonly lowHi: number;
}

function highSurrogate(cp: number): number {
  return 0xd800 + ((cp - 0x10000) >> 10);
}

function lowSurrogate(cp: number): number {
  return 0xdc00 + ((cp - 0x10000) & 0x3ff);
}

/** Astral ranges as runs of surrogate pairs (a range of high units times a range of low units). */
function splitIntoSurrogatePairs(astral: CodePointSet): PairRange[] {
  const out: PairRange[] = [];
  const add = (highLo: number, highHi: number, lowLo: number, lowHi: number): void => {
    const last = out[out.length - 1];
    if (last && last.lowLo === lowLo && last.lowHi === lowHi && last.highHi + 1 === highLo) last.highHi = highHi;
    else out.push({ highLo, highHi, lowLo, lowHi });
  };
  for (let i = 0; i < astral.length; i += 2) {
    const lo = astral[i] ?? 0;
    const hi = astral[i + 1] ?? 0;
    let hLo = highSurrogate(lo);
    let hHi = highSurrogate(hi);
    if (hLo === hHi) {
      add(hLo, hLo, lowSurrogate(lo), lowSurrogate(hi));
      continue;
    }
    if (lowSurrogate(lo) !== 0xdc00) {
      add(hLo, hLo, lowSurrogate(lo), 0xdfff);
      hLo++;
    }
    const tail = lowSurrogate(hi) !== 0xdfff;
    if (tail) hHi--;
    if (hLo <= hHi) add(hLo, hHi, 0xdc00, 0xdfff);
    if (tail) add(hHi + 1, hHi + 1, 0xdc00, lowSurrogate(hi));
  }
  return out;
}

/** Source matching exactly one code point of `set` in a well-formed UTF-16 string. */
export function emitCodePointSet(set: CodePointSet): SetSource {
  const usable = subtractSet(set, SURROGATES);
  const bmp = intersectSets(usable, BMP);
  const parts: string[] = [];
  if (bmp.length > 0) parts.push(emitUnitClass(bmp));
  for (const run of splitIntoSurrogatePairs(intersectSets(usable, ASTRAL))) {
    parts.push(emitUnitClass([run.highLo, run.highHi]) + emitUnitClass([run.lowLo, run.lowHi]));
  }
  if (parts.length === 0) return { source: '[]', atom: true };
  if (parts.length === 1) return { source: parts[0] ?? '[]', atom: bmp.length > 0 };
  return { source: `(?:${parts.join('|')})`, atom: true };
}

/** Whether `set` holds every astral code point (so a run of its members can be read unit by unit). */
export function coversAstral(set: CodePointSet): boolean {
  const astral = intersectSets(set, ASTRAL);
  return astral.length === 2 && astral[0] === 0x10000 && astral[1] === 0x10ffff;
}

/**
 * Source for one code unit of a set that holds every astral code point: its BMP members plus
 * all surrogate units. Repeated with `*`, this reads the same strings as the exact alternation.
 */
export function emitCodeUnitRun(set: CodePointSet): string {
  return emitUnitClass(uniteSets([intersectSets(set, BMP), SURROGATES]));
}

/** Whether matching `set` can involve U+FFFD, the character a lone surrogate stands for. */
export function matchesReplacementCharacter(set: CodePointSet): boolean {
  return hasCodePoint(set, 0xfffd);
}
