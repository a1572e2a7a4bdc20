// Turns a decoded program into a tree of closures, once, when the program is loaded. Every
// per-program decision (which reader, which comparison, compiled regexes and LIKE patterns,
// prepared dates and versions) is taken here, so evaluating an event only runs the checks.
// Loading validates meaning as well as shape: a program whose regex RE2 rejects, or whose
// operand cannot be prepared, is refused with a message.
import { conditionKeyOf } from '../bytecode/condition-key.js';
import type { Expr, Operand, Scalar, Source } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { currentTime, findGroupProperties, type EventContext } from '../event/event-context.js';
import type { ElementsChain } from '../event/elements-chain.js';
import { createPropertyReader } from '../event/read-value.js';
import { compileRegex } from '../regex/index.js';
import { evaluateDate, prepareDateOperand, type DateOperator } from './dates.js';
import { guardHogQL, lowerHogQLCondition } from './hogql-condition.js';
import { compileLike } from './like.js';
import { evaluateSemver, prepareSemverOperand, type SemverOperator } from './semver.js';
import type { SelectorOperand } from '../bytecode/selector-operand.js';
import { createSelectorMatcher } from './selector-match.js';
import { compareValues, toHogString, toVmString, type Comparison } from './values.js';
import type { ConditionTable } from './condition-table.js';
import { createTableSelectorMatcher, createTableTagTest, type ElementTables } from './element-tables.js';

/** A loaded program: true when the event matches. Never throws. */
export type Predicate = (context: EventContext) => boolean;
/** Reads one value of the event (a property, the name, the chain's href, …). */
export type ValueReader = (context: EventContext) => unknown;

export class ProgramLoadError extends Error {
  override readonly name = 'ProgramLoadError';
}

const never: Predicate = () => false;
const always: Predicate = () => true;

/**
 * How a condition is lowered: on its own (`undefined`, the reference path), or through a
 * ConditionTable that hands out one memoised predicate per distinct condition.
 */
type Share = { readonly intern: (expr: Expr, lower: () => Predicate) => Predicate; readonly elements: ElementTables } | undefined;

/** A program lowered against a ConditionTable, and the slots it holds there (to release). */
export interface SharedProgram {
  readonly predicate: Predicate;
  readonly slots: readonly number[];
  /** The program as slot clauses, when its shape allows (see SlotPlan). */
  readonly plan: SlotPlan | null;
}

/**
 * A program whose every condition is interned, as data: its clauses (ORed), each a list of
 * slot references (slot + 1; negated for a NOT) that must all hold. Evaluating it is a loop
 * over the table's memo (ConditionTable.matchesPlan), no closure per condition: what a matcher
 * pays per candidate. Programs of other shapes (HogQL, nested combinators) keep their predicate.
 */
export type SlotPlan = readonly Int32Array[];

/** Lowers a whole program. The root decides the match: only a boolean true matches. */
export function lowerProgram(root: Expr): Predicate {
  return lowerRoot(root, undefined);
}

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
      const slot = table.acquire(conditionKeyOf(expr), () => lowerCondition(expr, share));
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
  return branchesOf(root).map((branch) =>
    Int32Array.from(conditionsOf(branch), (condition) => (condition.kind === 'not' ? -(slotOf(condition.item) + 1) : slotOf(condition) + 1)),
  );
}

/** The lowered form of one interned condition (what its slot evaluates). */
function lowerCondition(expr: Expr, share: Share): Predicate {
  if (expr.kind === 'any_text') return lowerAnyText(lowerExpr(expr.item, undefined));
  if (expr.kind === 'test') {
    const lowered = share === undefined ? null : lowerElementTest(expr, share.elements);
    return lowered ?? lowerTest(expr.op, readerFor(expr.source), expr.operands, expr.source);
  }
  return lowerExpr(expr, undefined);
}

/** Takes a reference to the slot of one condition (a test or text quantifier) in `table`. */
export function internCondition(table: ConditionTable, expr: Expr): number {
  const share: Share = { intern: () => never, elements: table.elements };
  return table.acquire(conditionKeyOf(expr), () => lowerCondition(expr, share));
}

function lowerRoot(root: Expr, share: Share): Predicate {
  // ONE at the root is PostHog's integer 1: truthy, but not a match.
  if (root.kind === 'constant') return root.op === Op.TRUE ? always : never;
  // Likewise a HogQL condition alone must be `true` itself.
  return guardHogQL(root, root.kind === 'hogql' ? lowerHogQLCondition(root, true) : lowerExpr(root, share));
}

