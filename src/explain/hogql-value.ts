// What a HogQL condition evaluated to on an event, for explanations: the value in Hog's literal
// form (`true`, `'pro'`, `null`, `[1, 2]`), or the failure PostHog's VM would report.
import type { Expr } from '../bytecode/ir.js';
import type { EventContext } from '../event/event-context.js';
import { lowerHogQL } from '../vm/hogql-eval.js';
import { printHogValue } from '../vm/hogql-values.js';
import { escapeControls } from './actual-value.js';

export interface HogQLOutcome {
  /** Truthy, as an AND of the step reads it (alone, only `true` itself matches). */
  readonly truthy: boolean;
  /** The value, rendered; `(evaluation failed: …)` when it fails. */
  readonly actual: string;
}

/** Evaluates one HogQL condition on the bound event. Never throws. */
export function evaluateHogQLCondition(expr: Extract<Expr, { kind: 'hogql' }>, context: EventContext): HogQLOutcome {
  try {
    const value = lowerHogQL(expr.tree)(context);
    const text = printHogValue(value);
    return { truthy: !!value, actual: escapeControls(text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text) };
  } catch (caught) {
    return { truthy: false, actual: `(evaluation failed: ${escapeControls(caught instanceof Error ? caught.message : String(caught))})` };
  }
}
