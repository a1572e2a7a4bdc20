// The candidate index of a matcher. Programs are filed by the event name each clause
// requires (a Map lookup per event) and, inside a name, by one necessary condition per clause
// (prefilter.ts): an exact value (one hash lookup per source), a literal that must occur in a
// value or in some text of the chain (one multi-pattern scan per group, whatever the number of
// literals), or element tokens some element must carry (looked up while the chain's elements
// are visited once). Only candidates run their program. After upsert/remove, only the touched
// bucket and literal group are rebuilt, lazily.
import { sourceKeyOf } from '../bytecode/source-key.js';
import type { Expr, Source } from '../bytecode/ir.js';
import type { EventContext } from '../event/event-context.js';
import { readerFor, type ValueReader } from '../vm/lower.js';
import { toHogString, toVmString } from '../vm/values.js';
import { LiteralGroup, markAll, type Mark } from './literal-group.js';
import type { Clause, ElementToken, Reading, RequiredToken } from '../bytecode/clauses.js';

/** What the index files: anything with a stamp the index can set. */
export interface Indexed {
  /** Last event generation in which this was marked a candidate. */
  stamp: number;
}

/** Clauses filed under one value source. */
class SourceGroup<T extends Indexed> {
  readonly exact = new Map<string, T[]>();
  /** Every item of `exact`, for values that are not strings (the VM coerces numbers/booleans). */
  readonly exactAll = new Set<T>();
  readonly literals: LiteralGroup<T>[] = [];
  private readonly readings: Reading[] = [];
  private readonly byReading = new Map<Reading, LiteralGroup<T>>();

  constructor(readonly read: ValueReader) {}

  literalGroup(reading: Reading): LiteralGroup<T> {
    let group = this.byReading.get(reading);
    if (!group) {
      group = new LiteralGroup<T>(reading === 'folded');
      this.byReading.set(reading, group);
      this.literals.push(group);
      this.readings.push(reading);
    }
    return group;
  }

  visit(context: EventContext, mark: Mark<T>): void {
    const value = this.read(context);
    if (this.exactAll.size > 0) {
      if (typeof value === 'string') {
        const hits = this.exact.get(value);
        if (hits) markAll(hits, mark);
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        // The VM compares numbers and booleans with strings after coercion: any may match.
        for (const item of this.exactAll) mark(item);
      }
    }
    for (let i = 0; i < this.literals.length; i++) {
      // The same string the test searches: ILIKE (folded) and regex filters read
      // toString(value), LIKE and `=~` the raw value as the VM stringifies it.
      (this.literals[i] as LiteralGroup<T>).scan(this.readings[i] === 'raw' ? toVmString(value) : toHogString(value), mark);
    }
  }
}

/** Interned conditions an index may file clauses under (the matcher's ConditionTable). */
export interface IndexConditions {
  /** Takes a reference to the condition's slot. */
  acquire(condition: Expr): number;
  /** The slot of a condition held, if any. */
  find(condition: Expr): number | undefined;
  /** Gives back a reference taken by acquire. */
  release(slot: number): void;
  /** The condition's answer for the current event (memoised). */
  evaluate(slot: number, context: EventContext): boolean;
}

/** The clauses of one event name (or of any event name). */
class Bucket<T extends Indexed> {
  readonly always = new Set<T>();
  /** Clauses filed under an interned condition (a selector), by its slot. */
  readonly conditionPostings = new Map<number, T[]>();
  readonly sources = new Map<string, SourceGroup<T>>();
  readonly textExact = new Map<string, T[]>();
  readonly textLiterals = new Map<boolean, LiteralGroup<T>>();
  /** Element tokens (tag, class, id) some element must have, each mapped to the clauses needing it. */
  readonly elementTokens: Record<ElementToken, Map<string, TokenNeed<T>[]>> = { tag: new Map(), class: new Map(), id: new Map() };
  elementTokenCount = 0;
  /** Counts visits, so each clause's record of found tokens resets lazily per event. */
  private elementVisits = 0;
  /** length × 0x10000 + first code unit of the class keys (with their counts): a cheap filter before slicing. */
  readonly classShapes = new Map<number, number>();
  count = 0;

  /** Array snapshots of the sets and maps above, rebuilt after a change: iterating them allocates nothing. */
  private snapshot: { always: T[]; sources: SourceGroup<T>[]; textLiterals: LiteralGroup<T>[]; slots: Int32Array; postings: T[][] } | null = null;

