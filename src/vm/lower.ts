// Turns a decoded program into a tree of closures, once, when the program is loaded: the
// combinators and the text quantifier here, each condition by lower-test.ts. This is the
// reference path (the naive loop, explanations, equivalence tests); lower-shared.ts lowers the
// same programs against a matcher's ConditionTable. Loading validates meaning as well as
// shape: a program whose regex RE2 rejects, or whose operand cannot be prepared, is refused
// with a message.
import type { Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import type { ElementTables } from './element-tables.js';
import { guardHogQL, lowerHogQLCondition } from './hogql-condition.js';
import { lowerElementTest, lowerTest, readerFor, type Predicate } from './lower-test.js';

export { ProgramLoadError, readerFor, type Predicate, type ValueReader } from './lower-test.js';

const never: Predicate = () => false;
const always: Predicate = () => true;

/**
 * How a condition is lowered: on its own (`undefined`, the reference path), or through a
 * ConditionTable that hands out one memoised predicate per distinct condition.
 */
export type Share = { readonly intern: (expr: Expr, lower: () => Predicate) => Predicate; readonly elements: ElementTables } | undefined;

/** Lowers a whole program. The root decides the match: only a boolean true matches. */
export function lowerProgram(root: Expr): Predicate {
  return lowerRoot(root, undefined);
}

/** The lowered form of one interned condition (what its slot evaluates). */
export function lowerCondition(expr: Expr, elements: ElementTables | undefined): Predicate {
  if (expr.kind === 'any_text') return lowerAnyText(lowerExpr(expr.item, undefined));
  if (expr.kind === 'test') {
    const lowered = elements === undefined ? null : lowerElementTest(expr, elements);
    return lowered ?? lowerTest(expr.op, readerFor(expr.source), expr.operands, expr.source);
  }
  return lowerExpr(expr, undefined);
}

/** Lowers a whole program, its conditions through `share` if given. */
export function lowerRoot(root: Expr, share: Share): Predicate {
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
      return share === undefined ? lowerCondition(expr, undefined) : share.intern(expr, () => lowerCondition(expr, share.elements));
    case 'combinator': {
      const items = expr.items.map((item) => lowerExpr(item, share));
      return expr.op === Op.AND ? lowerAnd(items) : lowerOr(items);
    }
    case 'test':
      if (share === undefined || expr.source.op === Op.SRC_ITEM) return lowerTest(expr.op, readerFor(expr.source), expr.operands, expr.source);
      return share.intern(expr, () => lowerCondition(expr, share.elements));
    case 'hogql':
      // Not shared: a HogQL condition's failure must reach the program's own guard.
      return lowerHogQLCondition(expr, false);
  }
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

