// Escapes and character classes of RE2 syntax, shared by the parser's main loop and class
// parser. The rules follow RE2's parser exactly; anything outside them (which RE2 itself would
// have rejected, or a construct we do not translate such as \p{Greek}) raises UnsupportedSyntax
// so the caller falls back to RE2 instead of guessing.
import {
  type CodePointSet,
  complementSet,
  createSet,
  MAX_CODE_POINT,
  perlClasses,
  posixClasses,
  uniteSets,
} from './code-point-set.js';
import { closeUnderCaseFolding } from './re2-case-folding.js';

export class UnsupportedSyntax extends Error {}

/** A position in the pattern being parsed. */
export interface Cursor {
  readonly src: string;
  pos: number;
}

function isOctalDigit(c: string | undefined): c is string {
  return c !== undefined && c >= '0' && c <= '7';
}

function parseHexDigit(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) || c.length !== 1 ? -1 : v;
}

function isAsciiAlphanumeric(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

const controlEscapes: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/**
 * Reads an escape that stands for one code point (cursor on the backslash): punctuation,
 * octal `\0`–`\377`, `\xHH`, `\x{H…}`, `\a \f \n \r \t \v`.
 */
export function readEscapedCodePoint(cur: Cursor): number {
  const { src } = cur;
  const cp = src.codePointAt(cur.pos + 1);
  if (cp === undefined) throw new UnsupportedSyntax('trailing backslash');
  cur.pos += cp > 0xffff ? 3 : 2;
  if (cp < 0x80 && !isAsciiAlphanumeric(cp)) return cp;
  const c = String.fromCodePoint(cp);
  if (c >= '1' && c <= '7' && !isOctalDigit(src[cur.pos])) {
    throw new UnsupportedSyntax(`backreference \\${c}`);
  }
  if (c >= '0' && c <= '7') {
    let code = cp - 0x30;
    for (let extra = 0; extra < 2 && isOctalDigit(src[cur.pos]); extra++) {
      code = code * 8 + (src.charCodeAt(cur.pos) - 0x30);
      cur.pos++;
    }
    return code;
  }
  if (c === 'x') return readHexEscape(cur);
  const control = controlEscapes[c];
  if (control !== undefined) return control;
  throw new UnsupportedSyntax(`escape \\${c}`);
}

function readHexEscape(cur: Cursor): number {
  const { src } = cur;
  if (src[cur.pos] === '{') {
    let code = 0;
    let digits = 0;
    cur.pos++;
    for (let v = parseHexDigit(src[cur.pos]); v >= 0; v = parseHexDigit(src[cur.pos])) {
      code = code * 16 + v;
      digits++;
      cur.pos++;
      if (code > MAX_CODE_POINT) throw new UnsupportedSyntax('\\x{} out of range');
    }
    if (src[cur.pos] !== '}' || digits === 0) throw new UnsupportedSyntax('bad \\x{}');
    cur.pos++;
    return code;
  }
  const hi = parseHexDigit(src[cur.pos]);
  const lo = parseHexDigit(src[cur.pos + 1]);
  if (hi < 0 || lo < 0) throw new UnsupportedSyntax('bad \\xHH');
  cur.pos += 2;
  return hi * 16 + lo;
}

/**
 * What a class-like group (\d, [:alpha:], …) adds to a class, as RE2's AddUGroup computes it:
 * under (?i) the group is case-closed first, and a negated group is the complement of that.
 */
export function groupContribution(group: CodePointSet, negated: boolean, fold: boolean): CodePointSet {
  const positive = fold ? closeUnderCaseFolding(group) : group;
  return negated ? complementSet(positive) : positive;
}

/** \d \D \s \S \w \W at the cursor (on the backslash), or undefined. */
export function readPerlClass(cur: Cursor, fold: boolean): CodePointSet | undefined {
  if (cur.src[cur.pos] !== '\\') return undefined;
  const letter = cur.src[cur.pos + 1];
  if (letter === undefined) return undefined;
  const group = perlClasses[letter.toLowerCase()];
  if (group === undefined || !'dDsSwW'.includes(letter)) return undefined;
  cur.pos += 2;
  return groupContribution(group, letter !== letter.toLowerCase(), fold);
}

function readClassCodePoint(cur: Cursor): number {
  if (cur.src[cur.pos] === '\\') return readEscapedCodePoint(cur);
  const cp = cur.src.codePointAt(cur.pos);
  if (cp === undefined) throw new UnsupportedSyntax('missing ]');
  cur.pos += cp > 0xffff ? 2 : 1;
  return cp;
}

/** `[:name:]` / `[:^name:]` at the cursor: 'none' when RE2 would read `[` as a literal. */
function readPosixClass(cur: Cursor, fold: boolean): CodePointSet | 'none' {
  const { src } = cur;
  if (!src.startsWith('[:', cur.pos) || src.length - cur.pos <= 2) return 'none';
  const close = src.indexOf(':]', cur.pos + 2);
  if (close < 0) return 'none';
  let name = src.slice(cur.pos + 2, close);
  const negated = name.startsWith('^');
  if (negated) name = name.slice(1);
  const group = Object.hasOwn(posixClasses, name) ? posixClasses[name] : undefined;
  if (group === undefined) throw new UnsupportedSyntax(`unknown class [:${name}:]`);
  cur.pos = close + 2;
  return groupContribution(group, negated, fold);
}

/** A bracketed class at the cursor (on the `[`), as the set of code points it matches. */
export function readClass(cur: Cursor, fold: boolean): CodePointSet {
  const { src } = cur;
  cur.pos++;
  const negated = src[cur.pos] === '^';
  if (negated) cur.pos++;
  const parts: CodePointSet[] = [];
  let first = true;
  while (cur.pos < src.length && (src[cur.pos] !== ']' || first)) {
    first = false;
    const posix = readPosixClass(cur, fold);
    if (posix !== 'none') {
      parts.push(posix);
      continue;
    }
    if (src[cur.pos] === '\\' && (src[cur.pos + 1] === 'p' || src[cur.pos + 1] === 'P')) {
      throw new UnsupportedSyntax('Unicode class \\p');
    }
    const perl = readPerlClass(cur, fold);
    if (perl !== undefined) {
      parts.push(perl);
      continue;
    }
    const lo = readClassCodePoint(cur);
    let hi = lo;
    if (src[cur.pos] === '-' && cur.pos + 1 < src.length && src[cur.pos + 1] !== ']') {
      cur.pos++;
      hi = readClassCodePoint(cur);
      if (hi < lo) throw new UnsupportedSyntax('bad class range');
    }
    const range = createSet([lo, hi]);
    parts.push(fold ? closeUnderCaseFolding(range) : range);
  }
  if (cur.pos >= src.length) throw new UnsupportedSyntax('missing ]');
  cur.pos++;
  const set = uniteSets(parts);
  return negated ? complementSet(set) : set;
}