  changed(): void {
    this.snapshot = null;
  }

  visit(context: EventContext, mark: Mark<T>, conditions: IndexConditions | undefined): void {
    const { always, sources, textLiterals, slots, postings } = (this.snapshot ??= {
      always: [...this.always],
      sources: [...this.sources.values()],
      textLiterals: [...this.textLiterals.values()],
      slots: Int32Array.from(this.conditionPostings.keys()),
      postings: [...this.conditionPostings.values()],
    });
    markAll(always, mark);
    if (conditions !== undefined) {
      // Each distinct condition once per event: its clauses are candidates only if it holds.
      for (let i = 0; i < slots.length; i++) if (conditions.evaluate(slots[i] as number, context)) markAll(postings[i] as T[], mark);
    }
    if (this.elementTokenCount > 0) this.visitElements(context, mark);
    for (let i = 0; i < sources.length; i++) (sources[i] as SourceGroup<T>).visit(context, mark);
    if (this.textExact.size > 0 || textLiterals.length > 0) {
      const texts = context.chain.texts();
      for (let i = 0; i < texts.length; i++) {
        const text = texts[i] as string;
        const hits = this.textExact.get(text);
        if (hits) markAll(hits, mark);
        for (let g = 0; g < textLiterals.length; g++) (textLiterals[g] as LiteralGroup<T>).scan(text, mark);
      }
    }
  }

  /** What the class visitor needs while one event's elements are looked up. */
  private scanRaw = '';
  private scanMark: Mark<T> | null = null;

  /** Created once per bucket, so visiting an element's classes allocates no closure per event. */
  private readonly visitClass = (start: number, end: number): void => {
    // Cut a class name out only if some key has its length and first character.
    if (!this.classShapes.has((end - start) * 0x10000 + this.scanRaw.charCodeAt(start))) return;
    const needs = this.elementTokens.class.get(this.scanRaw.slice(start, end));
    if (needs && this.scanMark) this.found(needs, this.scanMark);
  };

  /** Records that these tokens occur; a clause becomes a candidate once all of its tokens have. */
  private found(needs: readonly TokenNeed<T>[], mark: Mark<T>): void {
    for (let i = 0; i < needs.length; i++) {
      const { clause, bit } = needs[i] as TokenNeed<T>;
      if (clause.visit !== this.elementVisits) {
        clause.visit = this.elementVisits;
        clause.seen = 0;
      }
      clause.seen |= bit;
      if (clause.seen === clause.all) mark(clause.item);
    }
  }

  /** Looks every element's tag, classes and id up in the token maps (one parse of the chain). */
  private visitElements(context: EventContext, mark: Mark<T>): void {
    const chain = context.chain;
    const { tag, class: classes, id } = this.elementTokens;
    this.scanRaw = chain.raw;
    this.scanMark = mark;
    this.elementVisits++;
    for (let i = 0, n = chain.elementCount(); i < n; i++) {
      if (tag.size > 0) {
        const needs = tag.get(chain.tagOf(i));
        if (needs) this.found(needs, mark);
      }
      if (classes.size > 0) chain.forEachClassSpan(i, this.visitClass);
      if (id.size > 0) {
        const value = chain.attributeOf(i, 'attr_id');
        const needs = value === undefined ? undefined : id.get(value);
        if (needs) this.found(needs, mark);
      }
    }
    this.scanMark = null;
  }

}

/** One clause's tokens: which of them the current event has shown (a bit each). */
interface TokenClause<T> {
  readonly item: T;
  readonly all: number;
  seen: number;
  visit: number;
}

interface TokenNeed<T> {
  readonly clause: TokenClause<T>;
  readonly bit: number;
}

function fileTokens<T extends Indexed>(bucket: Bucket<T>, tokens: readonly RequiredToken[], item: T, adding: boolean): void {
  const clause: TokenClause<T> = { item, all: (1 << tokens.length) - 1, seen: 0, visit: -1 };
  tokens.forEach(({ token, key }, index) => {
    const map = bucket.elementTokens[token];
    if (adding) {
      pushTo(map, key, { clause, bit: 1 << index });
    } else {
      const list = map.get(key)?.filter((need) => need.clause.item !== item) ?? [];
      if (list.length > 0) map.set(key, list);
      else map.delete(key);
    }
    bucket.elementTokenCount += adding ? 1 : -1;
    if (token === 'class') {
      const shape = key.length * 0x10000 + key.charCodeAt(0);
      const count = (bucket.classShapes.get(shape) ?? 0) + (adding ? 1 : -1);
      if (count > 0) bucket.classShapes.set(shape, count);
      else bucket.classShapes.delete(shape);
    }
  });
}

