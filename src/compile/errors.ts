// Compile errors and warnings. Errors are raised where a problem is found and caught only at
// the compileAction boundary, which turns them into the action's `bytecode_error`.
import { preview } from '../bytecode/format.js';

/** Nesting beyond which a value is not printed in a message (printing it would recurse). */
const PREVIEW_DEPTH = 32;

/**
 * A short JSON preview of an action's value for a message. A deeply nested or very large value
 * (hostile JSON can nest thousands of levels) is shown as `[…]` / `{…}`: stringifying it would overflow the
 * stack, and whether it does depends on how deep the caller's stack already is, which would
 * make the message, even the outcome, vary from call to call.
 */
export function previewValue(value: unknown): string {
  if (nestingExceeds(value, PREVIEW_DEPTH)) return Array.isArray(value) ? '[…]' : '{…}';
  // preview falls back to String(), which recurses too; the walk above keeps both shallow.
  return preview(value);
}

/** Whether `value` nests containers deeper than `limit`, checked without recursion. */
function nestingExceeds(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (pending.length > 0) {
    const [item, depth] = pending.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    // A value too large to walk cheaply is not printed either: its deep part may be unvisited.
    if (depth > limit || ++visited > 10_000) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

export type CompileErrorCode =
  | 'invalid_action'
  | 'invalid_type'
  | 'unknown_matching'
  | 'invalid_regex'
  | 'unsupported_filter_type'
  | 'cohort_filter'
  | 'unknown_operator'
  | 'invalid_operand'
  | 'unsupported_element_filter'
  | 'unsupported_selector'
  | 'invalid_hogql'
  | 'unsupported_hogql'
  | 'limit_exceeded'
  | 'invalid_bytecode'
  | 'internal_error';

export type CompileWarningCode = 'ignored_element_field' | 'ignored_filter' | 'never_matches';

/** Where and why an action failed to compile. `message` is what `bytecode_error` carries. */
export interface CompileProblem<Code extends string> {
  /** Stable snake_case identifier of the kind of problem. */
  readonly code: Code;
  /** Path inside the action, e.g. `steps[0].properties[1].value`; '' for the whole action. */
  readonly path: string;
  readonly message: string;
}

export type CompileErrorInfo = CompileProblem<CompileErrorCode>;
export type CompileWarning = CompileProblem<CompileWarningCode>;

export class CompileError extends Error {
  override readonly name = 'CompileError';
  readonly code: CompileErrorCode;
  readonly path: string;

  /**
   * @param verbatim PostHog's own text for this failure: used as the message unchanged, so
   *   `bytecode_error` equals what PostHog stores. Otherwise the message is prefixed by the path.
   */
  constructor(code: CompileErrorCode, path: string, detail: string, verbatim = false) {
    super(verbatim || path === '' ? detail : `${path}: ${detail}`);
    this.code = code;
    this.path = path;
  }

  toInfo(): CompileErrorInfo {
    return { code: this.code, path: this.path, message: this.message };
  }
}

/** Collects warnings while one action compiles. */
export class WarningSink {
  readonly warnings: CompileWarning[] = [];

  add(code: CompileWarningCode, path: string, detail: string): void {
    this.warnings.push({ code, path, message: path === '' ? detail : `${path}: ${detail}` });
  }
}
