// The syntax tree of an RE2 pattern, after RE2's parsing rules have been applied: flags are
// resolved into the nodes ((?i) has already turned literals and classes into folded sets, (?s)
// has chosen what `.` means, (?U) has flipped greediness), captures are plain groups, and every
// literal, class and `.` is a set of code points matching one code point.
import { type CodePointSet, uniteSets } from './code-point-set.js';

export type Assertion =
  | 'begin-text' // ^ without (?m), \A
  | 'end-text' // $ without (?m), \z
  | 'begin-line' // ^ under (?m)
  | 'end-line' // $ under (?m)
  | 'word-boundary' // \b (ASCII)
  | 'not-word-boundary'; // \B (ASCII)

export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'chars'; readonly set: CodePointSet }
  | { readonly kind: 'assert'; readonly assertion: Assertion }
  | { readonly kind: 'concat'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alternate'; readonly items: readonly RegexNode[] }
  | {
      readonly kind: 'repeat';
      readonly item: RegexNode;
      readonly min: number;
      /** Infinity when unbounded. */
      readonly max: number;
      readonly greedy: boolean;
    };

export const EMPTY_NODE: RegexNode = { kind: 'empty' };

export function createConcat(items: readonly RegexNode[]): RegexNode {
  if (items.length === 0) return EMPTY_NODE;
  if (items.length === 1) return items[0] ?? EMPTY_NODE;
  return { kind: 'concat', items };
}

/** Alternation; `a|b|[cd]` becomes the one class [a-d], which V8 runs without backtracking. */
export function createAlternation(items: readonly RegexNode[]): RegexNode {
  if (items.length === 1) return items[0] ?? EMPTY_NODE;
  const sets: CodePointSet[] = [];
  for (const item of items) {
    if (item.kind !== 'chars') return { kind: 'alternate', items };
    sets.push(item.set);
  }
  return { kind: 'chars', set: uniteSets(sets) };
}

/** Whether `node` can match without consuming input (ignoring what its assertions require). */
export function isNullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'empty':
    case 'assert':
      return true;
    case 'chars':
      return false;
    case 'concat':
      return node.items.every(isNullable);
    case 'alternate':
      return node.items.some(isNullable);
    case 'repeat':
      return node.min === 0 || isNullable(node.item);
  }
}

/** Whether `node` can consume input (false for assertions and empty matches only). */
export function canConsume(node: RegexNode): boolean {
  switch (node.kind) {
    case 'empty':
    case 'assert':
      return false;
    case 'chars':
      return true;
    case 'concat':
    case 'alternate':
      return node.items.some(canConsume);
    case 'repeat':
      return node.max > 0 && canConsume(node.item);
  }
}

/** Whether some assertion of kind `assertion` occurs in `node`. */
export function containsAssertion(node: RegexNode, assertion: Assertion): boolean {
  switch (node.kind) {
    case 'assert':
      return node.assertion === assertion;
    case 'concat':
    case 'alternate':
      return node.items.some((item) => containsAssertion(item, assertion));
    case 'repeat':
      return node.max > 0 && containsAssertion(node.item, assertion);
    default:
      return false;
  }
}

/**
 * Whether `node` can evaluate an assertion of kind `assertion` before it has consumed any
 * input, i.e. at the position where a match attempt starts.
 */
export function assertsBeforeConsuming(node: RegexNode, assertion: Assertion): boolean {
  switch (node.kind) {
    case 'assert':
      return node.assertion === assertion;
    case 'concat':
      for (const item of node.items) {
        if (assertsBeforeConsuming(item, assertion)) return true;
        if (!isNullable(item)) return false;
      }
      return false;
    case 'alternate':
      return node.items.some((item) => assertsBeforeConsuming(item, assertion));
    case 'repeat':
      return node.max > 0 && assertsBeforeConsuming(node.item, assertion);
    default:
      return false;
  }
}
