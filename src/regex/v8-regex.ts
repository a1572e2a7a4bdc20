// The V8 evaluation path: an RE2 pattern translated to an equivalent RegExp (translate.ts).
import type { Translation } from './translate.js';
import type { CompiledRegex } from './types.js';
import { toWellFormedText } from './well-formed.js';

type Translated = Extract<Translation, { ok: true }>;

/** A validated pattern evaluated by its exact V8 translation. */
export class V8Regex implements CompiledRegex {
  readonly engine = 'v8';
  private readonly regex: RegExp;
  private readonly linear: RegExp;
  private readonly needsWellFormedInput: boolean;

  constructor(
    readonly source: string,
    translation: Translated,
  ) {
    this.regex = translation.regex;
    this.linear = translation.linear;
    this.needsWellFormedInput = translation.needsWellFormedInput;
  }

  test(input: string): boolean {
    const text = this.needsWellFormedInput ? toWellFormedText(input) : input;
    try {
      return this.regex.test(text);
    } catch {
      // The backtracking engine's stack can overflow on inputs of many megabytes; the linear
      // engine needs no stack.
      try {
        return this.linear.test(text);
      } catch {
        return false;
      }
    }
  }
}
