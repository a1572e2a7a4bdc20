// `hogql` property filters (SEMANTICS.md §7.1): the key is a HogQL expression, parsed by
// PostHog's own parser and compiled into a HOGQL instruction whose tree keeps HogVM's semantics.
// Everything PostHog's real-time path cannot evaluate is refused here, at `<filter>.key`, with
// PostHog's text where it has one: unknown functions and fields, cohorts, subqueries,
// placeholders, and `x[0]`. Constant regex patterns are checked by RE2 like every other pattern.
import { HqOp, type HogQLCompareOperator, type HogQLTree } from '../bytecode/hogql-tree.js';
import { ONE_EXPR, type Expr } from '../bytecode/ir.js';
import type { CompareOperator, HogQLNode } from '../hogql/ast.js';
import { HogQLError } from '../hogql/errors.js';
import { parseHogQL } from '../hogql/parse-expression.js';
import { describeKind } from '../event/read-value.js';
import { filterGlobalNames } from '../vm/hogql-globals.js';
import { CompileError, type WarningSink } from './errors.js';
import { compileCall, HogQLCompileProblem, type CallCompiler } from './hogql-calls.js';
import { currentLimits } from './limits.js';
import { requireValidRegex } from './string-matching.js';

const compareOperators: Readonly<Record<Exclude<CompareOperator, 'in cohort' | 'not in cohort'>, HogQLCompareOperator>> = {
  '==': 'eq',
  '!=': 'not_eq',
  '<': 'lt',
  '<=': 'lt_eq',
  '>': 'gt',
  '>=': 'gt_eq',
  like: 'like',
  ilike: 'ilike',
  'not like': 'not_like',
  'not ilike': 'not_ilike',
  in: 'in',
  'not in': 'not_in',
  '=~': 'regex',
  '!~': 'not_regex',
  '=~*': 'iregex',
  '!~*': 'not_iregex',
};

const regexOperators: readonly HogQLCompareOperator[] = ['regex', 'not_regex', 'iregex', 'not_iregex'];

/** PostHog's cohort message: `(cohort id=5)` for an integer, `(cohort: name)` otherwise. */
function cohortMessage(right: HogQLNode): string {
  let name = '';
  if (right.node === 'Constant') {
    const { value } = right;
    const python = value === null ? 'None' : value === true ? 'True' : value === false ? 'False' : right.float && Number.isInteger(value) ? `${String(value)}.0` : String(value);
    name = typeof value === 'boolean' || (typeof value === 'number' && !right.float) ? ` (cohort id=${python})` : ` (cohort: ${python})`;
  }
  return `Can't use cohorts in real-time filters. Please inline the relevant expressions${name}.`;
}

class TreeCompiler implements CallCompiler {
  /** Argument names of the enclosing lambdas, innermost last. */
  private readonly scopes: (readonly string[])[] = [];

  constructor(private readonly patternPath: string) {}

  isLocal(name: string): boolean {
    return this.scopes.some((scope) => scope.includes(name));
  }

  private local(name: string): HogQLTree | null {
    for (let depth = 0; depth < this.scopes.length; depth++) {
      const index = (this.scopes[this.scopes.length - 1 - depth] as readonly string[]).lastIndexOf(name);
      if (index === -1) continue;
      // PostHog's VM gets such upvalues wrong inside its array functions (an inner lambda reading
      // an outer lambda's argument does not see it): refused rather than imitated.
      if (depth > 0) throw new HogQLCompileProblem(`a lambda cannot use \`${name}\`, an argument of an enclosing lambda, in real-time filters`, false);
      return [HqOp.LOCAL, depth, index];
    }
    return null;
  }

  private field(chain: readonly (string | number)[]): HogQLTree {
    const [head, ...rest] = chain;
    const name = String(head);
    const local = this.local(name);
    if (local !== null) return rest.reduce<HogQLTree>((tree, key) => [HqOp.PROPERTY, 0, tree, [HqOp.CONST, key]], local);
    if (!filterGlobalNames.has(name)) throw new HogQLCompileProblem(`Unknown global variable: ${name}`, true);
    return [HqOp.GLOBAL, name, ...rest];
  }

  lambda(node: Extract<HogQLNode, { node: 'Lambda' }>): HogQLTree {
    node.args.forEach((arg, i) => {
      if (node.args.indexOf(arg) !== i) throw new HogQLCompileProblem(`Variable \`${arg}\` already declared in this scope`, true);
    });
    this.scopes.push(node.args);
    try {
      return [HqOp.LAMBDA, node.args.length, this.node(node.expr)];
    } finally {
      this.scopes.pop();
    }
  }

