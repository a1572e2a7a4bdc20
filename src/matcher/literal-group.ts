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


/**
 * Literals added since the automaton was built are scanned with indexOf until they are more
 * than this many and more than an eighth of the built ones; only then is the automaton rebuilt.
 * So a stream of upserts costs amortised O(1) automaton work each, not a rebuild per change.
 */
const PENDING_LIMIT = 8;

export class LiteralGroup<T> {
  /** Owners by (folded) literal. A literal whose owners all left keeps an empty list until the next rebuild. */
  private readonly byLiteral = new Map<string, T[]>();
  /** Literals in the automaton (or scanned by indexOf when few), and their owner lists. */
  private literals: string[] = [];
  private owners: T[][] = [];
  private automaton: SubstringIndex | null = null;
  /** Literals added since the last rebuild, scanned by indexOf. */
  private pending: string[] = [];
  private pendingOwners: T[][] = [];
  /** Literals in `literals` with no owner left. */
  private emptied = 0;

  constructor(readonly folded: boolean) {}

  add(literal: string, item: T): void {
    const key = this.folded ? foldString(literal) : literal;
    const list = this.byLiteral.get(key);
    if (list) {
      if (list.length === 0 && this.isBuilt(key)) this.emptied--;
      list.push(item);
      return;
    }
    const owners = [item];
    this.byLiteral.set(key, owners);
    this.pending.push(key);
    this.pendingOwners.push(owners);
  }

  delete(literal: string, item: T): void {
    const key = this.folded ? foldString(literal) : literal;
    const list = this.byLiteral.get(key);
    if (!list) return;
    const at = list.indexOf(item);
    if (at >= 0) list.splice(at, 1);
    if (list.length > 0) return;
    const pendingAt = this.pending.indexOf(key);
    if (pendingAt >= 0) {
      // Never built: forget it at once.
      this.pending.splice(pendingAt, 1);
      this.pendingOwners.splice(pendingAt, 1);
      this.byLiteral.delete(key);
    } else {
      this.emptied++;
    }
  }

  get size(): number {
    return this.byLiteral.size - this.emptied;
  }

  private isBuilt(key: string): boolean {
    return !this.pending.includes(key);
  }

  private rebuild(): void {
    for (const [key, list] of this.byLiteral) if (list.length === 0) this.byLiteral.delete(key);
    this.literals = [...this.byLiteral.keys()];
    this.owners = this.literals.map((literal) => this.byLiteral.get(literal) as T[]);
    this.automaton = this.literals.length > AUTOMATON_THRESHOLD ? new SubstringIndex(this.literals) : null;
    this.pending = [];
    this.pendingOwners = [];
    this.emptied = 0;
  }

  /** Marks the owners of every literal that occurs in `text`. */
  scan(text: string, mark: Mark<T>): void {
    if (this.pending.length > PENDING_LIMIT + (this.literals.length >> 3) || this.emptied > PENDING_LIMIT + (this.literals.length >> 1)) this.rebuild();
    const haystack = this.folded ? foldString(text) : text;
    for (let i = 0; i < this.pending.length; i++) {
      if (haystack.includes(this.pending[i] as string)) markAll(this.pendingOwners[i] as T[], mark);
    }
    if (this.automaton === null) {
      for (let i = 0; i < this.literals.length; i++) {
        if (haystack.includes(this.literals[i] as string)) markAll(this.owners[i] as T[], mark);
      }
      return;
    }
    this.automaton.scan(haystack, this.onFound(mark));
  }

  /** The automaton's callback for `mark`, created once per distinct mark function. */
  private foundFor: Mark<T> | null = null;
  private found: (id: number) => void = () => undefined;

  private onFound(mark: Mark<T>): (id: number) => void {
    if (this.foundFor !== mark) {
      this.foundFor = mark;
      const owners = (): T[][] => this.owners;
      this.found = (id) => markAll(owners()[id] as T[], mark);
    }
    return this.found;
  }
}
