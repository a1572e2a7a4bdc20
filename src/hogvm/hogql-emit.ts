// HogQL expressions of `hogql` property filters, emitted as PostHog's BytecodeCompiler
// (posthog/hogql/compiler/bytecode.py) emits them, so the exported bytecode is PostHog's byte for
// byte. The rules beyond those of emit.ts:
// - arithmetic pushes right, then left, then PLUS/MINUS/MULTIPLY/DIVIDE/MOD;
// - BETWEEN is two comparisons of the subject (`>=` low and `<=` high, ANDed; `<` / `>` ORed
//   when negated), each pushing its bound first;
// - `if` / `multiIf` become JUMP_IF_FALSE / JUMP over the branches, built from the last branch
//   backwards; `ifNull` jumps over its default when the value is not null;
// - `f(params)(args)` pushes the args, then the params, CALL_GLOBAL f, then CALL_LOCAL;
// - lambdas compile in their own scope: their arguments are locals, a name of an enclosing lambda
//   is an upvalue (GET_UPVALUE), listed after CLOSURE as (is_local, index) pairs;
// - `x[0]` with a constant 0 and cohort comparisons are PostHog's QueryErrors; placeholders too.
// PostHog also compiles SELECT subqueries (into AST dictionaries) and reports unknown functions
// only as warnings; subqueries, casts and aliases are not reproduced here.
import type { CompareOperator, HogQLNode } from '../hogql/ast.js';
import { HogQLError } from '../hogql/errors.js';
import { HogOp } from './hog-op.js';
import { hogqlError, unsupported } from './errors.js';

const compareOps: Readonly<Record<Exclude<CompareOperator, 'in cohort' | 'not in cohort'>, number>> = {
  '==': HogOp.EQ,
  '!=': HogOp.NOT_EQ,
  '>': HogOp.GT,
  '>=': HogOp.GT_EQ,
  '<': HogOp.LT,
  '<=': HogOp.LT_EQ,
  like: HogOp.LIKE,
  ilike: HogOp.ILIKE,
  'not like': HogOp.NOT_LIKE,
  'not ilike': HogOp.NOT_ILIKE,
  in: HogOp.IN,
  'not in': HogOp.NOT_IN,
  '=~': HogOp.REGEX,
  '!~': HogOp.NOT_REGEX,
  '=~*': HogOp.IREGEX,
  '!~*': HogOp.NOT_IREGEX,
};

const arithmeticOps = { '+': HogOp.PLUS, '-': HogOp.MINUS, '*': HogOp.MULTIPLY, '/': HogOp.DIVIDE, '%': HogOp.MOD } as const;
const { DICT, JUMP, JUMP_IF_FALSE, GET_PROPERTY_NULLISH, CALL_LOCAL, GET_UPVALUE } = HogOp;

