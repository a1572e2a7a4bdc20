// The candidate index of a matcher. Programs are filed by the event name each clause
// requires (a Map lookup per event) and, inside a name, by one necessary condition per clause
// (bytecode/clauses.ts): an exact value (one hash lookup per source), a literal or regex atom
// that must occur in a value or in some text of the chain (one multi-pattern scan per group,
// whatever the number of literals), element tokens some element must carry (read off the
// element tables' one pass over the chain), or an interned condition (a selector, evaluated
// once per event when its tokens occur, its clauses candidates only if it holds). Only
// candidates run their program. Upsert and remove touch only the lists of the clause's keys.
import { sourceKeyOf } from '../bytecode/source-key.js';
import type { Expr, Source } from '../bytecode/ir.js';
import type { EventContext } from '../event/event-context.js';
import { readerFor } from '../vm/lower.js';
import { CountedList } from './counted-list.js';
import { SourceGroup } from './source-group.js';
import { LiteralGroup, markAll, type Mark } from './literal-group.js';
import type { Clause, RequiredToken } from '../bytecode/clauses.js';
import type { ElementTables } from '../vm/element-tables.js';

/** What the index files: anything with a stamp the index can set. */
export interface Indexed {
  /** Last event generation in which this was marked a candidate. */
  stamp: number;
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
  /** The per-event element tables: which tags, classes and ids the event's chain has. */
  readonly elements: ElementTables;
}

/** The clauses of one event name (or of any event name). */
class Bucket<T extends Indexed> {
  readonly always = new CountedList<T>();
  /** Clauses filed under an interned condition (a selector), by its slot. */
  readonly conditionPostings = new Map<number, ConditionPosting<T>>();
  readonly sources = new Map<string, SourceGroup<T>>();
  readonly textExact = new Map<string, T[]>();
  readonly textLiterals = new Map<boolean, LiteralGroup<T>>();
  /**
   * Element tokens (tag, class, id; interned by the element tables) some element must have,
   * each mapped to the clauses and condition postings needing it.
   */
  readonly elementTokens = new Map<number, TokenNeed<T>[]>();
  elementTokenCount = 0;
  /** Counts visits, so each clause's record of found tokens resets lazily per event. */
  private elementVisits = 0;
  count = 0;

  /** Condition postings with no token to wait for: evaluated on every event of the bucket. */
  readonly ungated = new CountedList<ConditionPosting<T>>();

  /**
   * Array snapshots of the source and text-literal groups, rebuilt only when a group is created
   * (rare: groups are per distinct source): iterating them allocates nothing.
   */
  private snapshot: { sources: SourceGroup<T>[]; textLiterals: LiteralGroup<T>[] } | null = null;

  changed(): void {
    this.snapshot = null;
  }