function lowerExpr(expr: Expr, share: Share): Predicate {
  switch (expr.kind) {
    case 'constant':
      // Below the root the constants are plain truth values (ONE is truthy).
      return expr.op === Op.FALSE ? never : always;
    case 'not': {
      const item = lowerExpr(expr.item, share);
      return (context) => !item(context);
    }
    case 'any_text':
      // Inside the quantifier the tests read the current text: they are part of its condition.
      return share === undefined ? lowerCondition(expr, undefined) : share.intern(expr, () => lowerCondition(expr, share));
    case 'combinator': {
      const items = expr.items.map((item) => lowerExpr(item, share));
      return expr.op === Op.AND ? lowerAnd(items) : lowerOr(items);
    }
    case 'test':
      if (share === undefined || expr.source.op === Op.SRC_ITEM) return lowerTest(expr.op, readerFor(expr.source), expr.operands, expr.source);
      return share.intern(expr, () => lowerCondition(expr, share));
    case 'hogql':
      // Not shared: a HogQL condition's failure must reach the program's own guard.
      return lowerHogQLCondition(expr, false);
  }
}

/** Whether some element of the chain has exactly this tag. */
function chainHasTag(chain: ElementsChain, tag: string): boolean {
  // Cheap refusal first: a tag that is not in the raw chain cannot be an element's tag.
  if (!chain.raw.includes(tag)) return false;
  for (let i = 0, n = chain.elementCount(); i < n; i++) if (chain.tagEquals(i, tag)) return true;
  return false;
}

/** Selectors and tag tests over the per-event element tables (same answers as lowerTest's). */
function lowerElementTest(expr: Extract<Expr, { kind: 'test' }>, elements: ElementTables): Predicate | null {
  if (expr.op === Op.SELECTOR) {
    const matches = createTableSelectorMatcher(expr.operands[0] as SelectorOperand, elements);
    return (context) => matches(context.chain);
  }
  if (expr.op === Op.HAS_TAG && typeof expr.operands[0] === 'string') {
    const tag = expr.operands[0];
    const has = createTableTagTest(tag, elements, (chain) => chainHasTag(chain, tag));
    return (context) => has(context.chain);
  }
  return null;
}

function lowerAnd(items: Predicate[]): Predicate {
  const [a, b, c] = items;
  if (items.length === 2 && a && b) return (context) => a(context) && b(context);
  if (items.length === 3 && a && b && c) return (context) => a(context) && b(context) && c(context);
  return (context) => {
    for (let i = 0; i < items.length; i++) if (!(items[i] as Predicate)(context)) return false;
    return true;
  };
}

function lowerOr(items: Predicate[]): Predicate {
  const [a, b] = items;
  if (items.length === 2 && a && b) return (context) => a(context) || b(context);
  return (context) => {
    for (let i = 0; i < items.length; i++) if ((items[i] as Predicate)(context)) return true;
    return false;
  };
}

/** arrayExists over elements_chain_texts: the item predicate reads each text as SRC_ITEM. */
function lowerAnyText(item: Predicate): Predicate {
  return (context) => {
    const texts = context.chain.texts();
    for (let i = 0; i < texts.length; i++) {
      context.item = texts[i];
      if (item(context)) return true;
    }
    return false;
  };
}

/** The reader of a value source, chosen once per program. */
export function readerFor(from: Source): ValueReader {
  const [first, second] = from.operands;
  switch (from.op) {
    case Op.SRC_EVENT:
      return (context) => context.name;
    case Op.SRC_PROP: {
      const read = createPropertyReader(first as string);
      return (context) => read(context.properties);
    }
    case Op.SRC_PERSON_PROP: {
      const read = createPropertyReader(first as string);
      return (context) => read(context.personProperties);
    }
    case Op.SRC_DISTINCT_ID:
      return (context) => context.distinctId;
    case Op.SRC_GROUP_PROP: {
      const index = first as number;
      const read = createPropertyReader(second as string);
      return (context) => read(findGroupProperties(context.groups, index));
    }
    case Op.SRC_ELEMENTS_CHAIN:
      return (context) => context.elementsChainValue;
    case Op.SRC_ELEMENTS_HREF:
      return (context) => context.chain.href();
    case Op.SRC_ITEM:
      return (context) => context.item;
    case Op.SRC_ELEMENTS:
      return (context) => context.chain;
  }
}

function comparison(read: ValueReader, op: Comparison, operand: Scalar): Predicate {
  return (context) => compareValues(op, read(context), operand);
}

function equality(read: ValueReader, operand: Scalar, from: Source): Predicate {
  // The event name is always a string: a plain string comparison is exact.
  if (from.op === Op.SRC_EVENT && typeof operand === 'string') return (context) => context.name === operand;
  if (typeof operand === 'string') {
    return (context) => {
      const value = read(context);
      return typeof value === 'string' ? value === operand : compareValues('eq', value, operand);
    };
  }
  return comparison(read, 'eq', operand);
}

