// Parser from RE2 syntax to the syntax tree in ast.ts, following RE2's own parser: the same
// escapes, the same flag scoping ((?i) lasts to the end of the enclosing group, (?i:…) only
// inside), the same reading of `{` (a literal unless it starts a valid {n}, {n,}, {n,m}), a
// repetition applying to the last item even across a flag group (`a(?i)*` is `a*`). It runs only
// on patterns RE2 has accepted; what it does not translate exactly comes back as a reason.
import { createAlternation, createConcat, type RegexNode } from './ast.js';
import { ALL_CODE_POINTS, complementSet, createSet, createSetOfCodePoints } from './code-point-set.js';
import { type Cursor, readClass, readEscapedCodePoint, readPerlClass, UnsupportedSyntax } from './parse-escape.js';
import { findRe2CaseOrbit } from './re2-case-folding.js';

export type ParseResult = { ok: true; node: RegexNode } | { ok: false; reason: string };

interface Flags {
  readonly fold: boolean; // (?i)
  readonly multiLine: boolean; // (?m)
  readonly dotNewline: boolean; // (?s)
  readonly ungreedy: boolean; // (?U)
}

interface Frame {
  readonly alternatives: RegexNode[];
  items: RegexNode[];
  /** Flags to restore when the group closes. */
  readonly outerFlags: Flags;
}

const ANY_BUT_NEWLINE = complementSet(createSet([0x0a, 0x0a]));
const flagLetters: Readonly<Record<string, keyof Flags>> = { i: 'fold', m: 'multiLine', s: 'dotNewline', U: 'ungreedy' };

class Re2Parser {
  private readonly cur: Cursor;
  private flags: Flags = { fold: false, multiLine: false, dotNewline: false, ungreedy: false };
  private readonly frames: Frame[] = [];

  constructor(src: string) {
    this.cur = { src, pos: 0 };
    this.frames.push({ alternatives: [], items: [], outerFlags: this.flags });
  }

  private get frame(): Frame {
    const top = this.frames[this.frames.length - 1];
    if (top === undefined) throw new UnsupportedSyntax('unexpected )');
    return top;
  }

  private push(node: RegexNode): void {
    this.frame.items.push(node);
  }

  parse(): RegexNode {
    const { cur } = this;
    const { src } = cur;
    while (cur.pos < src.length) {
      const c = src[cur.pos];
      switch (c) {
        case '(':
          this.openGroup();
          break;
        case '|':
          this.frame.alternatives.push(createConcat(this.frame.items));
          this.frame.items = [];
          cur.pos++;
          break;
        case ')':
          this.closeGroup();
          break;
        case '^':
          this.push({ kind: 'assert', assertion: this.flags.multiLine ? 'begin-line' : 'begin-text' });
          cur.pos++;
          break;
        case '$':
          this.push({ kind: 'assert', assertion: this.flags.multiLine ? 'end-line' : 'end-text' });
          cur.pos++;
          break;
        case '.':
          this.push({ kind: 'chars', set: this.flags.dotNewline ? ALL_CODE_POINTS : ANY_BUT_NEWLINE });
          cur.pos++;
          break;
        case '[':
          this.push({ kind: 'chars', set: readClass(cur, this.flags.fold) });
          break;
        case '*':
        case '+':
        case '?':
          cur.pos++;
          this.repeat(c === '+' ? 1 : 0, c === '?' ? 1 : Infinity);
          break;
        case '{':
          if (!this.braces()) this.literal(0x7b, 1);
          break;
        case '\\':
          this.escape();
          break;
        default: {
          const cp = src.codePointAt(cur.pos) ?? 0;
          this.literal(cp, cp > 0xffff ? 2 : 1);
        }
      }
    }
    if (this.frames.length !== 1) throw new UnsupportedSyntax('missing )');
    return this.finishFrame(this.frame);
  }

  private literal(cp: number, width: number): void {
    this.cur.pos += width;
    this.push({ kind: 'chars', set: this.flags.fold ? createSetOfCodePoints(findRe2CaseOrbit(cp)) : createSet([cp, cp]) });
  }

  private finishFrame(frame: Frame): RegexNode {
    return createAlternation([...frame.alternatives, createConcat(frame.items)]);
  }

  private repeat(min: number, max: number): void {
    const { cur } = this;
    let nonGreedy = cur.src[cur.pos] === '?';
    if (nonGreedy) cur.pos++;
    if (this.flags.ungreedy) nonGreedy = !nonGreedy;
    const item = this.frame.items.pop();
    if (item === undefined) throw new UnsupportedSyntax('missing argument to repetition operator');
    this.push({ kind: 'repeat', item, min, max, greedy: !nonGreedy });
  }

