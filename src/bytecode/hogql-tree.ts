// The operand of a HOGQL instruction: a HogQL expression compiled into a small tree of
// expression nodes, each a JSON array `[code, ...operands, ...children]`. The tree keeps HogVM's
// evaluation model (values, not booleans; every operand evaluated except across `if` / `ifNull`
// branches), so vm/hogql-*.ts can reproduce PostHog's VM exactly. Validated at decode.

/** Expression node codes. Part of the stored format: never renumber, only add. */
export const HqOp = {
  /** [CONST, value] */
  CONST: 1,
  /** [GLOBAL, name, ...chain]: a field of PostHog's filter globals, read as GET_GLOBAL reads it. */
  GLOBAL: 2,
  /** [LOCAL, depth, index]: an argument of the enclosing lambda `depth` levels out. */
  LOCAL: 3,
  /** [PROPERTY, nullish, object, key]: `object[key]` (GET_PROPERTY / GET_PROPERTY_NULLISH). */
  PROPERTY: 4,
  AND: 5,
  OR: 6,
  NOT: 7,
  /** [COMPARE, operator, left, right] */
  COMPARE: 8,
  /** [ARITHMETIC, operator, left, right] */
  ARITHMETIC: 9,
  /** [CALL, name, ...args]: a standard-library function. */
  CALL: 10,
  /** [IF, condition, then, else] */
  IF: 11,
  /** [IF_NULL, value, fallback] */
  IF_NULL: 12,
  ARRAY: 13,
  TUPLE: 14,
  /** [DICT, key1, value1, ...] */
  DICT: 15,
  /** [LAMBDA, argCount, body] */
  LAMBDA: 16,
} as const;

export type HqCode = (typeof HqOp)[keyof typeof HqOp];

export const hogqlCompareOperators = ['eq', 'not_eq', 'lt', 'lt_eq', 'gt', 'gt_eq', 'like', 'ilike', 'not_like', 'not_ilike', 'in', 'not_in', 'regex', 'not_regex', 'iregex', 'not_iregex'] as const;
export type HogQLCompareOperator = (typeof hogqlCompareOperators)[number];

export const hogqlArithmeticOperators = ['+', '-', '*', '/', '%'] as const;
export type HogQLArithmeticOperator = (typeof hogqlArithmeticOperators)[number];

/** A tree node as stored: validated by checkHogQLTree before anything reads it. */
export type HogQLTree = readonly unknown[];

/** Deepest tree accepted on load (the compiler's own limit is lower). */
export const MAX_TREE_DEPTH = 256;

const childCounts: Readonly<Record<number, readonly [number, number]>> = {
  // code: [fixed operands before the children, fixed child count or -1 for any]
  [HqOp.PROPERTY]: [1, 2],
  [HqOp.AND]: [0, -1],
  [HqOp.OR]: [0, -1],
  [HqOp.NOT]: [0, 1],
  [HqOp.COMPARE]: [1, 2],
  [HqOp.ARITHMETIC]: [1, 2],
  [HqOp.CALL]: [1, -1],
  [HqOp.IF]: [0, 3],
  [HqOp.IF_NULL]: [0, 2],
  [HqOp.ARRAY]: [0, -1],
  [HqOp.TUPLE]: [0, -1],
  [HqOp.DICT]: [0, -1],
  [HqOp.LAMBDA]: [1, 1],
};

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Why `tree` is not a valid expression tree, or null. */
export function checkHogQLTree(tree: unknown, depth = 0): string | null {
  if (depth > MAX_TREE_DEPTH) return `expression nests deeper than ${MAX_TREE_DEPTH} levels`;
  if (!Array.isArray(tree) || tree.length === 0) return 'expected an expression node (a non-empty array)';
  const [code, first, second] = tree as unknown[];
  switch (code) {
    case HqOp.CONST:
      return tree.length === 2 && isScalar(first) ? null : 'CONST takes one scalar';
    case HqOp.GLOBAL:
      return tree.slice(1).every((part: unknown) => typeof part === 'string' || Number.isInteger(part)) && typeof first === 'string' ? null : 'GLOBAL takes a name and a chain of keys';
    case HqOp.LOCAL:
      return tree.length === 3 && Number.isInteger(first) && Number.isInteger(second) && (first as number) >= 0 && (second as number) >= 0 ? null : 'LOCAL takes a depth and an index';
  }
  const shape = typeof code === 'number' ? childCounts[code] : undefined;
  if (shape === undefined) return `unknown expression code ${JSON.stringify(code)}`;
  const [fixed, count] = shape;
  const operands = tree.slice(1, 1 + fixed) as unknown[];
  if (operands.length !== fixed) return `node ${String(code)} is missing operands`;
  if (code === HqOp.PROPERTY && operands[0] !== 0 && operands[0] !== 1) return 'PROPERTY takes a nullish flag 0 or 1';
  if (code === HqOp.COMPARE && !(hogqlCompareOperators as readonly unknown[]).includes(operands[0])) return `unknown comparison ${JSON.stringify(operands[0])}`;
  if (code === HqOp.ARITHMETIC && !(hogqlArithmeticOperators as readonly unknown[]).includes(operands[0])) return `unknown arithmetic operator ${JSON.stringify(operands[0])}`;
  if (code === HqOp.CALL && typeof operands[0] !== 'string') return 'CALL takes a function name';
  if (code === HqOp.LAMBDA && !(Number.isInteger(operands[0]) && (operands[0] as number) >= 0)) return 'LAMBDA takes an argument count';
  const children = tree.slice(1 + fixed) as unknown[];
  if (count !== -1 && children.length !== count) return `node ${String(code)} takes ${count} operands, got ${children.length}`;
  if (code === HqOp.DICT && children.length % 2 !== 0) return 'DICT takes key/value pairs';
  for (const child of children) {
    const problem = checkHogQLTree(child, depth + 1);
    if (problem !== null) return problem;
  }
  return null;
}
