// The in-memory form of a program: what the compiler builds and encodes, and what loading
// a stored program decodes back and hands to the evaluator.
import type { HogQLTree } from './hogql-tree.js';
import { Op } from './opcodes.js';

export type Scalar = string | number | boolean | null;
/** An inline operand: a scalar, a list of scalars, or (SELECTOR) a nested JSON structure. */
export type Operand = Scalar | readonly Scalar[] | readonly unknown[];

export type ConstantOp = typeof Op.TRUE | typeof Op.FALSE | typeof Op.ONE;
export type CombinatorOp = typeof Op.AND | typeof Op.OR;
export type SourceOp =
  | typeof Op.SRC_EVENT
  | typeof Op.SRC_PROP
  | typeof Op.SRC_PERSON_PROP
  | typeof Op.SRC_DISTINCT_ID
  | typeof Op.SRC_GROUP_PROP
  | typeof Op.SRC_ELEMENTS_CHAIN
  | typeof Op.SRC_ELEMENTS
  | typeof Op.SRC_ELEMENTS_HREF
  | typeof Op.SRC_ITEM;
export type TestOp =
  | typeof Op.EQ
  | typeof Op.NE
  | typeof Op.LT
  | typeof Op.LE
  | typeof Op.GT
  | typeof Op.GE
  | typeof Op.IN
  | typeof Op.NOT_IN
  | typeof Op.IS_SET
  | typeof Op.IS_NOT_SET
  | typeof Op.LIKE
  | typeof Op.ILIKE
  | typeof Op.NOT_ILIKE
  | typeof Op.MATCHES
  | typeof Op.REGEX
  | typeof Op.NOT_REGEX
  | typeof Op.ICONTAINS_ANY
  | typeof Op.NOT_ICONTAINS_ANY
  | typeof Op.DATE_EQ
  | typeof Op.DATE_LT
  | typeof Op.DATE_GT
  | typeof Op.SEMVER
  | typeof Op.HAS_TAG
  | typeof Op.SELECTOR;

export interface Source {
  readonly op: SourceOp;
  readonly operands: readonly Operand[];
}

export type Expr =
  | { readonly kind: 'constant'; readonly op: ConstantOp }
  | { readonly kind: 'combinator'; readonly op: CombinatorOp; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly item: Expr }
  | { readonly kind: 'any_text'; readonly item: Expr }
  | { readonly kind: 'test'; readonly op: TestOp; readonly source: Source; readonly operands: readonly Operand[] }
  /** A `hogql` filter: its expression text as written, and its compiled tree. */
  | { readonly kind: 'hogql'; readonly source: string; readonly tree: HogQLTree };

export const TRUE_EXPR: Expr = { kind: 'constant', op: Op.TRUE };
export const FALSE_EXPR: Expr = { kind: 'constant', op: Op.FALSE };
export const ONE_EXPR: Expr = { kind: 'constant', op: Op.ONE };

export function source(op: SourceOp, ...operands: Operand[]): Source {
  return { op, operands };
}

export function test(op: TestOp, from: Source, ...operands: Operand[]): Expr {
  return { kind: 'test', op, source: from, operands };
}
