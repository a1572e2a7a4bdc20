// toHogBytecode: an action as PostHog's own compiler turns it into HogVM bytecode,
// `create_bytecode(action_to_expr(action))`, so the result can be stored in PostHog as is or run
// by @posthog/hogvm. This is the error boundary of src/hogvm: it never throws, and where
// PostHog's compiler raises it returns PostHog's message as `bytecode_error`.
//
// The PostHog revision reproduced: posthog/hogql/property.py and compiler/bytecode.py as
// published, with the changes PostHog's newest tests pin (a person's `distinct_id` read from the
// event, the strict-semver gate on semver operators, flag filters as a neutral 1) and the
// production build_selector_regex (each part ending `[^;]*?…`). What needs PostHog's database is
// assumed empty: no property definitions (so "true"/"false" stay strings), no path-cleaning
// rules, UTC as the team time zone, and every referenced cohort exists.
import { createBytecode } from './emit.js';
import type { HogBytecodeResult } from './result.js';
import { HogExportError, unsupported } from './errors.js';
import { stepsToExpr } from './steps.js';

export type { HogBytecode, HogBytecodeResult } from './result.js';


export interface HogBytecodeOptions {
  /**
   * The moment relative dates (`is_date_after: "-7d"`) are resolved against, epoch milliseconds
   * or a Date. PostHog resolves them when the action is saved; default: now.
   */
  readonly now?: number | Date;
}

function readSteps(action: unknown): readonly unknown[] {
  if (action === null || typeof action !== 'object' || Array.isArray(action)) throw unsupported('an action must be a JSON object');
  const steps = Object.hasOwn(action, 'steps') ? (action as Record<string, unknown>)['steps'] : null;
  if (steps === null || steps === undefined) return [];
  if (!Array.isArray(steps)) throw unsupported('steps must be a list');
  return steps;
}

/**
 * The HogVM bytecode PostHog's compiler produces for `action` (an Actions API object), or
 * PostHog's error. Never throws.
 */
export function toHogBytecode(action: unknown, options: HogBytecodeOptions = {}): HogBytecodeResult {
  const now = options.now ?? Date.now();
  const nowMs = now instanceof Date ? now.getTime() : now;
  try {
    return { bytecode: createBytecode(stepsToExpr(readSteps(action), { nowMs })), bytecode_error: null };
  } catch (caught) {
    if (caught instanceof HogExportError) return { bytecode: null, bytecode_error: caught.message };
    const message = caught instanceof Error ? caught.message : String(caught);
    return { bytecode: null, bytecode_error: `internal error: ${message}` };
  }
}
