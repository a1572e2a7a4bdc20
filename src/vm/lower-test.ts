// The lowering of one condition: a test of one value (a property, the URL, the chain's href,
// a text) by one operator, and the element tests (tag, selector) that read the chain. Every
// per-condition decision (which reader, which comparison, compiled regexes and LIKE patterns,
// prepared dates and versions) is taken here, once, so evaluating an event only runs the check.
// Both the reference lowering (lower.ts) and a matcher's interned conditions (lower-shared.ts)
// evaluate conditions through this one module, so the two cannot drift apart.
import type { Expr, Operand, Scalar, Source } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import type { SelectorOperand } from '../bytecode/selector-operand.js';
import type { ElementsChain } from '../event/elements-chain.js';
import { currentTime, findGroupProperties, type EventContext } from '../event/event-context.js';
import { createPropertyReader } from '../event/read-value.js';
import { compileRegex } from '../regex/index.js';
import { evaluateDate, prepareDateOperand, type DateOperator } from './dates.js';
import { createTableSelectorMatcher, createTableTagTest, type ElementTables } from './element-tables.js';
import { compileLike } from './like.js';
import { createSelectorMatcher } from './selector-match.js';
import { evaluateSemver, prepareSemverOperand, type SemverOperator } from './semver.js';
import { compareValues, toHogString, toVmString, type Comparison } from './values.js';

/** A loaded program: true when the event matches. Never throws. */
export type Predicate = (context: EventContext) => boolean;
/** Reads one value of the event (a property, the name, the chain's href, …). */
export type ValueReader = (context: EventContext) => unknown;

export class ProgramLoadError extends Error {
  override readonly name = 'ProgramLoadError';
}

/** Whether some element of the chain has exactly this tag. */
function chainHasTag(chain: ElementsChain, tag: string): boolean {
  // Cheap refusal first: a tag that is not in the raw chain cannot be an element's tag.
  if (!chain.raw.includes(tag)) return false;
  for (let i = 0, n = chain.elementCount(); i < n; i++) if (chain.tagEquals(i, tag)) return true;
  return false;
}

/** Selectors and tag tests over the per-event element tables (same answers as lowerTest's). */
export function lowerElementTest(expr: Extract<Expr, { kind: 'test' }>, elements: ElementTables): Predicate | null {
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

export function lowerTest(op: number, read: ValueReader, operands: readonly Operand[], from: Source): Predicate {
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
