// The instruction set of actionmatch bytecode. A program is a tree written in prefix order:
// every instruction is an opcode followed by its operands, and the operands of a combinator
// are whole sub-programs. The opcode numbers are part of the stored format: never renumber,
// only add (and bump FORMAT_VERSION if a meaning changes).

export const Op = {
  // Constants. ONE is PostHog's integer 1 (an ignored filter): truthy inside AND/OR, but a
  // program whose value is ONE does not match, because only boolean true is a match.
  TRUE: 1,
  FALSE: 2,
  ONE: 3,
  // Combinators: AND n e1..en, OR n e1..en, NOT e.
  AND: 4,
  OR: 5,
  NOT: 6,
  /** ANY_TEXT e: e holds for some text of the elements chain, read inside e as SRC_ITEM. */
  ANY_TEXT: 7,

  // Tests: opcode, a value source, then the operands listed in opcodeInfo.
  EQ: 20,
  NE: 21,
  LT: 22,
  LE: 23,
  GT: 24,
  GE: 25,
  IN: 26,
  NOT_IN: 27,
  IS_SET: 28,
  IS_NOT_SET: 29,
  /** SQL LIKE search on the raw value, stringified with JavaScript's String() (url contains). */
  LIKE: 30,
  /** Case-insensitive LIKE search on the Hog toString of the value. */
  ILIKE: 31,
  NOT_ILIKE: 32,
  /** `=~`: a falsy value never matches; anything else is String()-ified and searched. */
  MATCHES: 33,
  /** `match(toString(v), re)`: missing is searched as "null"; an empty string never matches. */
  REGEX: 34,
  NOT_REGEX: 35,
  ICONTAINS_ANY: 36,
  NOT_ICONTAINS_ANY: 37,
  DATE_EQ: 38,
  DATE_LT: 39,
  DATE_GT: 40,
  SEMVER: 41,
  /** Some element of the chain has exactly this tag. */
  HAS_TAG: 42,
  /** The chain matches this compiled CSS selector (structurally, see selector-match.ts). */
  SELECTOR: 43,
  /**
   * HOGQL source tree: a HogQL filter expression (its text, then the tree of hogql-tree.ts),
   * evaluated with HogVM's value semantics; truthy inside AND / OR, a match only if `true`.
   */
  HOGQL: 44,

  // Value sources, the first operand of every test.
  SRC_EVENT: 60,
  SRC_PROP: 61,
  SRC_PERSON_PROP: 62,
  SRC_DISTINCT_ID: 63,
  SRC_GROUP_PROP: 64,
  SRC_ELEMENTS_CHAIN: 65,
  /** The parsed elements chain (for HAS_TAG and SELECTOR). */
  SRC_ELEMENTS: 66,
  /** elements_chain_href: the href of the first element that has one, '' if none. */
  SRC_ELEMENTS_HREF: 67,
  /** The text being tested inside ANY_TEXT. */
  SRC_ITEM: 68,
} as const;

export type Op = (typeof Op)[keyof typeof Op];

/** What an operand must be, checked when a program is loaded. */
export type OperandKind = 'count' | 'string' | 'scalar' | 'scalars' | 'strings' | 'group_index' | 'selector' | 'hogql_tree';

export type OpcodeRole = 'constant' | 'combinator' | 'not' | 'quantifier' | 'test' | 'source' | 'hogql';

export interface OpcodeInfo {
  readonly name: string;
  readonly role: OpcodeRole;
  /** Inline operands after the opcode (for tests: after the source). */
  readonly operands: readonly OperandKind[];
}

function info(name: string, role: OpcodeRole, operands: readonly OperandKind[] = []): OpcodeInfo {
  return { name, role, operands };
}

export const opcodeInfo: ReadonlyMap<number, OpcodeInfo> = new Map<number, OpcodeInfo>([
  [Op.TRUE, info('TRUE', 'constant')],
  [Op.FALSE, info('FALSE', 'constant')],
  [Op.ONE, info('ONE', 'constant')],
  [Op.AND, info('AND', 'combinator', ['count'])],
  [Op.OR, info('OR', 'combinator', ['count'])],
  [Op.NOT, info('NOT', 'not')],
  [Op.ANY_TEXT, info('ANY_TEXT', 'quantifier')],
  [Op.EQ, info('EQ', 'test', ['scalar'])],
  [Op.NE, info('NE', 'test', ['scalar'])],
  [Op.LT, info('LT', 'test', ['scalar'])],
  [Op.LE, info('LE', 'test', ['scalar'])],
  [Op.GT, info('GT', 'test', ['scalar'])],
  [Op.GE, info('GE', 'test', ['scalar'])],
  [Op.IN, info('IN', 'test', ['scalars'])],
  [Op.NOT_IN, info('NOT_IN', 'test', ['scalars'])],
  [Op.IS_SET, info('IS_SET', 'test')],
  [Op.IS_NOT_SET, info('IS_NOT_SET', 'test')],
  [Op.LIKE, info('LIKE', 'test', ['string'])],
  [Op.ILIKE, info('ILIKE', 'test', ['string'])],
  [Op.NOT_ILIKE, info('NOT_ILIKE', 'test', ['string'])],
  [Op.MATCHES, info('MATCHES', 'test', ['string'])],
  [Op.REGEX, info('REGEX', 'test', ['string'])],
  [Op.NOT_REGEX, info('NOT_REGEX', 'test', ['string'])],
  [Op.ICONTAINS_ANY, info('ICONTAINS_ANY', 'test', ['strings'])],
  [Op.NOT_ICONTAINS_ANY, info('NOT_ICONTAINS_ANY', 'test', ['strings'])],
  [Op.DATE_EQ, info('DATE_EQ', 'test', ['scalar'])],
  [Op.DATE_LT, info('DATE_LT', 'test', ['scalar'])],
  [Op.DATE_GT, info('DATE_GT', 'test', ['scalar'])],
  [Op.SEMVER, info('SEMVER', 'test', ['string', 'scalar'])],
  [Op.HAS_TAG, info('HAS_TAG', 'test', ['string'])],
  [Op.SELECTOR, info('SELECTOR', 'test', ['selector'])],
  [Op.HOGQL, info('HOGQL', 'hogql', ['string', 'hogql_tree'])],
  [Op.SRC_EVENT, info('event', 'source')],
  [Op.SRC_PROP, info('prop', 'source', ['string'])],
  [Op.SRC_PERSON_PROP, info('person', 'source', ['string'])],
  [Op.SRC_DISTINCT_ID, info('distinct_id', 'source')],
  [Op.SRC_GROUP_PROP, info('group', 'source', ['group_index', 'string'])],
  [Op.SRC_ELEMENTS_CHAIN, info('elements_chain', 'source')],
  [Op.SRC_ELEMENTS, info('elements', 'source')],
  [Op.SRC_ELEMENTS_HREF, info('elements_href', 'source')],
  [Op.SRC_ITEM, info('text', 'source')],
]);
