// The subset of PostHog's HogQL AST (posthog/hogql/ast.py) that action_to_expr builds, with
// constructors named after the HogQL text they stand for. Nodes are plain data: the property and
// step modules build them, emit.ts turns them into bytecode.

import type { HogQLNode } from '../hogql/ast.js';

/** A constant as PostHog's AST holds it: any JSON value (lists and dicts fail at emission). */
export type ConstantValue = unknown;

export type CompareOp =
  | 'eq'
  | 'not_eq'
  | 'gt'
  | 'gt_eq'
  | 'lt'
  | 'lt_eq'
  | 'like'
  | 'ilike'
  | 'not_like'
  | 'not_ilike'
  | 'in'
  | 'not_in'
  | 'regex'
  | 'not_regex'
  | 'in_cohort'
  | 'not_in_cohort';

export type Expr =
  | { readonly kind: 'constant'; readonly value: ConstantValue }
  | { readonly kind: 'field'; readonly chain: readonly unknown[] }
  | { readonly kind: 'and'; readonly exprs: readonly Expr[] }
  | { readonly kind: 'or'; readonly exprs: readonly Expr[] }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'lambda'; readonly args: readonly string[]; readonly body: Expr }
  | { readonly kind: 'array'; readonly exprs: readonly Expr[] }
  | { readonly kind: 'tuple'; readonly exprs: readonly Expr[] }
  /** A `hogql` filter's own expression, as PostHog's parser gave it. */
  | { readonly kind: 'hogql'; readonly node: HogQLNode };

export const constant = (value: ConstantValue): Expr => ({ kind: 'constant', value });
export const field = (...chain: unknown[]): Expr => ({ kind: 'field', chain });
export const and = (exprs: readonly Expr[]): Expr => ({ kind: 'and', exprs });
export const or = (exprs: readonly Expr[]): Expr => ({ kind: 'or', exprs });
export const compare = (op: CompareOp, left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right });
export const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args });
export const lambda = (args: readonly string[], body: Expr): Expr => ({ kind: 'lambda', args, body });
export const array = (exprs: readonly Expr[]): Expr => ({ kind: 'array', exprs });
export const tuple = (exprs: readonly Expr[]): Expr => ({ kind: 'tuple', exprs });

/** `arrayExists(arg -> body, source)`, the shape PostHog parses from its templates. */
export function arrayExists(arg: string, body: Expr, source: Expr): Expr {
  return call('arrayExists', lambda([arg], body), source);
}

/** `elements_chain =~ regex`. */
export function elementsChainMatches(regex: string): Expr {
  return compare('regex', field('elements_chain'), constant(regex));
}
