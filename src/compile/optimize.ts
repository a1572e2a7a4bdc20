// Compile-time simplification of a program tree, preserving PostHog's value semantics: a node
// is true, false, or ONE (PostHog's integer 1: truthy, but not a match on its own).
// - constants fold: AND drops truthy constants and becomes FALSE with a FALSE child; OR
//   becomes TRUE with a truthy constant child and drops FALSE children;
// - nested ANDs/ORs flatten, and a single remaining boolean child replaces its parent;
// - AND children run cheapest first, so evaluation stops at the cheapest failing check.
// After this pass ONE can only remain as the whole program.
import { FALSE_EXPR, TRUE_EXPR, type Expr, type TestOp } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';

export function optimize(expr: Expr): Expr {
  switch (expr.kind) {
    case 'constant':
    case 'test':
    case 'hogql':
      return expr;
    case 'not': {
      const item = optimize(expr.item);
      if (item.kind === 'constant') return item.op === Op.FALSE ? TRUE_EXPR : FALSE_EXPR;
      if (item.kind === 'not') return item.item; // booleans only below the root: NOT NOT x = x
      return { kind: 'not', item };
    }
    case 'any_text': {
      // Over no texts nothing exists; constants inside are decided per text, so keep them.
      return { kind: 'any_text', item: optimize(expr.item) };
    }
    case 'combinator':
      return expr.op === Op.AND ? optimizeAnd(expr.items) : optimizeOr(expr.items);
  }
}

function optimizeAnd(items: readonly Expr[]): Expr {
  const kept: Expr[] = [];
  for (const item of items.map(optimize)) {
    if (item.kind === 'constant') {
      if (item.op === Op.FALSE) return FALSE_EXPR;
      continue; // TRUE and ONE are truthy: no effect inside an AND
    }
    if (item.kind === 'combinator' && item.op === Op.AND) kept.push(...item.items);
    else kept.push(item);
  }
  if (kept.length === 0) return TRUE_EXPR;
  if (kept.length === 1 && kept[0] !== undefined) return kept[0];
  return { kind: 'combinator', op: Op.AND, items: sortByCost(kept) };
}

function optimizeOr(items: readonly Expr[]): Expr {
  const kept: Expr[] = [];
  const optimized = items.map(optimize);
  // A HogQL condition that fails at run time makes PostHog's whole program fail, even beside a
  // true branch: such an OR keeps its branches (the evaluator checks them when it matches).
  const keepAll = optimized.some(containsHogQL);
  for (const item of optimized) {
    if (item.kind === 'constant' && !keepAll) {
      if (item.op === Op.FALSE) continue;
      return TRUE_EXPR; // TRUE or ONE: the OR is true
    }
    if (item.kind === 'combinator' && item.op === Op.OR) kept.push(...item.items);
    else kept.push(item);
  }
  if (kept.length === 0) return FALSE_EXPR;
  if (kept.length === 1 && kept[0] !== undefined) return kept[0];
  return { kind: 'combinator', op: Op.OR, items: sortByCost(kept) };
}

/** Relative cost of a test; lower runs first. Comparisons of one value are cheapest, regexes dearest. */
const testCosts: Partial<Record<TestOp, number>> = {
  [Op.EQ]: 1,
  [Op.NE]: 1,
  [Op.IS_SET]: 1,
  [Op.IS_NOT_SET]: 1,
  [Op.IN]: 2,
  [Op.NOT_IN]: 2,
  [Op.LT]: 2,
  [Op.LE]: 2,
  [Op.GT]: 2,
  [Op.GE]: 2,
  [Op.LIKE]: 3,
  [Op.ILIKE]: 4,
  [Op.NOT_ILIKE]: 4,
  [Op.ICONTAINS_ANY]: 4,
  [Op.NOT_ICONTAINS_ANY]: 4,
  [Op.SEMVER]: 5,
  [Op.DATE_EQ]: 6,
  [Op.DATE_LT]: 6,
  [Op.DATE_GT]: 6,
  [Op.HAS_TAG]: 7,
  [Op.SELECTOR]: 9,
  [Op.MATCHES]: 8,
  [Op.REGEX]: 8,
  [Op.NOT_REGEX]: 8,
};

export function costOf(expr: Expr): number {
  switch (expr.kind) {
    case 'constant':
      return 0;
    case 'test':
      // The event name is known before anything else is read: always check it first.
      return expr.source.op === Op.SRC_EVENT ? 0 : (testCosts[expr.op] ?? 10);
    case 'not':
      return costOf(expr.item);
    case 'any_text':
      return 7 + costOf(expr.item);
    case 'combinator':
      return expr.items.reduce((sum, item) => sum + costOf(item), 0);
    case 'hogql':
      // An interpreted expression of any size: after every compiled test.
      return 20;
  }
}

/** Whether `expr` holds a HogQL condition. */
export function containsHogQL(expr: Expr): boolean {
  if (expr.kind === 'hogql') return true;
  if (expr.kind === 'combinator') return expr.items.some(containsHogQL);
  if (expr.kind === 'not' || expr.kind === 'any_text') return containsHogQL(expr.item);
  return false;
}

function sortByCost(items: Expr[]): Expr[] {
  // Array.prototype.sort is stable, so equal costs keep the action's order: deterministic.
  return items
    .map((item) => ({ item, cost: costOf(item) }))
    .sort((a, b) => a.cost - b.cost)
    .map(({ item }) => item);
}
