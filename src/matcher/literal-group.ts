// The literals of one group of clauses (one value source, folded or not), and which clauses
// need each: every literal occurring in a string is found by indexOf for a few literals, or by
// one Aho–Corasick pass for many. Rebuilt lazily after a change.
import { foldString } from '../regex/case-fold.js';
import { SubstringIndex } from './aho-corasick.js';

export type Mark<T> = (item: T) => void;

export function markAll<T>(items: readonly T[], mark: Mark<T>): void {
  for (let i = 0; i < items.length; i++) mark(items[i] as T);
}

/** Below this many literals a group is scanned with indexOf; above it, with one automaton. */
const AUTOMATON_THRESHOLD = 8;


export class LiteralGroup<T> {
  private readonly byLiteral = new Map<string, T[]>();
  private literals: string[] = [];
  private owners: T[][] = [];
  private automaton: SubstringIndex | null = null;
  private dirty = false;

  constructor(readonly folded: boolean) {}

  add(literal: string, item: T): void {
    const key = this.folded ? foldString(literal) : literal;
    const list = this.byLiteral.get(key);
    if (list) list.push(item);
    else this.byLiteral.set(key, [item]);
    this.dirty = true;
  }

  delete(literal: string, item: T): void {
    const key = this.folded ? foldString(literal) : literal;
    const list = this.byLiteral.get(key);
    if (!list) return;
    const at = list.indexOf(item);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.byLiteral.delete(key);
    this.dirty = true;
  }

  get size(): number {
    return this.byLiteral.size;
  }

  private rebuild(): void {
    this.literals = [...this.byLiteral.keys()];
    this.owners = this.literals.map((literal) => this.byLiteral.get(literal) as T[]);
    this.automaton = this.literals.length > AUTOMATON_THRESHOLD ? new SubstringIndex(this.literals) : null;
    this.dirty = false;
  }

  /** Marks the owners of every literal that occurs in `text`. */
  scan(text: string, mark: Mark<T>): void {
    if (this.dirty) this.rebuild();
    const haystack = this.folded ? foldString(text) : text;
    if (this.automaton === null) {
      for (let i = 0; i < this.literals.length; i++) {
        if (haystack.includes(this.literals[i] as string)) markAll(this.owners[i] as T[], mark);
      }
      return;
    }
    const owners = this.owners;
    this.automaton.scan(haystack, (id) => markAll(owners[id] as T[], mark));
  }
}

