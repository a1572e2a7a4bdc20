// HogQL conditions inside a program. A HogQL expression has a value, not a boolean: inside AND /
// OR only its truthiness counts, and as a whole program only a boolean `true` matches (PostHog's
// filter verdict). When PostHog's VM fails on any part of an action's bytecode the whole action
// does not match, whichever step failed; so a program holding HogQL conditions matches only if
// it matches and none of its HogQL conditions fails on the event.
import type { Expr } from '../bytecode/ir.js';
import type { EventContext } from '../event/event-context.js';
import { lowerHogQL } from './hogql-eval.js';

type Predicate = (context: EventContext) => boolean;

/** A HogQL condition: truthy inside AND / OR; `strict` (the whole program) wants `true` itself. */
export function lowerHogQLCondition(expr: Extract<Expr, { kind: 'hogql' }>, strict: boolean): Predicate {
  const evaluate = lowerHogQL(expr.tree);
  return strict ? (context) => evaluate(context) === true : (context) => !!evaluate(context);
}

function collectHogQL(expr: Expr, found: Extract<Expr, { kind: 'hogql' }>[]): void {
  if (expr.kind === 'hogql') found.push(expr);
  else if (expr.kind === 'combinator') for (const item of expr.items) collectHogQL(item, found);
  else if (expr.kind === 'not' || expr.kind === 'any_text') collectHogQL(expr.item, found);
}

/**
 * `predicate` made PostHog-exact for a program with HogQL conditions (unchanged without any):
 * a failure while matching is no match, and a match stands only if every HogQL condition the
 * program holds (evaluated or skipped by short-circuiting) also runs without failing.
 */
export function guardHogQL(root: Expr, predicate: Predicate): Predicate {
  const conditions: Extract<Expr, { kind: 'hogql' }>[] = [];
  collectHogQL(root, conditions);
  if (conditions.length === 0) return predicate;
  const checks = conditions.map((condition) => lowerHogQL(condition.tree));
  return (context) => {
    try {
      if (!predicate(context)) return false;
      for (const check of checks) check(context);
      return true;
    } catch {
      return false;
    }
  };
}
