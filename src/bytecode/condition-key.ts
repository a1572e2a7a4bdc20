// Condition identity: a canonical string for one condition of a program (a test, a negation, a
// quantifier over the chain's texts), the same for every program that holds the same condition,
// so that a matcher can evaluate each distinct condition once per event and share the answer.
// The key is the condition's own instructions in the stored format: two conditions with the same
// key read the same value and test it the same way, whatever action they came from. Operands
// whose order does not matter (strict membership lists) are sorted, so `in [a, b]` and
// `in [b, a]` share one key.
import { encodeExpr } from './format.js';
import type { Expr, Operand } from './ir.js';
import { Op } from './opcodes.js';

export function conditionKeyOf(expr: Expr): string {
  // The common shape, a test with scalar operands, is keyed without building the instructions
  // (copying operands is most of a matcher's build time otherwise); same text as the general path.
  if (expr.kind === 'test' && expr.op !== Op.IN && expr.op !== Op.NOT_IN) return JSON.stringify([expr.op, expr.source.op, ...expr.source.operands, ...expr.operands]);
  const out: unknown[] = [];
  encodeExpr(normalise(expr), out);
  return JSON.stringify(out);
}

function normalise(expr: Expr): Expr {
  if (expr.kind === 'test' && (expr.op === Op.IN || expr.op === Op.NOT_IN) && Array.isArray(expr.operands[0])) {
    const members = [...(expr.operands[0] as readonly Operand[])].map((member) => JSON.stringify(member)).sort();
    return { ...expr, operands: [members.map((member) => JSON.parse(member) as Operand) as Operand] };
  }
  if (expr.kind === 'not' || expr.kind === 'any_text') return { ...expr, item: normalise(expr.item) };
  return expr;
}
