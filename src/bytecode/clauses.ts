// What an index needs to know about a program: for each of its clauses (the steps that
// survived compilation, ORed at the root), the event name it requires, if any, and one cheap
// necessary condition — a literal that must occur in some value of the event — so that a
// program is only run for events that can match it. Any valid program has clauses: a root that
// is not an OR is one clause, a clause that is not an AND is one condition, and conditions of
// other shapes (nested ORs from list expansion, `not_between`, the semver gate) simply offer no
// prefilter, which is always sound.
import { regexAtoms } from '../regex/atoms.js';
import type { Expr, Source } from './ir.js';
import { Op } from './opcodes.js';

/**
 * Which string of a value a literal is searched in: `raw` is the value as the VM stringifies it
 * for LIKE and `=~` (String()), `hog` is HogVM toString (property regexes), `folded` is
 * toString case-folded (ILIKE).
 */
export type Reading = 'raw' | 'hog' | 'folded';

/**
 * A necessary condition of a clause:
 * - `exact`: the source value, when it is a string, must equal `key`;
 * - `contains`: the value's string (per `reading`) must contain one of `keys` (a LIKE literal,
 *   or a regex's atoms);
 * - `text_exact` / `text_contains`: some text of the elements chain equals `key` / contains one of `keys`;
 * - `condition`: the condition itself (a selector), which an index holding interned conditions
 *   evaluates once per event for every clause filed under it, only when the element tokens
 *   it needs (`tokens`, possibly none) all occur.
 */
export type Prefilter =
  | { readonly kind: 'exact'; readonly source: Source; readonly key: string }
  | { readonly kind: 'contains'; readonly source: Source; readonly keys: readonly string[]; readonly reading: Reading }
  | { readonly kind: 'text_exact'; readonly key: string }
  | { readonly kind: 'text_contains'; readonly keys: readonly string[]; readonly folded: boolean }
  | { readonly kind: 'element_tokens'; readonly tokens: readonly RequiredToken[]; readonly key: string }
  | { readonly kind: 'condition'; readonly condition: Expr; readonly tokens: readonly RequiredToken[] };

/** Something some element of the chain must have: a tag, a class or an id. */
export type ElementToken = 'tag' | 'class' | 'id';

export interface RequiredToken {
  readonly token: ElementToken;
  readonly key: string;
}

export interface Clause {
  /** The event name the clause requires, or null when it applies to any event. */
  readonly eventName: string | null;
  /** A necessary condition, or null when the clause must always be evaluated. */
  readonly prefilter: Prefilter | null;
}

/** The clauses of a program; an empty list means the program can never match. */
/**
 * The clauses of a program; an empty list means the program can never match. With
 * `conditionFilters`, a selector is offered as a `condition` prefilter (for an index that
 * evaluates interned conditions), else as the element tokens it needs.
 */
export function clausesOf(root: Expr, conditionFilters = false): Clause[] {
  if (root.kind === 'constant') return root.op === Op.TRUE ? [{ eventName: null, prefilter: null }] : [];
  const branches = root.kind === 'combinator' && root.op === Op.OR ? root.items : [root];
  return branches.map((branch) => clauseOf(branch, conditionFilters));
}

function clauseOf(branch: Expr, conditionFilters: boolean): Clause {
  const conditions = branch.kind === 'combinator' && branch.op === Op.AND ? branch.items : [branch];
  let eventName: string | null = null;
  let best: Prefilter | null = null;
  for (const condition of conditions) {
    if (condition.kind === 'test' && condition.op === Op.EQ && condition.source.op === Op.SRC_EVENT && typeof condition.operands[0] === 'string') {
      eventName = condition.operands[0];
      continue;
    }
    const candidate = conditionFilters && condition.kind === 'test' && condition.op === Op.SELECTOR ? conditionFilter(condition) : prefilterOf(condition);
    if (candidate !== null && (best === null || strength(candidate) > strength(best))) best = candidate;
  }
  return { eventName, prefilter: best };
}

/** Exact keys select fewest programs; then element tokens; among literals, longer ones do. */
function strength(prefilter: Prefilter): number {
  if (prefilter.kind === 'exact' || prefilter.kind === 'text_exact') return 2_000_000 + prefilter.key.length;
  if (prefilter.kind === 'condition') return 1_500_000;
  if (prefilter.kind === 'element_tokens') return 1_000_000 + prefilter.key.length;
  // A list of alternatives is as selective as its shortest member, a little less for each other.
  let shortest = Infinity;
  for (const key of prefilter.keys) shortest = Math.min(shortest, key.length);
  return shortest * 16 - Math.min(prefilter.keys.length, 15);
}

/** How much a token narrows the candidates: ids most, then classes (longer first), then tags. */
function tokenRank({ token, key }: RequiredToken): number {
  return (token === 'id' ? 2000 : token === 'class' ? 1000 : 0) + key.length;
}

