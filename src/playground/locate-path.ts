// Finds where a compile error's path (`steps[0].properties[1].value`) is written in the JSON
// text the user typed, so the playground can point at it. The text has already parsed with
// JSON.parse; this scanner only records where each value starts and ends, and stops as soon as
// the path's deepest existing part is found.
import { lineColumnOf } from '../action/json-position.js';

/** A span of the action text, offsets in UTF-16 code units, lines and columns 1-based. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** Where a path points in a text: the span, and whether the whole path was found there. */
export interface LocatedPath extends TextSpan {
  /** The part of the path that exists in the text (all of it when `exact`). */
  readonly found: string;
  /** False when the path names a key the text does not have: the span is its nearest holder. */
  readonly exact: boolean;
}

type Segment = string | number;

/** `steps[0].properties[1].value` as `['steps', 0, 'properties', 1, 'value']`; null if unreadable. */
export function splitPath(path: string): Segment[] | null {
  const segments: Segment[] = [];
  const pattern = /(?:^|\.)([A-Za-z_$][\w$-]*)|\[(\d+)\]/y;
  let at = 0;
  while (at < path.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(path);
    if (match === null) return null;
    segments.push(match[1] ?? Number(match[2]));
    at = pattern.lastIndex;
  }
  return segments;
}

/**
 * The span of the value at `path` in `text` (a text JSON.parse accepts), or of the deepest value
 * on the way to it when the text does not hold all of the path. Null when the path cannot be
 * read. On a text that is not JSON the span means nothing, but the answer still comes, at once. A key that is present is reported with its key included (`"url": 3`).
 */
export function locatePath(text: string, path: string): LocatedPath | null {
  const segments = splitPath(path);
  if (segments === null) return null;
  try {
    const scanner = new SpanScanner(text);
    const found = scanner.find(segments);
    const { line, column } = lineColumnOf(text, found.start);
    return { start: found.start, end: found.end, line, column, found: joinPath(segments.slice(0, found.depth)), exact: found.depth === segments.length };
  } catch {
    return null;
  }
}

/** A span with its line and column. */
export function spanOf(text: string, start: number, end: number): TextSpan {
  const { line, column } = lineColumnOf(text, start);
  return { start, end, line, column };
}

function joinPath(segments: readonly Segment[]): string {
  return segments.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

interface Found {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
}

/** A forward scanner over JSON text that JSON.parse has accepted. */
class SpanScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  find(segments: readonly Segment[]): Found {
    this.skipSpace();
    let start = this.at;
    let depth = 0;
    for (const segment of segments) {
      const child = this.enter(segment);
      if (child === null) break;
      // With its key before it when it has one: the key is what the path names.
      start = child.keyStart;
      depth++;
    }
    this.skipValue();
    return { start, end: this.at, depth };
  }

  /** Moves to the value of `segment` inside the value at the cursor; null (cursor unmoved) if absent. */
  private enter(segment: Segment): { keyStart: number; valueStart: number } | null {
    const origin = this.at;
    const open = this.text.charAt(this.at);
    if (typeof segment === 'number' ? open !== '[' : open !== '{') return null;
    this.at++;
    this.skipSpace();
    let index = 0;
    while (this.text.charAt(this.at) !== (open === '[' ? ']' : '}')) {
      if (this.at >= this.text.length) throw new Error('the text ends inside a container');
      const keyStart = this.at;
      let key: string | null = null;
      if (open === '{') {
        key = this.readString();
        this.skipSpace();
        this.at++; // ':'
        this.skipSpace();
      }
      // JSON.parse keeps the last of duplicate keys, so a later one replaces an earlier match.
      if (open === '[' ? index === segment : key === segment && !this.hasLaterKey(segment)) return { keyStart, valueStart: this.at };
      this.skipValue();
      this.skipSpace();
      if (this.text.charAt(this.at) === ',') this.at++;
      this.skipSpace();
      index++;
    }
    this.at = origin;
    return null;
  }

  /** Whether the object being read repeats `key` after the cursor's value. */
  private hasLaterKey(key: string): boolean {
    const saved = this.at;
    try {
      this.skipValue();
      this.skipSpace();
      while (this.text.charAt(this.at) === ',') {
        this.at++;
        this.skipSpace();
        if (this.readString() === key) return true;
        this.skipSpace();
        this.at++;
        this.skipValue();
        this.skipSpace();
      }
      return false;
    } finally {
      this.at = saved;
    }
  }

  private skipSpace(): void {
    while (' \t\n\r'.includes(this.text.charAt(this.at)) && this.at < this.text.length) this.at++;
  }

  private readString(): string {
    const start = this.at;
    this.at++;
    while (this.text.charAt(this.at) !== '"') {
      // Only a text JSON.parse rejected ends inside a string; JSON.parse below then throws.
      if (this.at >= this.text.length) break;
      this.at += this.text.charAt(this.at) === '\\' ? 2 : 1;
    }
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  private skipValue(): void {
    this.skipSpace();
    const char = this.text.charAt(this.at);
    if (char === '"') {
      this.readString();
      return;
    }
    if (char === '{' || char === '[') {
      // Nesting is counted, strings skipped whole: brackets inside them do not count.
      let depth = 0;
      do {
        const current = this.text.charAt(this.at);
        if (current === '"') {
          this.readString();
          continue;
        }
        if (current === '{' || current === '[') depth++;
        else if (current === '}' || current === ']') depth--;
        this.at++;
      } while (depth > 0 && this.at < this.text.length);
      return;
    }
    while (this.at < this.text.length && !',}] \t\n\r'.includes(this.text.charAt(this.at))) this.at++;
  }
}
