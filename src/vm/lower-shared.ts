// A program lowered against a matcher's ConditionTable: every test and text quantifier is
// interned (one slot per distinct condition, evaluated at most once per event), and a program
// made only of such conditions becomes a SlotPlan, plain data the table evaluates with no
// closure per condition. Same answers as lowerProgram (lower.ts).
import { conditionKeyOf } from '../bytecode/condition-key.js';
import type { Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import type { ConditionTable } from './condition-table.js';
import { lowerCondition, lowerRoot, type Share } from './lower.js';
import type { Predicate } from './lower-test.js';

/** A program lowered against a ConditionTable, and the slots it holds there (to release). */
export interface SharedProgram {
  readonly predicate: Predicate;
  readonly slots: readonly number[];
  /** The program as slot clauses, when its shape allows (see SlotPlan). */
  readonly plan: SlotPlan | null;
}

/**
 * A program whose every condition is interned, as data: its clauses (ORed), each a list of
 * slot references (slot + 1; negated for a NOT) that must all hold, flattened into one array
 * as [length, references…, length, references…]. Evaluating it is a loop over the table's memo
 * (ConditionTable.matchesPlan), no closure per condition and one object per program: what a
 * matcher pays per candidate. Programs of other shapes (HogQL, nested combinators) keep their
 * predicate.
 */
export type SlotPlan = Int32Array;

/**
 * Lowers a whole program whose conditions are interned in `table`: every test and text
 * quantifier is asked of the table, which evaluates it once per event for all programs. Same
 * answers as lowerProgram. On failure the slots taken so far are released.
 */
export function lowerSharedProgram(root: Expr, table: ConditionTable): SharedProgram {
  const slots: number[] = [];
  const share: Share = {
    intern: (expr, lower) => {
      const slot = table.acquire(conditionKeyOf(expr), lower);
      slots.push(slot);
      return (context) => table.evaluate(slot, context);
    },
    elements: table.elements,
  };
  try {
    const plan = isPlannable(root) ? planOf(root, (expr) => {
      const slot = table.acquire(conditionKeyOf(expr), () => lowerCondition(expr, table.elements));
      slots.push(slot);
      return slot;
    }) : null;
    return { predicate: plan === null ? lowerRoot(root, share) : (context) => table.matchesPlan(plan, context), slots, plan };
  } catch (caught) {
    for (const slot of slots) table.release(slot);
    throw caught;
  }
}

/** A condition a plan can hold: an interned test or text quantifier, or the negation of one. */
function isPlanCondition(expr: Expr): boolean {
  if (expr.kind === 'not') return isPlanCondition(expr.item) && expr.item.kind !== 'not';
  return (expr.kind === 'test' && expr.source.op !== Op.SRC_ITEM) || expr.kind === 'any_text';
}

function branchesOf(root: Expr): readonly Expr[] {
  return root.kind === 'combinator' && root.op === Op.OR ? root.items : [root];
}

function conditionsOf(branch: Expr): readonly Expr[] {
  return branch.kind === 'combinator' && branch.op === Op.AND ? branch.items : [branch];
}

function isPlannable(root: Expr): boolean {
  return root.kind !== 'constant' && branchesOf(root).every((branch) => conditionsOf(branch).every(isPlanCondition));
}

function planOf(root: Expr, slotOf: (expr: Expr) => number): SlotPlan {
  const flat: number[] = [];
  for (const branch of branchesOf(root)) {
    const conditions = conditionsOf(branch);
    flat.push(conditions.length);
    for (const condition of conditions) flat.push(condition.kind === 'not' ? -(slotOf(condition.item) + 1) : slotOf(condition) + 1);
  }
  return Int32Array.from(flat);
}

/** Takes a reference to the slot of one condition (a test or text quantifier) in `table`. */
export function internCondition(table: ConditionTable, expr: Expr): number {
  return table.acquire(conditionKeyOf(expr), () => lowerCondition(expr, table.elements));
}