function loadRegex(pattern: string): (subject: string) => boolean {
  const compiled = compileRegex(pattern);
  if (!compiled.ok) throw new ProgramLoadError(`invalid regex ${JSON.stringify(pattern)}: ${compiled.error}`);
  const regex = compiled.regex;
  // PostHog's VM treats an empty pattern as no match.
  return pattern === '' ? () => false : (subject) => regex.test(subject);
}

function prepared<T>(result: T | { error: string }): T {
  if (typeof result === 'object' && result !== null && 'error' in result) throw new ProgramLoadError(result.error);
  return result as T;
}

const semverOperators: readonly string[] = [
  'semver_eq',
  'semver_neq',
  'semver_gt',
  'semver_gte',
  'semver_lt',
  'semver_lte',
  'semver_tilde',
  'semver_caret',
  'semver_wildcard',
];

const dateOperators = { [Op.DATE_EQ]: 'is_date_exact', [Op.DATE_LT]: 'is_date_before', [Op.DATE_GT]: 'is_date_after' } as const;

function lowerTest(op: number, read: ValueReader, operands: readonly Operand[], from: Source): Predicate {
  const operand = operands[0] as Scalar;
  switch (op) {
    case Op.EQ:
      return equality(read, operand, from);
    case Op.NE: {
      const equal = equality(read, operand, from);
      return (context) => !equal(context);
    }
    case Op.LT:
      return comparison(read, 'lt', operand);
    case Op.LE:
      return comparison(read, 'le', operand);
    case Op.GT:
      return comparison(read, 'gt', operand);
    case Op.GE:
      return comparison(read, 'ge', operand);
    case Op.IN:
    case Op.NOT_IN: {
      // Strict membership, as the VM's IN: no coercion between strings, numbers and booleans.
      const members = operands[0] as readonly Scalar[];
      return op === Op.IN ? (context) => members.includes(read(context) as Scalar) : (context) => !members.includes(read(context) as Scalar);
    }
    case Op.IS_SET:
      return (context) => read(context) !== null;
    case Op.IS_NOT_SET:
      return (context) => read(context) === null;
    case Op.LIKE: {
      // LIKE reads the raw field (url contains): PostHog's VM stringifies it with String().
      const like = compileLike(operand as string, false);
      return (context) => like(toVmString(read(context)));
    }
    case Op.ILIKE:
    case Op.NOT_ILIKE: {
      // ILIKE is used on toString(field) (property filters) and on href / texts, which are strings.
      const like = compileLike(operand as string, true);
      return op === Op.NOT_ILIKE ? (context) => !like(toHogString(read(context))) : (context) => like(toHogString(read(context)));
    }
    case Op.MATCHES: {
      const search = loadRegex(operand as string);
      return (context) => {
        const value = read(context);
        return !!value && search(toVmString(value));
      };
    }
    case Op.REGEX:
    case Op.NOT_REGEX: {
      const search = loadRegex(operand as string);
      const found = (context: EventContext): boolean => {
        const text = toHogString(read(context));
        return text !== '' && search(text);
      };
      return op === Op.REGEX ? found : (context) => !found(context);
    }
    case Op.ICONTAINS_ANY:
    case Op.NOT_ICONTAINS_ANY: {
      // The VM lowercases both sides with toLowerCase (not case folding): so do we.
      const needles = (operands[0] as readonly string[]).map((needle) => needle.toLowerCase());
      const found = (context: EventContext): boolean => {
        const haystack = toHogString(read(context)).toLowerCase();
        return needles.some((needle) => haystack.includes(needle));
      };
      return op === Op.ICONTAINS_ANY ? found : (context) => !found(context);
    }
    case Op.DATE_EQ:
    case Op.DATE_LT:
    case Op.DATE_GT: {
      const operator: DateOperator = dateOperators[op];
      const date = prepared(prepareDateOperand(operator, operand));
      return (context) => evaluateDate(operator, read(context), date, currentTime(context));
    }
    case Op.SEMVER: {
      const operator = operands[0] as SemverOperator;
      if (!semverOperators.includes(operator)) throw new ProgramLoadError(`unknown semver operator ${JSON.stringify(operator)}`);
      const version = prepared(prepareSemverOperand(operator, operands[1] as Scalar));
      return (context) => evaluateSemver(operator, read(context), version);
    }
    case Op.HAS_TAG: {
      const tag = operand as string;
      return (context) => chainHasTag(context.chain, tag);
    }
    case Op.SELECTOR: {
      // Its shape was validated when the bytecode was decoded.
      const matches = createSelectorMatcher(operands[0] as SelectorOperand);
      return (context) => matches(context.chain);
    }
    default:
      throw new ProgramLoadError(`opcode ${op} is not a test`);
  }
}
