// Emits a JavaScript regex source (no flags: non-unicode, case-sensitive, single-line) with
// exactly the matches of an RE2 syntax tree on well-formed input. Assertions map one to one: RE2's
// begin/end of text are JS `^`/`$` without the m flag (so `$` never matches before a final
// newline), and RE2's \b \B are ASCII like JS's in this mode. Line anchors ((?m) ^ $) have no
// exact linear-engine equivalent and are reported unsupported.
import { canConsume, type RegexNode } from './ast.js';
import { UnsupportedSyntax } from './parse-escape.js';
import { coversAstral, emitCodePointSet, emitCodeUnitRun, matchesReplacementCharacter } from './emit-set.js';

export interface EmitOptions {
  /** Write counted repetitions out as copies: V8's linear engine caps nested repetition at 16. */
  readonly expandCounted: boolean;
  /** Write `x+` as `x x*` too (the linear engine counts `+` as two copies). */
  readonly expandPlus: boolean;
  /**
   * Emit `x*` over a set holding every astral code point as a run of code units (`.*` becomes
   * `[^\n]*`). Equivalent because such a run may split a surrogate pair only where nothing can
   * tell; unsound when the pattern has \B, which holds inside a pair.
   */
  readonly unitRuns: boolean;
}

export interface EmittedSource {
  readonly source: string;
  /** False when no part of the regex can match U+FFFD, so lone surrogates need no repair. */
  readonly needsWellFormedInput: boolean;
  /**
   * True when an expansion copied something other than a single character (a group with
   * alternatives or repetitions). V8's backtracking compiler can take exponential time and
   * memory optimising long runs of such copies, so those sources run on the linear engine only.
   */
  readonly copiesGroups: boolean;
}

/** Longest source we hand to V8; larger translations fall back to RE2. */
export const MAX_EMITTED_SOURCE_LENGTH = 20 * 1024;

interface Piece {
  readonly source: string;
  readonly atom: boolean;
}

const NOTHING: Piece = { source: '', atom: false };

function checkLength(source: string): string {
  if (source.length > MAX_EMITTED_SOURCE_LENGTH) throw new UnsupportedSyntax('translation too large');
  return source;
}

function formatQuantifier(min: number, max: number): string {
  if (max === Infinity) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function repeatSource(source: string, times: number): string {
  if (source.length * times > MAX_EMITTED_SOURCE_LENGTH) throw new UnsupportedSyntax('translation too large');
  return source.repeat(times);
}

class JsEmitter {
  needsWellFormedInput = false;
  copiesGroups = false;

  constructor(private readonly options: EmitOptions) {}

  emit(node: RegexNode): Piece {
    switch (node.kind) {
      case 'empty':
        return NOTHING;
      case 'chars':
        if (matchesReplacementCharacter(node.set)) this.needsWellFormedInput = true;
        return emitCodePointSet(node.set);
      case 'assert':
        switch (node.assertion) {
          case 'begin-text':
            return { source: '^', atom: false };
          case 'end-text':
            return { source: '$', atom: false };
          case 'word-boundary':
            return { source: '\\b', atom: false };
          case 'not-word-boundary':
            return { source: '\\B', atom: false };
          default:
            throw new UnsupportedSyntax('(?m) line anchor');
        }
      case 'concat':
        return { source: checkLength(this.sequence(node.items)), atom: false };
      case 'alternate':
        return { source: checkLength(`(?:${node.items.map((item) => this.emit(item).source).join('|')})`), atom: true };
      case 'repeat':
        return this.repeat(node.item, node.min, node.max, node.greedy);
    }
  }

  /** Items in order; a run of one assertion repeated is written once (it holds or not). */
  private sequence(items: readonly RegexNode[]): string {
    let out = '';
    let previous: RegexNode | undefined;
    for (const item of items) {
      if (!(item.kind === 'assert' && previous?.kind === 'assert' && previous.assertion === item.assertion)) {
        out += this.emit(item).source;
      }
      previous = item;
    }
    return out;
  }

  private repeat(item: RegexNode, min: number, max: number, greedy: boolean): Piece {
    if (max === 0) return NOTHING;
    // Repeating what consumes nothing changes nothing: x* matches empty, x{n,} is x.
    if (!canConsume(item)) return min === 0 ? NOTHING : this.emit(item);
    const lazy = greedy ? '' : '?';
    const piece = this.emit(item);
    const base = piece.atom ? piece.source : `(?:${piece.source})`;
    if (this.options.unitRuns && max === Infinity && item.kind === 'chars' && coversAstral(item.set)) {
      this.needsWellFormedInput = true;
      const run = `${emitCodeUnitRun(item.set)}*${lazy}`;
      return { source: checkLength(min === 0 ? run : this.counted(item, base, min, min, lazy) + run), atom: false };
    }
    if (min === 1 && max === 1) return piece;
    return { source: checkLength(this.counted(item, base, min, max, lazy)), atom: false };
  }

  private counted(item: RegexNode, base: string, min: number, max: number, lazy: string): string {
    if (min === 1 && max === 1) return base;
    const simple = (min <= 1 && max === Infinity) || (min === 0 && max === 1);
    const expand = simple ? this.options.expandPlus && min === 1 : this.options.expandCounted;
    if (!expand) return base + formatQuantifier(min, max) + lazy;
    if (item.kind !== 'chars') this.copiesGroups = true;
    let out = repeatSource(base, min);
    if (max === Infinity) return `${out}${base}*${lazy}`;
    let optional = '';
    for (let i = min; i < max; i++) optional = checkLength(`(?:${base}${optional})?${lazy}`);
    out += optional;
    return out;
  }
}

/** JavaScript regex source for `node`; throws UnsupportedSyntax when there is no exact one. */
export function emitJsSource(node: RegexNode, options: EmitOptions): EmittedSource {
  const emitter = new JsEmitter(options);
  const { source } = emitter.emit(node);
  return { source, needsWellFormedInput: emitter.needsWellFormedInput, copiesGroups: emitter.copiesGroups };
}