  visit(context: EventContext, mark: Mark<T>, conditions: IndexConditions): void {
    const { sources, textLiterals } = (this.snapshot ??= {
      sources: [...this.sources.values()],
      textLiterals: [...this.textLiterals.values()],
    });
    const ungated = this.ungated.items;
    markAll(this.always.items, mark);
    this.scanContext = context;
    this.scanConditions = conditions;
    for (let i = 0; i < ungated.length; i++) this.fire(ungated[i] as ConditionPosting<T>, mark);
    if (this.elementTokenCount > 0) this.visitElements(context, conditions.elements, mark);
    this.scanContext = null;
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

  /** The event being visited, for conditions evaluated while tokens are found. */
  private scanContext: EventContext | null = null;
  private scanConditions: IndexConditions | null = null;

  /** Each distinct condition once per event: its clauses are candidates only if it holds. */
  private fire(posting: ConditionPosting<T>, mark: Mark<T>): void {
    if (this.scanConditions !== null && this.scanContext !== null && this.scanConditions.evaluate(posting.slot, this.scanContext)) markAll(posting.items, mark);
  }

  /** Records that these tokens occur; a clause becomes a candidate once all of its tokens have. */
  private found(needs: readonly TokenNeed<T>[], mark: Mark<T>): void {
    for (let i = 0; i < needs.length; i++) {
      const { clause, bit } = needs[i] as TokenNeed<T>;
      if (clause.visit !== this.elementVisits) {
        clause.visit = this.elementVisits;
        clause.seen = 0;
      }
      clause.seen |= bit;
      if (clause.seen === clause.all) {
        if (clause.posting !== null) this.fire(clause.posting, mark);
        else mark(clause.item as T);
      }
    }
  }

  /**
   * Looks up the tokens the event's chain has: the element tables list them after their one
   * pass over the chain, so the index never walks the elements itself.
   */
  private visitElements(context: EventContext, tables: ElementTables, mark: Mark<T>): void {
    tables.prepare(context.chain);
    const present = tables.presentTokens();
    this.elementVisits++;
    for (let i = 0; i < present.length; i++) {
      const needs = this.elementTokens.get(present[i] as number);
      if (needs) this.found(needs, mark);
    }
  }
}

/** The clauses filed under one interned condition, and the tokens that gate its evaluation. */
interface ConditionPosting<T> {
  readonly slot: number;
  readonly items: T[];
  readonly tokens: readonly RequiredToken[];
}

/** One clause's (or one condition posting's) tokens: which of them the current event has shown (a bit each). */
interface TokenClause<T> {
  readonly item: T | null;
  readonly posting: ConditionPosting<T> | null;
  readonly all: number;
  seen: number;
  visit: number;
}

interface TokenNeed<T> {
  readonly clause: TokenClause<T>;
  readonly bit: number;
}

/** The element tables' id of a required token. */
function tokenId(tables: ElementTables, { token, key }: RequiredToken): number {
  return token === 'tag' ? tables.tagToken(key) : token === 'class' ? tables.classToken(key) : tables.attributeToken('attr_id', key);
}

function fileTokens<T extends Indexed>(bucket: Bucket<T>, tables: ElementTables, tokens: readonly RequiredToken[], target: { item: T } | { posting: ConditionPosting<T> }, adding: boolean): void {
  const item = 'item' in target ? target.item : null;
  const posting = 'posting' in target ? target.posting : null;
  const clause: TokenClause<T> = { item, posting, all: (1 << tokens.length) - 1, seen: 0, visit: -1 };
  const map = bucket.elementTokens;
  tokens.forEach((token, index) => {
    const id = tokenId(tables, token);
    if (adding) {
      pushTo(map, id, { clause, bit: 1 << index });
    } else {
      // Removal filters one list: linear in the clauses needing that token, not in the index.
      const list = map.get(id)?.filter((need) => need.clause.item !== item || need.clause.posting !== posting) ?? [];
      if (list.length > 0) map.set(id, list);
      else map.delete(id);
    }
    bucket.elementTokenCount += adding ? 1 : -1;
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

  /** `conditions`: where `condition` prefilters are evaluated and element tokens interned. */
  constructor(private readonly conditions: IndexConditions) {}

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
      bucket.changed();
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
        group.exactAll.delete(item);
      }
    } else if (prefilter.kind === 'contains') {
      const literals = this.sourceGroup(bucket, prefilter.source).literalGroup(prefilter.reading);
      for (const key of prefilter.keys) {
        if (adding) literals.add(key, item);
        else literals.delete(key, item);
      }
    } else if (prefilter.kind === 'condition') {
      const conditions = this.conditions;
      if (adding) {
        const slot = conditions.acquire(prefilter.condition);
        let posting = bucket.conditionPostings.get(slot);
        if (posting === undefined) {
          posting = { slot, items: [], tokens: prefilter.tokens };
          bucket.conditionPostings.set(slot, posting);
          if (posting.tokens.length === 0) bucket.ungated.add(posting);
          else fileTokens(bucket, conditions.elements, posting.tokens, { posting }, true);
        }
        posting.items.push(item);
      } else {
        const slot = conditions.find(prefilter.condition);
        const posting = slot === undefined ? undefined : bucket.conditionPostings.get(slot);
        if (slot !== undefined && posting !== undefined) {
          const at = posting.items.indexOf(item);
          if (at >= 0) posting.items.splice(at, 1);
          if (posting.items.length === 0) {
            bucket.conditionPostings.delete(slot);
            if (posting.tokens.length === 0) bucket.ungated.delete(posting);
            else fileTokens(bucket, conditions.elements, posting.tokens, { posting }, false);
          }
          conditions.release(slot);
        }
      }
    } else if (prefilter.kind === 'element_tokens') {
      fileTokens(bucket, this.conditions.elements, prefilter.tokens, { item }, adding);
    } else if (prefilter.kind === 'text_exact') {
      if (adding) pushTo(bucket.textExact, prefilter.key, item);
      else removeFrom(bucket.textExact, prefilter.key, item);
    } else {
      let literals = bucket.textLiterals.get(prefilter.folded);
      if (!literals) {
        literals = new LiteralGroup<T>(prefilter.folded);
        bucket.textLiterals.set(prefilter.folded, literals);
        bucket.changed();
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
