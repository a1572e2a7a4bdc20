// Function calls in HogQL filters: the forms PostHog's compiler turns into operators and jumps
// (not / and / or, if, multiIf, ifNull), and standard-library calls checked against what
// actionmatch evaluates and the argument counts PostHog's STL contract allows.
import { HqOp, type HogQLTree } from '../bytecode/hogql-tree.js';
import type { HogQLNode } from '../hogql/ast.js';
import { hogqlFunctions, lambdaFunctions } from '../vm/hogql-functions.js';
import { posthogFunctionNames } from './hogql-stl-names.js';

type CallNode = Extract<HogQLNode, { node: 'Call' }>;

/** Raised with PostHog's text (`posthog`) or ours; hogql.ts locates it. */
export class HogQLCompileProblem extends Error {
  constructor(
    message: string,
    readonly posthog: boolean,
  ) {
    super(message);
  }
}

const ours = (message: string): HogQLCompileProblem => new HogQLCompileProblem(message, false);
const theirs = (message: string): HogQLCompileProblem => new HogQLCompileProblem(message, true);

/** Arguments whose zone or format actionmatch does not evaluate (it works in UTC). */
const zoneArguments: Readonly<Record<string, number>> = { toDateTime: 1, toUnixTimestamp: 1, toUnixTimestampMilli: 1, now: 0 };

export interface CallCompiler {
  node(node: HogQLNode): HogQLTree;
  /** A lambda passed to an array function, compiled in its own scope. */
  lambda(node: Extract<HogQLNode, { node: 'Lambda' }>): HogQLTree;
  isLocal(name: string): boolean;
}

function compileIf(args: readonly HogQLNode[], name: string, compiler: CallCompiler): HogQLTree {
  // Without an else branch PostHog's bytecode leaves no value on the VM's stack when the
  // condition is false, which breaks whatever holds it: refused rather than imitated.
  if (args.length % 2 === 0 || (name === 'if' && args.length !== 3)) throw ours(`${name}() needs a condition, a value and an else value here (${args.length} arguments given)`);
  let tree = compiler.node(args[args.length - 1] as HogQLNode);
  for (let i = args.length - 3; i >= 0; i -= 2) tree = [HqOp.IF, compiler.node(args[i] as HogQLNode), compiler.node(args[i + 1] as HogQLNode), tree];
  return tree;
}

/** A call, compiled as PostHog's BytecodeCompiler.visit_call treats it. */
export function compileCall(call: CallNode, compiler: CallCompiler): HogQLTree {
  const { name, args } = call;
  const all = (): HogQLTree[] => args.map((arg) => compiler.node(arg));
  if (name === 'not' && args.length === 1) return [HqOp.NOT, compiler.node(args[0] as HogQLNode)];
  if ((name === 'and' || name === 'or') && args.length > 1) return [name === 'and' ? HqOp.AND : HqOp.OR, ...all()];
  if ((name === 'if' || name === 'multiIf') && args.length >= 2) return compileIf(args, name, compiler);
  if (name === 'ifNull' && args.length === 2) return [HqOp.IF_NULL, ...all()];
  if (name === 'sql') throw ours('sql() cannot run in real-time filters');
  if (compiler.isLocal(name)) throw ours(`calling the lambda argument \`${name}\` is not supported`);
  const builtin = hogqlFunctions.get(name);
  if (builtin === undefined) {
    if (posthogFunctionNames.has(name)) throw ours(`the function \`${name}\` is not supported in actionmatch's real-time matching`);
    throw theirs(`Hog function \`${name}\` is not implemented`);
  }
  if (call.params !== null) throw ours(`\`${name}(…)(…)\`: parametric calls are not supported`);
  if (args.length < builtin.minArgs) throw theirs(`Function ${name} requires at least ${builtin.minArgs} arguments`);
  if (builtin.maxArgs !== null && args.length > builtin.maxArgs) throw theirs(`Function ${name} requires at most ${builtin.maxArgs} arguments`);
  const zoneAt = zoneArguments[name];
  if (zoneAt !== undefined && args.length > zoneAt) throw ours(`${name}() with a time zone is not supported (actionmatch evaluates dates in UTC)`);
  const lambdaArgs = lambdaFunctions.get(name);
  const compiled = args.map((arg, i) => {
    if (arg.node !== 'Lambda') return compiler.node(arg);
    if (i !== 0 || lambdaArgs === undefined) throw ours('a lambda is only supported as the first argument of arrayExists, arrayMap, arrayFilter and arrayCount');
    return compiler.lambda(arg);
  });
  return [HqOp.CALL, name, ...compiled];
}
