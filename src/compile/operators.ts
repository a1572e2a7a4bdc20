// One small compiler per property operator (SEMANTICS.md §7.3), applied to a single filter
// value; list values are expanded around this table in properties.ts. Each entry mirrors the
// expression PostHog builds for the operator (`_expr_to_compare_op`).
import { FALSE_EXPR, test, type Expr, type Scalar, type Source } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { prepareDateOperand, type DateOperator } from '../vm/dates.js';
import { prepareSemverOperand, type SemverOperator } from '../vm/semver.js';
import { toHogString } from '../vm/values.js';
import { CompileError, type WarningSink, previewValue } from './errors.js';
import { pythonFloat, pythonStr } from './python-values.js';
import { enforceLimit } from './limits.js';
import { requireValidRegex } from './string-matching.js';

export type OperatorCompiler = (from: Source, value: Scalar, path: string, warnings: WarningSink) => Expr;

/** exact / is_not compare booleans as the strings "true" / "false" (PostHog's bool handling). */
function booleanAsString(value: Scalar): Scalar {
  return typeof value === 'boolean' ? String(value) : value;
}

function likePattern(value: Scalar, path: string): string {
  const text = pythonStr(value);
  enforceLimit('maxPatternLength', text.length, 'pattern length', path);
  return `%${text}%`;
}

function regexPattern(value: Scalar, path: string): string {
  const pattern = toHogString(value);
  requireValidRegex(pattern, path);
  return pattern;
}

/** Looks like PostHog's relative-date syntax (`-7d`, `7d`, `-1dStart`), which it resolves itself. */
const relativeDateLike = /^-?\d+[a-zA-Z]/;

function dateOperator(operator: DateOperator, op: typeof Op.DATE_EQ | typeof Op.DATE_LT | typeof Op.DATE_GT): OperatorCompiler {
  return (from, value, path, warnings) => {
    const prepared = prepareDateOperand(operator, value);
    if (typeof prepared === 'object' && prepared !== null && 'error' in prepared) {
      // An absolute value that is not a date compares false with everything in PostHog's VM
      // (SEMANTICS.md §7.3: unparseable -> false): not an error, but worth a warning.
      if (typeof value === 'string' && !relativeDateLike.test(value)) {
        warnings.add('never_matches', path, `${prepared.error}; this condition is always false`);
        return FALSE_EXPR;
      }
      throw new CompileError('invalid_operand', path, prepared.error);
    }
    return test(op, from, value);
  };
}

/** PostHog's newest compiler gates every semver test on the value being a strict version string. */
export const STRICT_SEMVER_PATTERN = '^\\s*v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:[-+][^\\s]*)?\\s*$';

function semverOperator(operator: SemverOperator): OperatorCompiler {
  return (from, value, path) => {
    const prepared = prepareSemverOperand(operator, value);
    if (typeof prepared === 'object' && prepared !== null && 'error' in prepared) {
      // PostHog raises these with its own texts; keep them verbatim.
      throw new CompileError('invalid_operand', path, prepared.error, true);
    }
    return { kind: 'combinator', op: Op.AND, items: [test(Op.MATCHES, from, STRICT_SEMVER_PATTERN), test(Op.SEMVER, from, operator, value)] };
  };
}

function multiSearch(negated: boolean): OperatorCompiler {
  return (from, value) => test(negated ? Op.NOT_ICONTAINS_ANY : Op.ICONTAINS_ANY, from, [pythonStr(value)]);
}

function requiresList(_from: Source, _value: Scalar, path: string): never {
  // PostHog's text; it raises it even for a one-element list, which is unwrapped first.
  throw new CompileError('invalid_operand', path, 'IN and NOT IN operators require a list of values', true);
}

export const propertyOperators: Readonly<Record<string, OperatorCompiler>> = {
  exact: (from, value) => test(Op.EQ, from, booleanAsString(value)),
  is_not: (from, value) => test(Op.NE, from, booleanAsString(value)),
  is_set: (from) => test(Op.IS_SET, from),
  is_not_set: (from) => test(Op.IS_NOT_SET, from),
  icontains: (from, value, path) => test(Op.ILIKE, from, likePattern(value, path)),
  not_icontains: (from, value, path) => test(Op.NOT_ILIKE, from, likePattern(value, path)),
  regex: (from, value, path) => test(Op.REGEX, from, regexPattern(value, path)),
  not_regex: (from, value, path) => test(Op.NOT_REGEX, from, regexPattern(value, path)),
  gt: (from, value) => test(Op.GT, from, value),
  gte: (from, value) => test(Op.GE, from, value),
  min: (from, value) => test(Op.GE, from, value),
  lt: (from, value) => test(Op.LT, from, value),
  lte: (from, value) => test(Op.LE, from, value),
  max: (from, value) => test(Op.LE, from, value),
  in: requiresList,
  not_in: requiresList,
  icontains_multi: multiSearch(false),
  not_icontains_multi: multiSearch(true),
  is_date_exact: dateOperator('is_date_exact', Op.DATE_EQ),
  is_date_before: dateOperator('is_date_before', Op.DATE_LT),
  is_date_after: dateOperator('is_date_after', Op.DATE_GT),
  semver_eq: semverOperator('semver_eq'),
  semver_neq: semverOperator('semver_neq'),
  semver_gt: semverOperator('semver_gt'),
  semver_gte: semverOperator('semver_gte'),
  semver_lt: semverOperator('semver_lt'),
  semver_lte: semverOperator('semver_lte'),
  semver_tilde: semverOperator('semver_tilde'),
  semver_caret: semverOperator('semver_caret'),
  semver_wildcard: semverOperator('semver_wildcard'),
};

/** between / not_between take the whole [min, max] list (PostHog's validation and texts). */
export function compileBetween(operator: 'between' | 'not_between', from: Source, value: unknown, path: string): Expr {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new CompileError('invalid_operand', path, `${operator} operator requires a two-element array [min, max]`, true);
  }
  const [min, max] = value as Scalar[];
  const low = pythonFloat(min);
  const high = pythonFloat(max);
  if (low === null || high === null) {
    throw new CompileError('invalid_operand', path, `${operator} operator requires numeric values`, true);
  }
  if (low > high) {
    throw new CompileError('invalid_operand', path, `${operator} operator requires min value to be less than or equal to max value`, true);
  }
  const lower = min ?? null;
  const upper = max ?? null;
  return operator === 'between'
    ? { kind: 'combinator', op: Op.AND, items: [test(Op.GE, from, lower), test(Op.LE, from, upper)] }
    : { kind: 'combinator', op: Op.OR, items: [test(Op.LT, from, lower), test(Op.GT, from, upper)] };
}

export function describeOperator(operator: unknown): string {
  return typeof operator === 'string' ? operator : previewValue(operator);
}
