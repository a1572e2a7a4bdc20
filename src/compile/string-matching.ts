// The three matching modes of a step's url / text / href (SEMANTICS.md §4), and regex
// validation shared with the regex property operators.
import { test, type Expr, type Source } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { readOwn } from '../event/read-value.js';
import { compileRegex, estimateRegexCost } from '../regex/index.js';
import { CompileError, previewValue } from './errors.js';
import { chargeRegexCost, enforceLimit } from './limits.js';

export type MatchingMode = 'contains' | 'exact' | 'regex';

const matchingModes: readonly string[] = ['contains', 'exact', 'regex'];

/** Reads `<field>_matching`; missing or null means `fallback`, anything unknown is an error. */
export function readMatchingMode(step: Record<string, unknown>, key: string, fallback: MatchingMode, path: string): MatchingMode {
  const value = readOwn(step, key);
  if (value === null) return fallback;
  if (typeof value === 'string' && matchingModes.includes(value)) return value as MatchingMode;
  throw new CompileError('unknown_matching', path, `unknown matching mode ${previewValue(value)} (expected "contains", "exact" or "regex")`);
}

/** Fails with a compile error naming `path` unless RE2 accepts `pattern`. */
export function requireValidRegex(pattern: string, path: string): void {
  // Checked before RE2 sees the pattern: validating a huge pattern is the cost being capped.
  enforceLimit('maxPatternLength', pattern.length, 'regex pattern length', path);
  chargeRegexCost(pattern, estimateRegexCost(pattern), path);
  const result = compileRegex(pattern);
  if (!result.ok) throw new CompileError('invalid_regex', path, `invalid regex ${previewValue(pattern)}: ${result.error}`);
}

/**
 * `value` matched against `from` in `mode`. Contains is SQL LIKE `%value%`, case-insensitive
 * for href and text (`ILIKE`) but not for url; regex uses `=~`, where a falsy value never matches.
 */
export function compileStringMatch(mode: MatchingMode, value: string, from: Source, caseInsensitive: boolean, path: string): Expr {
  switch (mode) {
    case 'exact':
      return test(Op.EQ, from, value);
    case 'contains':
      enforceLimit('maxPatternLength', value.length, 'pattern length', path);
      return test(caseInsensitive ? Op.ILIKE : Op.LIKE, from, `%${value}%`);
    case 'regex':
      requireValidRegex(value, path);
      return test(Op.MATCHES, from, value);
  }
}
