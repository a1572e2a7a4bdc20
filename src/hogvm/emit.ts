// The bytecode emission rules of PostHog's compiler (posthog/hogql/compiler/bytecode.py) for the
// nodes action_to_expr builds. The rules that decide byte-for-byte identity:
// - a compare pushes its RIGHT operand first, then the left, then the opcode;
// - And/Or push every operand in order, then `AND n` / `OR n` (never flattened or folded);
// - a global field pushes its chain reversed as strings, then `GET_GLOBAL len`;
// - a call pushes its arguments in order, then `CALL_GLOBAL name argc`; `not(x)` is `x, NOT`
//   and `ifNull(a, b)` is `a, JUMP_IF_STACK_NOT_NULL len(b)+1, POP, b`;
// - a lambda is `CALLABLE "lambda" argc upvalues len body… CLOSURE upvalues`, its body the
//   expression followed by RETURN, its arguments locals 0…n-1;
// - constants: booleans TRUE/FALSE, null NULL, ints INTEGER, floats FLOAT, strings STRING; a list
//   or dict constant is an error, raised when emission reaches it.
// Cohort comparisons fail here too, as PostHog only rejects them while compiling bytecode.
import { type CompareOp, type Expr } from './ast.js';
import { HogOp } from './hog-op.js';
import { hogqlError } from './errors.js';
import { emitHogQL } from './hogql-emit.js';
import { isPythonInt } from '../compile/python-values.js';

export { HogOp } from './hog-op.js';

import type { HogBytecode } from './result.js';

export type { HogBytecode } from './result.js';

export const HOG_BYTECODE_HEADER: readonly ['_H', 1] = ['_H', 1];

const compareOps: Readonly<Record<Exclude<CompareOp, 'in_cohort' | 'not_in_cohort'>, number>> = {
  eq: HogOp.EQ,
  not_eq: HogOp.NOT_EQ,
  gt: HogOp.GT,
  gt_eq: HogOp.GT_EQ,
  lt: HogOp.LT,
  lt_eq: HogOp.LT_EQ,
  like: HogOp.LIKE,
  ilike: HogOp.ILIKE,
  not_like: HogOp.NOT_LIKE,
  not_ilike: HogOp.NOT_ILIKE,
  in: HogOp.IN,
  not_in: HogOp.NOT_IN,
  regex: HogOp.REGEX,
  not_regex: HogOp.NOT_REGEX,
};

/** Python's `str(type(value))` for the constants PostHog cannot emit. */
function constantTypeName(value: unknown): string {
  return Array.isArray(value) ? "<class 'list'>" : "<class 'dict'>";
}

function emitConstant(value: unknown, out: unknown[]): void {
  if (value === true) out.push(HogOp.TRUE);
  else if (value === false) out.push(HogOp.FALSE);
  else if (value === null || value === undefined) out.push(HogOp.NULL);
  else if (typeof value === 'number') out.push(isPythonInt(value) ? HogOp.INTEGER : HogOp.FLOAT, value);
  else if (typeof value === 'string') out.push(HogOp.STRING, value);
  else throw hogqlError(`Constant type \`${constantTypeName(value)}\` is not supported`);
}

function emitField(chain: readonly unknown[], locals: readonly string[], out: unknown[]): void {
  const local = locals.lastIndexOf(String(chain[0]));
  if (local !== -1) {
    out.push(HogOp.GET_LOCAL, local);
    for (const element of chain.slice(1)) {
      if (typeof element === 'number' && isPythonInt(element)) out.push(HogOp.INTEGER, element, HogOp.GET_PROPERTY);
      else out.push(HogOp.STRING, String(element), HogOp.GET_PROPERTY);
    }
    return;
  }
  for (let i = chain.length - 1; i >= 0; i--) out.push(HogOp.STRING, chain[i]);
  out.push(HogOp.GET_GLOBAL, chain.length);
}

function emitCall(name: string, args: readonly Expr[], locals: readonly string[], out: unknown[]): void {
  if (name === 'not' && args.length === 1 && args[0] !== undefined) {
    emitExpr(args[0], locals, out);
    out.push(HogOp.NOT);
    return;
  }
  if ((name === 'and' || name === 'or') && args.length > 1) {
    for (const arg of args) emitExpr(arg, locals, out);
    out.push(name === 'and' ? HogOp.AND : HogOp.OR, args.length);
    return;
  }
  if (name === 'ifNull' && args.length === 2 && args[0] !== undefined && args[1] !== undefined) {
    emitExpr(args[0], locals, out);
    const ifNull: unknown[] = [];
    emitExpr(args[1], locals, ifNull);
    out.push(HogOp.JUMP_IF_STACK_NOT_NULL, ifNull.length + 1, HogOp.POP, ...ifNull);
    return;
  }
  for (const arg of args) emitExpr(arg, locals, out);
  out.push(HogOp.CALL_GLOBAL, name, args.length);
}

function emitExpr(expr: Expr, locals: readonly string[], out: unknown[]): void {
  switch (expr.kind) {
    case 'constant':
      emitConstant(expr.value, out);
      return;
    case 'field':
      emitField(expr.chain, locals, out);
      return;
    case 'and':
    case 'or':
      for (const item of expr.exprs) emitExpr(item, locals, out);
      out.push(expr.kind === 'and' ? HogOp.AND : HogOp.OR, expr.exprs.length);
      return;
    case 'compare': {
      if (expr.op === 'in_cohort' || expr.op === 'not_in_cohort') {
        const right = expr.right.kind === 'constant' ? expr.right.value : undefined;
        const name = typeof right === 'number' && isPythonInt(right) ? ` (cohort id=${right})` : right === undefined ? '' : ` (cohort: ${String(right)})`;
        throw hogqlError(`Can't use cohorts in real-time filters. Please inline the relevant expressions${name}.`);
      }
      emitExpr(expr.right, locals, out);
      emitExpr(expr.left, locals, out);
      out.push(compareOps[expr.op]);
      return;
    }
    case 'call':
      emitCall(expr.name, expr.args, locals, out);
      return;
    case 'lambda': {
      // A lambda compiles in its own scope whose locals are its arguments. PostHog's lambdas in
      // actions never capture anything, so the upvalue count is always 0.
      const body: unknown[] = [];
      emitExpr(expr.body, expr.args, body);
      body.push(HogOp.RETURN);
      out.push(HogOp.CALLABLE, 'lambda', expr.args.length, 0, body.length, ...body, HogOp.CLOSURE, 0);
      return;
    }
    case 'array':
    case 'tuple':
      for (const item of expr.exprs) emitExpr(item, locals, out);
      out.push(expr.kind === 'array' ? HogOp.ARRAY : HogOp.TUPLE, expr.exprs.length);
      return;
    case 'hogql':
      out.push(...emitHogQL(expr.node));
      return;
  }
}

/** `create_bytecode(expr).bytecode`: the header, then the expression. Throws HogExportError. */
export function createBytecode(expr: Expr): HogBytecode {
  const out: unknown[] = [...HOG_BYTECODE_HEADER];
  emitExpr(expr, [], out);
  return out;
}
