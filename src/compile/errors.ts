// Compile errors and warnings. Errors are raised where a problem is found and caught only at
// the compileAction boundary, which turns them into the action's `bytecode_error`.

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
