/**
 * The semver operators (SEMANTICS §7.3), as PostHog's real-time path evaluates them.
 *
 * PostHog compiles `semver_<op>` to `sortableSemver(f) <op> sortableSemver(v)`, and tilde, caret
 * and wildcard to `sortableSemver(f) >= sortableSemver(lower) AND sortableSemver(f) <
 * sortableSemver(upper)` with bounds computed by its Python compiler. In the HogVM,
 * `sortableSemver(x)` is: null -> `[]`; otherwise the first match of `(\d+(\.\d+)+)` in
 * `String(x)`, split on dots, each part through `parseInt`; no match -> `[]`. Two arrays of finite
 * numbers compare component by component, a shorter prefix being smaller; otherwise
 * (a part over ~308 digits is Infinity) `=` is identity, so always false, `!=` always true, and
 * the orderings compare the arrays' comma-joined strings.
 *
 * Consequences kept on purpose, because they are PostHog's answers:
 * - Only the first dotted digit run counts: `v1.2.3`, ` 1.2.3 `, `build 1.2.3 (4)` read as
 *   1.2.3; pre-release and build suffixes are ignored (`1.2.3-beta` = `1.2.3`); four parts
 *   compare as four (`1.2.3.4` > `1.2.3`); `1.2` < `1.2.0`.
 * - A value without a dotted digit run (missing, null, `"1"`, `7`, `true`, objects) is `[]`,
 *   which is less than every version: `semver_lt`/`semver_lte`/`semver_neq` hold for an event
 *   without the property.
 * - Numbers are read through `String()`: `1.5` is 1.5. Arrays through their comma join.
 * - `semver_eq`..`semver_lte` accept any scalar operand, as PostHog does not validate it; an
 *   operand without a version is `[]`. Tilde, caret and wildcard need a string PostHog's
 *   `parse_semver` accepts, and fail with PostHog's messages.
 *
 * Evaluation walks the event string in place; it allocates only for numbers and arrays, for parts
 * too long to be exact integers, and on the VM's non-finite fallback.
 */

import { rangeBounds } from './semver-ranges.js';

export { rangeBounds };

export type SemverOperator =
  | 'semver_eq'
  | 'semver_neq'
  | 'semver_gt'
  | 'semver_gte'
  | 'semver_lt'
  | 'semver_lte'
  | 'semver_tilde'
  | 'semver_caret'
  | 'semver_wildcard';

/** A constant after `sortableSemver`: its parts, whether all are finite, and their comma join. */
export interface SortableVersion {
  /** The string `sortableSemver` was applied to (the operand, or a computed bound). */
  readonly source: string;
  readonly parts: readonly number[];
  readonly finite: boolean;
  readonly joined: string;
}

export type SemverOperand =
  | { readonly kind: 'compare'; readonly version: SortableVersion }
  | { readonly kind: 'range'; readonly lower: SortableVersion; readonly upper: SortableVersion };

const enum Comparison {
  EQ,
  NE,
  GT,
  GE,
  LT,
  LE,
}

const comparisons: Readonly<Partial<Record<SemverOperator, Comparison>>> = {
  semver_eq: Comparison.EQ,
  semver_neq: Comparison.NE,
  semver_gt: Comparison.GT,
  semver_gte: Comparison.GE,
  semver_lt: Comparison.LT,
  semver_lte: Comparison.LE,
};

const rangeNames: Readonly<Partial<Record<SemverOperator, 'Tilde' | 'Caret' | 'Wildcard'>>> = {
  semver_tilde: 'Tilde',
  semver_caret: 'Caret',
  semver_wildcard: 'Wildcard',
};

/** Validates and prepares a filter value (one scalar; lists are expanded by the caller). */
export function prepareSemverOperand(operator: SemverOperator, value: unknown): SemverOperand | { error: string } {
  const rangeName = rangeNames[operator];
  if (rangeName !== undefined) {
    if (typeof value !== 'string') {
      return { error: `${rangeName} operator requires a semver string value` };
    }
    const bounds = rangeBounds(operator, value);
    if (bounds === null) {
      return { error: `${rangeName} operator requires a valid semver string (e.g., '1.2.3')` };
    }
    return Object.freeze({ kind: 'range', lower: toSortableVersion(bounds[0]), upper: toSortableVersion(bounds[1]) });
  }
  if (value !== null && typeof value === 'object') {
    return { error: `${operator} requires a single version, got ${Array.isArray(value) ? 'array' : 'object'}` };
  }
  // The VM stringifies the constant (`true` is "true"); null never reaches String() and is [].
  const source = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  return Object.freeze({ kind: 'compare', version: toSortableVersion(source) });
}

