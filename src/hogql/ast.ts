// The HogQL AST as PostHog's parser produces it (posthog/hogql/ast.py), typed. Only the nodes an
// expression can contain are modelled; anything else the parser can return (SELECT queries,
// placeholders, aliases, casts, …) is kept as `Unsupported` with its node name, so the compilers
// can refuse it with a message naming the construct.

export type CompareOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'like'
  | 'ilike'
  | 'not like'
  | 'not ilike'
  | 'in'
  | 'not in'
  | 'in cohort'
  | 'not in cohort'
  | '=~'
  | '!~'
  | '=~*'
  | '!~*';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/** A constant: Python's int and float stay apart (`10` and `10.0` compile differently). */
export interface ConstantNode {
  readonly node: 'Constant';
  readonly value: string | number | boolean | null;
  readonly float: boolean;
}

export type HogQLNode =
  | ConstantNode
  | { readonly node: 'Field'; readonly chain: readonly (string | number)[] }
  | { readonly node: 'And' | 'Or'; readonly exprs: readonly HogQLNode[] }
  | { readonly node: 'Not'; readonly expr: HogQLNode }
  | { readonly node: 'CompareOperation'; readonly op: CompareOperator; readonly left: HogQLNode; readonly right: HogQLNode }
  | { readonly node: 'ArithmeticOperation'; readonly op: ArithmeticOperator; readonly left: HogQLNode; readonly right: HogQLNode }
  | { readonly node: 'BetweenExpr'; readonly expr: HogQLNode; readonly low: HogQLNode; readonly high: HogQLNode; readonly negated: boolean }
  | { readonly node: 'Call'; readonly name: string; readonly args: readonly HogQLNode[]; readonly params: readonly HogQLNode[] | null; readonly distinct: boolean }
  | { readonly node: 'Array' | 'Tuple'; readonly exprs: readonly HogQLNode[] }
  | { readonly node: 'Dict'; readonly items: readonly (readonly [HogQLNode, HogQLNode])[] }
  | { readonly node: 'Lambda'; readonly args: readonly string[]; readonly expr: HogQLNode }
  | { readonly node: 'ArrayAccess'; readonly array: HogQLNode; readonly property: HogQLNode; readonly nullish: boolean }
  | { readonly node: 'TupleAccess'; readonly tuple: HogQLNode; readonly index: number; readonly nullish: boolean }
  | { readonly node: 'Unsupported'; readonly kind: string };

export type HogQLNodeKind = HogQLNode['node'];