  private compare(node: Extract<HogQLNode, { node: 'CompareOperation' }>): HogQLTree {
    if (node.op === 'in cohort' || node.op === 'not in cohort') throw new HogQLCompileProblem(cohortMessage(node.right), true);
    const op = compareOperators[node.op];
    if (regexOperators.includes(op) && node.right.node === 'Constant' && typeof node.right.value === 'string') {
      requireValidRegex(op === 'iregex' || op === 'not_iregex' ? `(?i)${node.right.value}` : node.right.value, this.patternPath);
    }
    return [HqOp.COMPARE, op, this.node(node.left), this.node(node.right)];
  }

  node(node: HogQLNode): HogQLTree {
    switch (node.node) {
      case 'Constant':
        return [HqOp.CONST, node.value];
      case 'Field':
        return this.field(node.chain);
      case 'And':
      case 'Or':
        return [node.node === 'And' ? HqOp.AND : HqOp.OR, ...node.exprs.map((item) => this.node(item))];
      case 'Not':
        return [HqOp.NOT, this.node(node.expr)];
      case 'CompareOperation':
        return this.compare(node);
      case 'ArithmeticOperation':
        return [HqOp.ARITHMETIC, node.op, this.node(node.left), this.node(node.right)];
      case 'BetweenExpr': {
        const [subject, low, high] = [this.node(node.expr), this.node(node.low), this.node(node.high)];
        if (node.negated) return [HqOp.OR, [HqOp.COMPARE, 'lt', subject, low], [HqOp.COMPARE, 'gt', subject, high]];
        return [HqOp.AND, [HqOp.COMPARE, 'gt_eq', subject, low], [HqOp.COMPARE, 'lt_eq', subject, high]];
      }
      case 'Call': {
        const tree = compileCall(node, this);
        const pattern = node.name === 'match' ? node.args[1] : undefined;
        if (pattern?.node === 'Constant' && typeof pattern.value === 'string' && pattern.value !== '') requireValidRegex(pattern.value, this.patternPath);
        return tree;
      }
      case 'Array':
      case 'Tuple':
        return [node.node === 'Array' ? HqOp.ARRAY : HqOp.TUPLE, ...node.exprs.map((item) => this.node(item))];
      case 'Dict':
        return [HqOp.DICT, ...node.items.flatMap(([key, value]) => [this.node(key), this.node(value)])];
      case 'Lambda':
        throw new HogQLCompileProblem('a lambda is only supported as the first argument of arrayExists, arrayMap, arrayFilter and arrayCount', false);
      case 'ArrayAccess':
        if (node.property.node === 'Constant' && node.property.value === 0 && !node.property.float) throw new HogQLCompileProblem('Array access starts from 1', true);
        return [HqOp.PROPERTY, node.nullish ? 1 : 0, this.node(node.array), this.node(node.property)];
      case 'TupleAccess':
        return [HqOp.PROPERTY, node.nullish ? 1 : 0, this.node(node.tuple), [HqOp.CONST, node.index]];
      case 'Unsupported':
        if (node.kind === 'Placeholder') throw new HogQLCompileProblem('Placeholders are not allowed in this context', true);
        if (node.kind === 'SelectQuery' || node.kind === 'SelectSetQuery') throw new HogQLCompileProblem('subqueries cannot run in real-time filters', false);
        throw new HogQLCompileProblem(`${node.kind} expressions are not supported in real-time filters`, false);
    }
  }
}

/** A `hogql` filter at `path`: its expression, or ONE (ignored, as PostHog does) without a key. */
export function compileHogQLFilter(key: unknown, path: string, warnings: WarningSink): Expr {
  const keyPath = `${path}.key`;
  if (key === null) {
    warnings.add('ignored_filter', path, 'filter ignored (it has no key), as PostHog does');
    return ONE_EXPR;
  }
  if (typeof key !== 'string') throw new CompileError('invalid_type', keyPath, `expected a HogQL expression (a string), got ${describeKind(key)}`);
  const limits = currentLimits();
  try {
    const node = parseHogQL(key, { maxLength: limits.maxExpressionLength, maxDepth: limits.maxExpressionDepth });
    return { kind: 'hogql', source: key, tree: new TreeCompiler(keyPath).node(node) };
  } catch (caught) {
    if (caught instanceof HogQLError) throw new CompileError(caught.kind === 'limit' ? 'limit_exceeded' : caught.kind === 'posthog' ? 'invalid_hogql' : 'unsupported_hogql', keyPath, caught.message);
    if (caught instanceof HogQLCompileProblem) throw new CompileError('unsupported_hogql', keyPath, caught.message);
    throw caught;
  }
}