/**
 * The (at most two) most selective tokens a compiled selector needs some element to have: every
 * compound must match an element, so all of its ids, classes and tags are necessary. A class
 * written with dots is split in the chain, so its dot-free parts stand for it. Requiring two
 * tokens at once keeps selectors that share a common class from all becoming candidates.
 * Shape: [compound, combinator, compound, …] with compound = [tag | "*", classes, [key, value, …]].
 */
function selectorTokens(operand: unknown): Prefilter | null {
  if (!Array.isArray(operand)) return null;
  const found = new Map<string, RequiredToken>();
  const add = (token: ElementToken, key: unknown): void => {
    if (typeof key === 'string' && key !== '') found.set(`${token}:${key}`, { token, key });
  };
  for (let index = 0; index < operand.length; index += 2) {
    const [tag, classes, attributes] = operand[index] as [unknown, unknown, unknown];
    if (tag !== '*') add('tag', tag);
    for (const name of Array.isArray(classes) ? (classes as unknown[]) : []) {
      if (typeof name === 'string') for (const part of name.split('.')) add('class', part);
    }
    if (Array.isArray(attributes)) {
      for (let a = 0; a + 1 < attributes.length; a += 2) if (attributes[a] === 'attr_id') add('id', attributes[a + 1]);
    }
  }
  const tokens = [...found.values()].sort((x, y) => tokenRank(y) - tokenRank(x)).slice(0, 2);
  return tokens.length === 0 ? null : { kind: 'element_tokens', tokens, key: tokens.map((t) => t.key).join(' ') };
}

/** A selector as a condition prefilter, gated by the tokens it needs some element to have. */
function conditionFilter(condition: Expr & { kind: 'test' }): Prefilter {
  const tokens = selectorTokens(condition.operands[0]);
  return { kind: 'condition', condition, tokens: tokens !== null && tokens.kind === 'element_tokens' ? tokens.tokens : [] };
}

/** Single-valued sources whose value a prefilter can read once per event. */
function isIndexableSource(source: Source): boolean {
  return source.op === Op.SRC_PROP || source.op === Op.SRC_PERSON_PROP || source.op === Op.SRC_ELEMENTS_HREF || source.op === Op.SRC_DISTINCT_ID;
}

function prefilterOf(condition: Expr): Prefilter | null {
  if (condition.kind === 'test' && condition.op === Op.HAS_TAG && typeof condition.operands[0] === 'string') {
    return { kind: 'element_tokens', tokens: [{ token: 'tag', key: condition.operands[0] }], key: condition.operands[0] };
  }
  if (condition.kind === 'test' && condition.op === Op.SELECTOR) return selectorTokens(condition.operands[0]);
  if (condition.kind === 'any_text') {
    const inner = condition.item;
    if (inner.kind !== 'test' || inner.source.op !== Op.SRC_ITEM) return null;
    if (inner.op === Op.EQ && typeof inner.operands[0] === 'string') return { kind: 'text_exact', key: inner.operands[0] };
    if (inner.op === Op.LIKE || inner.op === Op.ILIKE) {
      const key = longestLiteral(inner.operands[0] as string);
      return key === '' ? null : { kind: 'text_contains', keys: [key], folded: inner.op === Op.ILIKE };
    }
    if (inner.op === Op.MATCHES || inner.op === Op.REGEX) {
      const keys = regexAtoms(inner.operands[0] as string);
      return keys === null ? null : { kind: 'text_contains', keys, folded: false };
    }
    return null;
  }
  if (condition.kind !== 'test' || !isIndexableSource(condition.source)) return null;
  if (condition.op === Op.EQ && typeof condition.operands[0] === 'string') {
    return { kind: 'exact', source: condition.source, key: condition.operands[0] };
  }
  if (condition.op === Op.LIKE || condition.op === Op.ILIKE) {
    const key = longestLiteral(condition.operands[0] as string);
    return key === '' ? null : { kind: 'contains', source: condition.source, keys: [key], reading: condition.op === Op.ILIKE ? 'folded' : 'raw' };
  }
  if (condition.op === Op.MATCHES || condition.op === Op.REGEX) {
    // `=~` searches String(value) (a falsy value never matches); a regex filter toString(value).
    const keys = regexAtoms(condition.operands[0] as string);
    return keys === null ? null : { kind: 'contains', source: condition.source, keys, reading: condition.op === Op.MATCHES ? 'raw' : 'hog' };
  }
  return null;
}

/** The longest wildcard-free run of a LIKE pattern: it must occur in any matching subject. */
export function longestLiteral(pattern: string): string {
  let best = '';
  for (const run of pattern.split(/[%_]/)) if (run.length > best.length) best = run;
  return best;
}
