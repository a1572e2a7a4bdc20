// The regex layer's public types (re-exported by index.ts).

export interface CompiledRegex {
  /** The RE2 pattern as given. */
  readonly source: string;
  /**
   * Which engine evaluates it: 'v8' for a translated RegExp (on V8's backtracking engine with
   * its linear-time fallback, or on the linear-time engine alone), 're2' for re2-wasm.
   */
  readonly engine: 'v8' | 're2';
  /** Unanchored RE2 search of the pattern in `input`. Never throws. */
  test(input: string): boolean;
}

export type RegexCompileResult = { ok: true; regex: CompiledRegex } | { ok: false; error: string };
