// Required literals ("atoms") of an RE2 pattern, in the manner of RE2's FilteredRE2 prefilter:
// a list of strings such that every string the pattern matches (searched, unanchored) contains
// at least one of them. A matcher files a regex condition under its atoms and runs the regex
// only on events where one of them occurred; a pattern with no usable atom runs unconditionally.
//
// Computed bottom-up over the parsed tree (after RE2's flag rules, so `(?i)ab` is already the
// classes [Aa][Bb]): each node yields either the finite set of strings it matches exactly (kept
// while small) or a list of which some one must occur. A concatenation crosses adjacent exact
// sets into longer literals and keeps the best list found; an alternation unites its branches'
// lists; a repetition with a minimum of one keeps its item's; anything that can match the empty
// string or any of many characters yields nothing. Sound by construction, not complete.
import type { RegexNode } from './ast.js';
import type { CodePointSet } from './code-point-set.js';
import { parseRe2 } from './parse.js';

/** Largest set of exact strings or of alternatives kept per node. */
const MAX_STRINGS = 16;
/** Largest character class expanded into single-character strings. */
const MAX_CLASS = 8;
/** Shortest atom worth a lookup: a single character occurs nearly everywhere. */
const MIN_ATOM_LENGTH = 2;

interface Info {
  /** Every string the node matches, when few; null when unknown or too many. */
  readonly exact: readonly string[] | null;
  /** Strings one of which occurs in every match, or null when none is known. */
  readonly any: readonly string[] | null;
}

const NOTHING: Info = { exact: null, any: null };
const EMPTY: Info = { exact: [''], any: null };

/**
 * The atoms of `pattern`, or null when it has none worth filing (then the regex must run on
 * every event). The pattern is assumed valid for RE2 (compile time has checked it).
 */
export function regexAtoms(pattern: string): readonly string[] | null {
  const parsed = parseRe2(pattern);
  if (!parsed.ok) return null;
  return usable(required(infoOf(parsed.node)));
}

function usable(strings: readonly string[] | null): readonly string[] | null {
  if (strings === null || strings.length === 0) return null;
  for (const text of strings) if (text.length < MIN_ATOM_LENGTH) return null;
  return [...new Set(strings)];
}

/** What a node guarantees occurs: its exact strings, else its list. */
function required(info: Info): readonly string[] | null {
  if (info.exact !== null) return info.exact.includes('') ? null : info.exact;
  return info.any;
}

/** How good a list is as a filter: its shortest string (longer literals occur less often). */
function score(strings: readonly string[] | null): number {
  if (strings === null || strings.length === 0) return -1;
  let shortest = Infinity;
  for (const text of strings) shortest = Math.min(shortest, text.length);
  return shortest === 0 ? -1 : shortest;
}

function infoOf(node: RegexNode): Info {
  switch (node.kind) {
    case 'empty':
    case 'assert':
      return EMPTY;
    case 'chars':
      return { exact: expandClass(node.set), any: null };
    case 'concat':
      return concatInfo(node.items);
    case 'alternate':
      return alternateInfo(node.items);
    case 'repeat': {
      if (node.max === 0) return EMPTY;
      if (node.min === 0) return NOTHING;
      const item = infoOf(node.item);
      if (node.min === 1 && node.max === 1) return item;
      return { exact: null, any: required(item) };
    }
  }
}

/** The single-character strings of a small class; null for a large one or one holding surrogates. */
function expandClass(set: CodePointSet): string[] | null {
  const out: string[] = [];
  for (let i = 0; i + 1 < set.length; i += 2) {
    const lo = set[i] as number;
    const hi = set[i + 1] as number;
    if (hi - lo + 1 + out.length > MAX_CLASS) return null;
    // A lone surrogate is not a character of a well-formed subject: no literal for it.
    if (lo <= 0xdfff && hi >= 0xd800) return null;
    for (let cp = lo; cp <= hi; cp++) out.push(String.fromCodePoint(cp));
  }
  return out.length === 0 ? null : out;
}

function concatInfo(items: readonly RegexNode[]): Info {
  let run: string[] | null = [''];
  let complete = true;
  let best: readonly string[] | null = null;
  const consider = (strings: readonly string[] | null): void => {
    if (score(strings) > score(best)) best = strings;
  };
  for (const item of items) {
    const info = infoOf(item);
    if (run !== null && info.exact !== null && run.length * info.exact.length <= MAX_STRINGS) {
      const crossed: string[] = [];
      for (const head of run) for (const tail of info.exact) crossed.push(head + tail);
      run = crossed;
      continue;
    }
    // The run of adjacent exact items ends here: one of its strings occurs in every match.
    complete = false;
    if (run !== null) consider(run);
    consider(required(info));
    run = info.exact !== null && info.exact.length <= MAX_STRINGS ? [...info.exact] : null;
  }
  if (complete) return { exact: run, any: null };
  if (run !== null) consider(run);
  return { exact: null, any: best };
}

function alternateInfo(items: readonly RegexNode[]): Info {
  const infos = items.map(infoOf);
  const exact: string[] = [];
  let allExact = true;
  for (const info of infos) {
    if (info.exact === null) allExact = false;
    else exact.push(...info.exact);
  }
  if (allExact && exact.length <= MAX_STRINGS) return { exact, any: null };
  const any: string[] = [];
  for (const info of infos) {
    const strings = required(info);
    if (strings === null) return NOTHING;
    any.push(...strings);
  }
  return { exact: null, any: any.length <= MAX_STRINGS * 4 ? any : null };
}