function pushTo<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function removeFrom<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (!list) return;
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

export class EventIndex<T extends Indexed> {
  private readonly byName = new Map<string, Bucket<T>>();
  private readonly anyName = new Bucket<T>();

  /** `conditions`: where `condition` prefilters are evaluated (required if any is filed). */
  constructor(private readonly conditions?: IndexConditions) {}

  private bucket(name: string | null, create: boolean): Bucket<T> | undefined {
    if (name === null) return this.anyName;
    let bucket = this.byName.get(name);
    if (!bucket && create) {
      bucket = new Bucket<T>();
      this.byName.set(name, bucket);
    }
    return bucket;
  }

  private sourceGroup(bucket: Bucket<T>, source: Source): SourceGroup<T> {
    const key = sourceKeyOf(source);
    let group = bucket.sources.get(key);
    if (!group) {
      group = new SourceGroup<T>(readerFor(source));
      bucket.sources.set(key, group);
    }
    return group;
  }

  /** Files `item` under each of its clauses. */
  add(item: T, clauses: readonly Clause[]): void {
    for (const clause of clauses) this.file(item, clause, true);
  }

  /** Removes `item`, which was added with exactly these clauses. */
  delete(item: T, clauses: readonly Clause[]): void {
    for (const clause of clauses) this.file(item, clause, false);
  }

  private file(item: T, { eventName, prefilter }: Clause, adding: boolean): void {
    const bucket = this.bucket(eventName, adding);
    if (!bucket) return;
    bucket.count += adding ? 1 : -1;
    bucket.changed();
    if (prefilter === null) {
      if (adding) bucket.always.add(item);
      else bucket.always.delete(item);
    } else if (prefilter.kind === 'exact') {
      const group = this.sourceGroup(bucket, prefilter.source);
      if (adding) {
        pushTo(group.exact, prefilter.key, item);
        group.exactAll.add(item);
      } else {
        removeFrom(group.exact, prefilter.key, item);
        if (![...group.exact.values()].some((list) => list.includes(item))) group.exactAll.delete(item);
      }
    } else if (prefilter.kind === 'contains') {
      const literals = this.sourceGroup(bucket, prefilter.source).literalGroup(prefilter.reading);
      for (const key of prefilter.keys) {
        if (adding) literals.add(key, item);
        else literals.delete(key, item);
      }
    } else if (prefilter.kind === 'condition') {
      const conditions = this.conditions;
      if (conditions === undefined) throw new Error('a condition prefilter needs an index over interned conditions');
      if (adding) pushTo(bucket.conditionPostings, conditions.acquire(prefilter.condition), item);
      else {
        const slot = conditions.find(prefilter.condition);
        if (slot !== undefined) {
          removeFrom(bucket.conditionPostings, slot, item);
          conditions.release(slot);
        }
      }
    } else if (prefilter.kind === 'element_tokens') {
      fileTokens(bucket, prefilter.tokens, item, adding);
    } else if (prefilter.kind === 'text_exact') {
      if (adding) pushTo(bucket.textExact, prefilter.key, item);
      else removeFrom(bucket.textExact, prefilter.key, item);
    } else {
      let literals = bucket.textLiterals.get(prefilter.folded);
      if (!literals) {
        literals = new LiteralGroup<T>(prefilter.folded);
        bucket.textLiterals.set(prefilter.folded, literals);
      }
      for (const key of prefilter.keys) {
        if (adding) literals.add(key, item);
        else literals.delete(key, item);
      }
    }
    if (!adding && bucket.count === 0 && eventName !== null) this.byName.delete(eventName);
  }

  /** Marks every item that may match the event bound to `context`. */
  collect(context: EventContext, mark: Mark<T>): void {
    const bucket = this.byName.get(context.name);
    if (bucket) bucket.visit(context, mark, this.conditions);
    if (this.anyName.count > 0) this.anyName.visit(context, mark, this.conditions);
  }
}
