// Lowers a HOGQL instruction's expression tree (bytecode/hogql-tree.ts) into closures, once per
// program, like the rest of the evaluator. Evaluation follows HogVM: every operand is evaluated
// (AND / OR do not short-circuit, so a failing operand fails the program as it does there), only
// `if` and `ifNull` skip a branch, and a builtin failure throws HogQLAbort, which the program's
// predicate turns into "no match" for the whole action (see lower.ts).
import { HqOp, type HogQLArithmeticOperator, type HogQLCompareOperator, type HogQLTree } from '../bytecode/hogql-tree.js';
import { currentTime, type EventContext } from '../event/event-context.js';
import { compileRegex, type CompiledRegex } from '../regex/index.js';
import { nestedValue } from './hogql-access.js';
import { arithmeticHog, compareHog } from './hogql-compare.js';
import { hogqlFunctions, type FunctionEnv } from './hogql-functions.js';
import { readGlobal } from './hogql-globals.js';
import { abort, HogQLLambda, makeTuple } from './hogql-values.js';

/** One evaluation: the event, and the argument frames of the lambdas being run. */
interface Env extends FunctionEnv {
  context: EventContext;
  readonly frames: unknown[][];
  /** Lambda calls so far in this evaluation. */
  lambdaCalls: number;
}

/**
 * Most lambda calls one evaluation of an expression may make. Nested higher-order functions
 * multiply: `arrayExists(x -> arrayExists(y -> …, a), a)` calls its inner lambda k² times for an
 * event array of k items, k³ one level deeper. PostHog's VM stops such a program with a timeout;
 * a count is the same bound without making the answer depend on how busy the machine is. Past
 * it the evaluation aborts, as a VM error does: the action does not match this event.
 */
export const MAX_LAMBDA_CALLS = 100_000;

type Evaluator = (env: Env) => unknown;

/** A lowered expression: its value for the bound event. Throws HogQLAbort where the VM fails. */
export type HogQLEvaluator = (context: EventContext) => unknown;

const regexes = new Map<string, CompiledRegex | null>();

function regexFor(pattern: string): CompiledRegex {
  let regex = regexes.get(pattern);
  if (regex === undefined) {
    const compiled = compileRegex(pattern);
    regex = compiled.ok ? compiled.regex : null;
    // Patterns built from event values are unbounded in number: keep a bounded set.
    if (regexes.size >= 512) regexes.clear();
    regexes.set(pattern, regex);
  }
  return regex ?? abort(`invalid regex ${JSON.stringify(pattern)}`);
}

function lowerAll(nodes: readonly unknown[]): Evaluator[] {
  return nodes.map((node) => lowerNode(node as HogQLTree));
}

function lowerNode(tree: HogQLTree): Evaluator {
  const code = tree[0];
  switch (code) {
    case HqOp.CONST: {
      const value = tree[1];
      return () => value;
    }
    case HqOp.GLOBAL: {
      const name = tree[1] as string;
      const chain = tree.slice(2);
      return (env) => readGlobal(env.context, name, chain);
    }
    case HqOp.LOCAL: {
      const depth = tree[1] as number;
      const index = tree[2] as number;
      return (env) => env.frames[env.frames.length - 1 - depth]?.[index] ?? null;
    }
    case HqOp.PROPERTY: {
      const nullish = tree[1] === 1;
      const [object, key] = lowerAll(tree.slice(2)) as [Evaluator, Evaluator];
      return (env) => {
        const value = object(env);
        return nestedValue(value, [key(env)], nullish);
      };
    }
    case HqOp.AND:
    case HqOp.OR: {
      const items = lowerAll(tree.slice(1));
      const isAnd = code === HqOp.AND;
      return (env) => {
        let result = isAnd;
        for (const item of items) {
          const value = !!item(env);
          result = isAnd ? result && value : result || value;
        }
        return result;
      };
    }
    case HqOp.NOT: {
      const [item] = lowerAll(tree.slice(1)) as [Evaluator];
      return (env) => !item(env);
    }
    case HqOp.COMPARE: {
      const op = tree[1] as HogQLCompareOperator;
      const [left, right] = lowerAll(tree.slice(2)) as [Evaluator, Evaluator];
      return (env) => {
        const r = right(env);
        return compareHog(op, left(env), r, env);
      };
    }
    case HqOp.ARITHMETIC: {
      const op = tree[1] as HogQLArithmeticOperator;
      const [left, right] = lowerAll(tree.slice(2)) as [Evaluator, Evaluator];
      return (env) => {
        const r = right(env);
        return arithmeticHog(op, left(env), r);
      };
    }
    case HqOp.CALL: {
      const name = tree[1] as string;
      const args = lowerAll(tree.slice(2));
      const builtin = hogqlFunctions.get(name);
      if (builtin === undefined) return () => abort(`Unsupported function call: ${name}`);
      return (env) => builtin.fn(args.map((arg) => arg(env)), env);
    }
    case HqOp.IF: {
      const [condition, then, otherwise] = lowerAll(tree.slice(1)) as [Evaluator, Evaluator, Evaluator];
      return (env) => (condition(env) ? then(env) : otherwise(env));
    }
    case HqOp.IF_NULL: {
      const [value, fallback] = lowerAll(tree.slice(1)) as [Evaluator, Evaluator];
      return (env) => {
        const found = value(env);
        return found !== null ? found : fallback(env);
      };
    }
    case HqOp.ARRAY:
    case HqOp.TUPLE: {
      const items = lowerAll(tree.slice(1));
      const tuple = code === HqOp.TUPLE;
      return (env) => {
        const values = items.map((item) => item(env));
        return tuple ? makeTuple(values) : values;
      };
    }
    case HqOp.DICT: {
      const items = lowerAll(tree.slice(1));
      return (env) => {
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < items.length; i += 2) map.set((items[i] as Evaluator)(env), (items[i + 1] as Evaluator)(env));
        return map;
      };
    }
    case HqOp.LAMBDA: {
      const argCount = tree[1] as number;
      const [body] = lowerAll(tree.slice(2)) as [Evaluator];
      return (env) =>
        new HogQLLambda(argCount, (args) => {
          env.lambdaCalls += 1;
          if (env.lambdaCalls > MAX_LAMBDA_CALLS) abort(`Execution limit exceeded: more than ${MAX_LAMBDA_CALLS} lambda calls for one event`);
          if (args.length > argCount) abort(`Too many arguments. Passed ${args.length}, expected ${argCount}`);
          const frame = [...args];
          while (frame.length < argCount) frame.push(null);
          env.frames.push(frame);
          try {
            return body(env);
          } finally {
            env.frames.pop();
          }
        });
    }
    default:
      return () => abort(`unknown expression code ${String(code)}`);
  }
}

/** Lowers a validated expression tree. */
export function lowerHogQL(tree: HogQLTree): HogQLEvaluator {
  const evaluate = lowerNode(tree);
  const env: Env = {
    context: undefined as unknown as EventContext,
    frames: [],
    lambdaCalls: 0,
    now: () => currentTime(env.context),
    regex: regexFor,
  };
  return (context) => {
    env.context = context;
    env.frames.length = 0;
    env.lambdaCalls = 0;
    return evaluate(env);
  };
}