/** `sortableSemver(f) op sortableSemver(v)` (or the range test) for one event value. Never throws. */
export function evaluateSemver(operator: SemverOperator, eventValue: unknown, operand: SemverOperand): boolean {
  const text = versionText(eventValue);
  if (operand.kind === 'range') {
    return compareVersion(text, operand.lower, Comparison.GE) && compareVersion(text, operand.upper, Comparison.LT);
  }
  const comparison = comparisons[operator];
  return comparison !== undefined && compareVersion(text, operand.version, comparison);
}

/** `sortableSemver` of a constant, done once at compile time. */
export function toSortableVersion(source: string): SortableVersion {
  const parts = versionParts(source);
  return Object.freeze({ source, parts: Object.freeze(parts), finite: parts.every(Number.isFinite), joined: parts.join(',') });
}

/** What `sortableSemver` searches in a value: null for values that cannot hold a digit run. */
function versionText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'object':
      if (!Array.isArray(value)) return null;
      // Only event values that are arrays get here; a hostile element must not make us throw.
      try {
        return String(value);
      } catch {
        return null;
      }
    default:
      return null;
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Start of the first `\d+(\.\d+)+` match (a digit run followed by `.` and a digit), or -1. */
function findVersionStart(text: string): number {
  const length = text.length;
  let i = 0;
  while (i < length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 0x2e /* . */ && isDigit(text.charCodeAt(i + 1))) {
      return runStart;
    }
    i++;
  }
  return -1;
}

/** End (exclusive) of the digit run starting at `from`. */
function runEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** `parseInt` of the digit run [from, to): exact integer arithmetic while that is exact. */
function runValue(text: string, from: number, to: number): number {
  if (to - from > 15) {
    return Number.parseInt(text.slice(from, to), 10);
  }
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (text.charCodeAt(i) - 0x30);
  return value;
}

/** The parts of `sortableSemver(text)`, as an array (compile time and the rare slow path). */
function versionParts(text: string): number[] {
  const parts: number[] = [];
  let p = findVersionStart(text);
  if (p < 0) return parts;
  for (;;) {
    const end = runEnd(text, p);
    parts.push(runValue(text, p, end));
    if (text.charCodeAt(end) !== 0x2e || !isDigit(text.charCodeAt(end + 1))) return parts;
    p = end + 1;
  }
}

/** Whether some part of the match at `start` is not finite; only a run of over 308 digits can be. */
function hasInfinitePart(text: string, start: number): boolean {
  if (start < 0 || text.length - start <= 308) return false;
  for (let p = start; ; ) {
    const end = runEnd(text, p);
    if (end - p > 308 && !Number.isFinite(runValue(text, p, end))) return true;
    if (text.charCodeAt(end) !== 0x2e || !isDigit(text.charCodeAt(end + 1))) return false;
    p = end + 1;
  }
}

/** `sortableSemver(text) op version`, as the VM's comparison of the two arrays decides it. */
function compareVersion(text: string | null, version: SortableVersion, comparison: Comparison): boolean {
  const start = text === null ? -1 : findVersionStart(text);
  if (!version.finite || (text !== null && hasInfinitePart(text, start))) {
    return compareJoined(text === null ? '' : versionParts(text).join(','), version.joined, comparison);
  }
  const parts = version.parts;
  let ordering = 0;
  let index = 0;
  if (text !== null && start >= 0) {
    for (let p = start; ; index++) {
      const end = runEnd(text, p);
      const expected = parts[index];
      if (expected === undefined) {
        ordering = 1;
        break;
      }
      const value = runValue(text, p, end);
      if (value !== expected) {
        ordering = value < expected ? -1 : 1;
        break;
      }
      if (text.charCodeAt(end) !== 0x2e || !isDigit(text.charCodeAt(end + 1))) {
        index++;
        break;
      }
      p = end + 1;
    }
  }
  if (ordering === 0 && index < parts.length) ordering = -1;
  switch (comparison) {
    case Comparison.EQ:
      return ordering === 0;
    case Comparison.NE:
      return ordering !== 0;
    case Comparison.GT:
      return ordering > 0;
    case Comparison.GE:
      return ordering >= 0;
    case Comparison.LT:
      return ordering < 0;
    case Comparison.LE:
      return ordering <= 0;
  }
}

/** The VM's fallback for arrays that are not all finite: identity for equality, strings for order. */
function compareJoined(left: string, right: string, comparison: Comparison): boolean {
  switch (comparison) {
    case Comparison.EQ:
      return false;
    case Comparison.NE:
      return true;
    case Comparison.GT:
      return left > right;
    case Comparison.GE:
      return left >= right;
    case Comparison.LT:
      return left < right;
    case Comparison.LE:
      return left <= right;
  }
}