/** `str()` of a Python constant, for the cohort message. */
function pythonText(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

interface Upvalue {
  readonly index: number;
  readonly isLocal: boolean;
}

/** One compiler scope: the top level, or one lambda with its arguments as locals. */
class Scope {
  readonly upvalues: Upvalue[] = [];
  constructor(
    readonly locals: readonly string[],
    readonly enclosing: Scope | null,
  ) {}

  local(name: string): number {
    return this.locals.lastIndexOf(name);
  }

  private addUpvalue(index: number, isLocal: boolean): number {
    const found = this.upvalues.findIndex((upvalue) => upvalue.index === index && upvalue.isLocal === isLocal);
    if (found !== -1) return found;
    this.upvalues.push({ index, isLocal });
    return this.upvalues.length - 1;
  }

  upvalue(name: string): number {
    if (this.enclosing === null) return -1;
    const index = this.enclosing.local(name);
    if (index !== -1) return this.addUpvalue(index, true);
    const outer = this.enclosing.upvalue(name);
    return outer === -1 ? -1 : this.addUpvalue(outer, false);
  }
}

function emitConstant(value: unknown, float: boolean, out: unknown[]): void {
  if (value === true) out.push(HogOp.TRUE);
  else if (value === false) out.push(HogOp.FALSE);
  else if (value === null) out.push(HogOp.NULL);
  else if (typeof value === 'number') out.push(float ? HogOp.FLOAT : HogOp.INTEGER, value);
  else out.push(HogOp.STRING, value);
}

function emitField(chain: readonly (string | number)[], scope: Scope, out: unknown[]): void {
  const head = String(chain[0]);
  const local = scope.local(head);
  const upvalue = local === -1 ? scope.upvalue(head) : -1;
  if (local !== -1 || upvalue !== -1) {
    out.push(local !== -1 ? HogOp.GET_LOCAL : GET_UPVALUE, local !== -1 ? local : upvalue);
    for (const element of chain.slice(1)) out.push(typeof element === 'number' ? HogOp.INTEGER : HogOp.STRING, element, HogOp.GET_PROPERTY);
    return;
  }
  for (let i = chain.length - 1; i >= 0; i--) out.push(HogOp.STRING, chain[i]);
  out.push(HogOp.GET_GLOBAL, chain.length);
}

/** `if(cond, then[, else])` as jumps; `otherwise` is null when there is no else branch. */
function jumpIf(cond: unknown[], then: unknown[], otherwise: unknown[] | null): unknown[] {
  const out = [...cond, JUMP_IF_FALSE, then.length + (otherwise === null ? 0 : 2), ...then];
  if (otherwise !== null) out.push(JUMP, otherwise.length, ...otherwise);
  return out;
}

function emitCall(node: Extract<HogQLNode, { node: 'Call' }>, scope: Scope, out: unknown[]): void {
  const { name, args } = node;
  const visit = (item: HogQLNode): unknown[] => emitted(item, scope);
  if (name === 'not' && args.length === 1) return void out.push(...visit(args[0] as HogQLNode), HogOp.NOT);
  if ((name === 'and' || name === 'or') && args.length > 1) {
    for (const arg of args) out.push(...visit(arg));
    return void out.push(name === 'and' ? HogOp.AND : HogOp.OR, args.length);
  }
  if (name === 'multiIf' && args.length > 3) {
    let previous: unknown[] | null = args.length % 2 === 0 ? null : visit(args[args.length - 1] as HogQLNode);
    for (let i = args.length - 2 - (args.length % 2); i >= 0; i -= 2) {
      previous = jumpIf(visit(args[i] as HogQLNode), visit(args[i + 1] as HogQLNode), previous);
    }
    return void out.push(...(previous ?? []));
  }
  if ((name === 'if' || name === 'multiIf') && args.length >= 2) {
    return void out.push(...jumpIf(visit(args[0] as HogQLNode), visit(args[1] as HogQLNode), args.length === 3 ? visit(args[2] as HogQLNode) : null));
  }
  if (name === 'ifNull' && args.length === 2) {
    const fallback = visit(args[1] as HogQLNode);
    return void out.push(...visit(args[0] as HogQLNode), HogOp.JUMP_IF_STACK_NOT_NULL, fallback.length + 1, HogOp.POP, ...fallback);
  }
  if (name === 'sql' && args.length === 1) throw unsupported('toHogBytecode does not reproduce sql() in HogQL filters');
  const first = node.params ?? args;
  const call: unknown[] = first.flatMap(visit);
  if (scope.local(name) !== -1) call.push(...emitted({ node: 'Field', chain: [name] }, scope), CALL_LOCAL, first.length);
  else {
    const upvalue = scope.upvalue(name);
    if (upvalue !== -1) call.push(GET_UPVALUE, upvalue, CALL_LOCAL, first.length);
    else call.push(HogOp.CALL_GLOBAL, name, first.length);
  }
  if (node.params === null) return void out.push(...call);
  out.push(...args.flatMap(visit), ...call, CALL_LOCAL, args.length);
}

function emitLambda(node: Extract<HogQLNode, { node: 'Lambda' }>, scope: Scope, out: unknown[]): void {
  node.args.forEach((arg, i) => {
    if (node.args.indexOf(arg) !== i) throw hogqlError(`Variable \`${arg}\` already declared in this scope`);
  });
  const inner = new Scope(node.args, scope);
  const body = [...emitted(node.expr, inner), HogOp.RETURN];
  out.push(HogOp.CALLABLE, 'lambda', node.args.length, inner.upvalues.length, body.length, ...body, HogOp.CLOSURE, inner.upvalues.length);
  for (const upvalue of inner.upvalues) out.push(upvalue.isLocal, upvalue.index);
}

function emitted(node: HogQLNode, scope: Scope): unknown[] {
  const out: unknown[] = [];
  emitNode(node, scope, out);
  return out;
}

function emitNode(node: HogQLNode, scope: Scope, out: unknown[]): void {
  switch (node.node) {
    case 'Constant':
      return emitConstant(node.value, node.float, out);
    case 'Field':
      return emitField(node.chain, scope, out);
    case 'And':
    case 'Or':
      for (const item of node.exprs) emitNode(item, scope, out);
      return void out.push(node.node === 'And' ? HogOp.AND : HogOp.OR, node.exprs.length);
    case 'Not':
      emitNode(node.expr, scope, out);
      return void out.push(HogOp.NOT);
    case 'CompareOperation': {
      if (node.op === 'in cohort' || node.op === 'not in cohort') {
        const name = node.right.node !== 'Constant' ? '' : typeof node.right.value === 'boolean' || (typeof node.right.value === 'number' && !node.right.float) ? ` (cohort id=${pythonText(node.right.value)})` : ` (cohort: ${pythonText(node.right.float && Number.isInteger(node.right.value) ? `${String(node.right.value)}.0` : node.right.value)})`;
        throw hogqlError(`Can't use cohorts in real-time filters. Please inline the relevant expressions${name}.`);
      }
      emitNode(node.right, scope, out);
      emitNode(node.left, scope, out);
      return void out.push(compareOps[node.op]);
    }
    case 'ArithmeticOperation':
      emitNode(node.right, scope, out);
      emitNode(node.left, scope, out);
      return void out.push(arithmeticOps[node.op]);
    case 'BetweenExpr': {
      const subject = emitted(node.expr, scope);
      const [low, high] = [emitted(node.low, scope), emitted(node.high, scope)];
      if (node.negated) return void out.push(...low, ...subject, HogOp.LT, ...high, ...emitted(node.expr, scope), HogOp.GT, HogOp.OR, 2);
      return void out.push(...low, ...subject, HogOp.GT_EQ, ...high, ...emitted(node.expr, scope), HogOp.LT_EQ, HogOp.AND, 2);
    }
    case 'Call':
      return emitCall(node, scope, out);
    case 'Array':
    case 'Tuple':
      for (const item of node.exprs) emitNode(item, scope, out);
      return void out.push(node.node === 'Array' ? HogOp.ARRAY : HogOp.TUPLE, node.exprs.length);
    case 'Dict':
      for (const [key, value] of node.items) {
        emitNode(key, scope, out);
        emitNode(value, scope, out);
      }
      return void out.push(DICT, node.items.length);
    case 'Lambda':
      return emitLambda(node, scope, out);
    case 'ArrayAccess':
      if (node.property.node === 'Constant' && node.property.value === 0 && !node.property.float) throw hogqlError('Array access starts from 1');
      emitNode(node.array, scope, out);
      emitNode(node.property, scope, out);
      return void out.push(node.nullish ? GET_PROPERTY_NULLISH : HogOp.GET_PROPERTY);
    case 'TupleAccess':
      emitNode(node.tuple, scope, out);
      return void out.push(HogOp.INTEGER, node.index, node.nullish ? GET_PROPERTY_NULLISH : HogOp.GET_PROPERTY);
    case 'Unsupported':
      if (node.kind === 'Placeholder') throw hogqlError('Placeholders are not allowed in this context');
      throw unsupported(`toHogBytecode does not reproduce the HogQL node ${node.kind}`);
  }
}

/** The bytecode of one HogQL expression (no header). Throws HogExportError. */
export function emitHogQL(node: HogQLNode): unknown[] {
  try {
    return emitted(node, new Scope([], null));
  } catch (caught) {
    if (caught instanceof HogQLError) throw caught.kind === 'posthog' ? hogqlError(caught.message) : unsupported(caught.message);
    throw caught;
  }
}