  /** {n}, {n,}, {n,m} as RE2 reads them: decimal, no leading zeros. False if `{` is a literal. */
  private braces(): boolean {
    const match = /^\{(0|[1-9][0-9]{0,8})(,(0|[1-9][0-9]{0,8})?)?\}/.exec(this.cur.src.slice(this.cur.pos, this.cur.pos + 24));
    if (match === null) return false;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === undefined ? Infinity : Number(match[3]);
    if (min > 1000 || max < min || (max !== Infinity && max > 1000)) throw new UnsupportedSyntax('bad repetition size');
    this.cur.pos += match[0].length;
    this.repeat(min, max);
    return true;
  }

  private openGroup(): void {
    const { cur } = this;
    const { src } = cur;
    if (src[cur.pos + 1] !== '?') {
      cur.pos++;
      this.frames.push({ alternatives: [], items: [], outerFlags: this.flags });
      return;
    }
    const named = src.startsWith('(?P<', cur.pos)
      ? cur.pos + 4
      : src.startsWith('(?<', cur.pos) && src[cur.pos + 3] !== '=' && src[cur.pos + 3] !== '!'
        ? cur.pos + 3
        : -1;
    if (named >= 0) {
      const end = src.indexOf('>', named);
      if (end <= named || !/^[A-Za-z0-9_]+$/.test(src.slice(named, end))) throw new UnsupportedSyntax('bad group name');
      cur.pos = end + 1;
      this.frames.push({ alternatives: [], items: [], outerFlags: this.flags });
      return;
    }
    this.flagGroup();
  }

  /** (?flags) and (?flags:…), cursor on the `(`. */
  private flagGroup(): void {
    const { cur } = this;
    const { src } = cur;
    cur.pos += 2;
    const next: { -readonly [K in keyof Flags]: boolean } = { ...this.flags };
    let negated = false;
    let sawFlag = false;
    for (;;) {
      const c = src[cur.pos++];
      if (c === undefined) throw new UnsupportedSyntax('unterminated flag group');
      const flag = Object.hasOwn(flagLetters, c) ? flagLetters[c] : undefined;
      if (flag !== undefined) {
        next[flag] = !negated;
        sawFlag = true;
      } else if (c === '-' && !negated) {
        negated = true;
        sawFlag = false;
      } else if (c === ':' || c === ')') {
        if (negated && !sawFlag) throw new UnsupportedSyntax('bad flag group');
        if (c === ':') this.frames.push({ alternatives: [], items: [], outerFlags: this.flags });
        this.flags = next;
        return;
      } else {
        throw new UnsupportedSyntax(`(?${c}`);
      }
    }
  }

  private closeGroup(): void {
    if (this.frames.length < 2) throw new UnsupportedSyntax('unexpected )');
    const frame = this.frame;
    this.frames.pop();
    this.cur.pos++;
    this.flags = frame.outerFlags;
    this.push(this.finishFrame(frame));
  }

  private escape(): void {
    const { cur } = this;
    const { src } = cur;
    const c = src[cur.pos + 1];
    const assertion =
      c === 'A' ? 'begin-text' : c === 'z' ? 'end-text' : c === 'b' ? 'word-boundary' : c === 'B' ? 'not-word-boundary' : undefined;
    if (assertion !== undefined) {
      this.push({ kind: 'assert', assertion });
      cur.pos += 2;
      return;
    }
    if (c === 'C') throw new UnsupportedSyntax('any byte \\C');
    if (c === 'p' || c === 'P') throw new UnsupportedSyntax('Unicode class \\p');
    if (c === 'Q') {
      this.quoted();
      return;
    }
    const perl = readPerlClass(cur, this.flags.fold);
    if (perl !== undefined) {
      this.push({ kind: 'chars', set: perl });
      return;
    }
    const start = cur.pos;
    const cp = readEscapedCodePoint(cur);
    const width = cur.pos - start;
    cur.pos = start;
    this.literal(cp, width);
  }

  /** \Q…\E: literal text up to \E or the end of the pattern. */
  private quoted(): void {
    const { cur } = this;
    const { src } = cur;
    cur.pos += 2;
    while (cur.pos < src.length) {
      if (src.startsWith('\\E', cur.pos)) {
        cur.pos += 2;
        return;
      }
      const cp = src.codePointAt(cur.pos) ?? 0;
      this.literal(cp, cp > 0xffff ? 2 : 1);
    }
  }
}

/** Parses an RE2 pattern (one RE2 accepted) into a syntax tree, or says why it cannot. */
export function parseRe2(pattern: string): ParseResult {
  try {
    return { ok: true, node: new Re2Parser(pattern).parse() };
  } catch (error) {
    if (error instanceof UnsupportedSyntax) return { ok: false, reason: error.message };
    if (error instanceof RangeError) return { ok: false, reason: 'pattern too deeply nested' };
    throw error;
  }
}

