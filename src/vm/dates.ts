/**
 * The date operators `is_date_exact`, `is_date_before` and `is_date_after` (SEMANTICS §7.3).
 *
 * PostHog compiles them to `toDateTime(toString(f)) op toDateTime(v)` and runs that in its
 * TypeScript HogVM, so both sides go through the VM's one "date-like string" grammar. This module
 * owns a hand-written copy of that grammar (no RegExp, no Date, no allocation per event), the
 * compile-time preparation of the filter value, and the comparison itself.
 *
 * Decisions, each matching what the VM does for the expression PostHog generates:
 * - Grammar: after trimming JavaScript whitespace, `YYYY-MM-DD`, optionally followed by `T`, `t`
 *   or a space and `HH:MM`, optional `:SS`, an optional fraction after the seconds (`.` or `,`,
 *   1 to 9 digits, truncated to milliseconds), and with a time an optional zone `Z`, `z`, `±HH`,
 *   `±HHMM` or `±HH:MM`. Year 0000 and impossible calendar dates (2023-02-29) are unparseable.
 *   SEMANTICS §7.3 summarises this grammar; the lowercase `t`/`z`, the comma, the 1-9 fraction
 *   digits, `±HHMM` and the trimming are the VM's and are kept so that values PostHog accepts
 *   are accepted here.
 * - No zone means UTC; a date alone is midnight UTC.
 * - Only strings can be dates. The VM stringifies the property first, so a number is never an
 *   epoch timestamp (`1704067200` reads as the string "1704067200", which is not date-like), and
 *   missing/null, booleans, arrays and objects never match either.
 * - Instants compare at millisecond precision, as the VM's `toDateTime` keeps milliseconds:
 *   `2024-01-01` equals `2024-01-01T00:00:00Z` and `2024-01-01T00:00:00.000+00:00`, but not
 *   `2024-01-01T00:00:00.5Z`.
 * - Relative values (`-<n><unit>`) are resolved at evaluation against the injected clock, in
 *   UTC (§10.3). PostHog resolves them once when the action is saved and renders the result to
 *   whole seconds, so the clock is floored to the second before the offset is applied.
 */

import { daysFromCivil, daysInMonth, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND, parseDateLikeMs } from './date-parse.js';

export { parseDateLikeMs };

export type DateOperator = 'is_date_exact' | 'is_date_before' | 'is_date_after';

/** Units of a relative date: seconds, Minutes, hours, days, weeks, months, quarters, years. */
export type DateUnit = 's' | 'M' | 'h' | 'd' | 'w' | 'm' | 'q' | 'y';

/**
 * A prepared filter value. A relative offset is split into calendar months (`m`, `y`) and a fixed
 * number of milliseconds (every other unit) so evaluation is arithmetic only.
 */
export type DateOperand =
  | { readonly kind: 'absolute'; readonly source: string; readonly ms: number }
  | {
      readonly kind: 'relative';
      readonly source: string;
      readonly amount: number;
      readonly unit: DateUnit;
      readonly months: number;
      readonly ms: number;
    };

const MS_PER_WEEK = 7 * MS_PER_DAY;

const FIXED_UNIT_MS: Readonly<Record<DateUnit, number>> = {
  s: MS_PER_SECOND,
  M: MS_PER_MINUTE,
  h: MS_PER_HOUR,
  d: MS_PER_DAY,
  w: MS_PER_WEEK,
  // SEMANTICS §7.3 and PostHog's relative_date_parse agree: a quarter is 13 weeks, not 3 months.
  q: 13 * MS_PER_WEEK,
  m: 0,
  y: 0,
};

// No PostHog-accepted instant is further than 10 000 years from now (its datetimes stop at year
// 9999), and the bound keeps every resolved value an exact integer.
const MAX_OFFSET_MONTHS = 10_000 * 12;
const MAX_OFFSET_MS = 10_000 * 366 * MS_PER_DAY;

const ACCEPTED_FORMATS =
  'expected YYYY-MM-DD, optionally with a time (T or space, HH:MM[:SS[.fff]]) and a zone (Z or ±HH:MM), or a relative date -<n><unit> with unit s, M, h, d, w, m, q or y';

/** Validates and prepares a filter value. Returns an error message for anything invalid (non-string, unparseable). */
export function prepareDateOperand(operator: DateOperator, value: unknown): DateOperand | { error: string } {
  if (typeof value !== 'string') {
    return { error: `${operator} requires a date string, got ${describeValue(value)}` };
  }
  const relative = prepareRelative(operator, value);
  if (relative !== null) {
    return relative;
  }
  const ms = parseDateLikeMs(value);
  if (Number.isNaN(ms)) {
    return { error: `${operator}: invalid date ${JSON.stringify(value)}; ${ACCEPTED_FORMATS}` };
  }
  return Object.freeze({ kind: 'absolute', source: value, ms });
}

/** f op v per SEMANTICS §7.3: both sides parsed as datetimes, unparseable event value -> false. `nowMs` is the injectable clock used for relative operands. */
export function evaluateDate(operator: DateOperator, eventValue: unknown, operand: DateOperand, nowMs: number): boolean {
  if (typeof eventValue !== 'string') {
    return false;
  }
  const left = parseDateLikeMs(eventValue);
  // Every comparison with NaN (unparseable value, broken clock) is false, as in the VM.
  const right = operand.kind === 'absolute' ? operand.ms : resolveDateOperandMs(operand, nowMs);
  switch (operator) {
    case 'is_date_exact':
      return left === right;
    case 'is_date_before':
      return left < right;
    case 'is_date_after':
      return left > right;
  }
  return false;
}

/** The instant an operand stands for at `nowMs` (epoch ms); NaN for a relative operand when the clock is not finite. */
export function resolveDateOperandMs(operand: DateOperand, nowMs: number): number {
  if (operand.kind === 'absolute') {
    return operand.ms;
  }
  if (!Number.isFinite(nowMs)) {
    // A broken clock must not make every event "before" an infinitely late cutoff.
    return Number.NaN;
  }
  const base = Math.floor(nowMs / MS_PER_SECOND) * MS_PER_SECOND;
  if (operand.months === 0) {
    return base - operand.ms;
  }
  // Events arrive many per clock second, so the calendar arithmetic is remembered for the last
  // (second, months) pair instead of being redone per event.
  if (base !== lastMonthsBase || operand.months !== lastMonths) {
    lastMonthsBase = base;
    lastMonths = operand.months;
    lastMonthsResult = subtractMonths(base, operand.months);
  }
  return lastMonthsResult;
}

let lastMonthsBase = Number.NaN;
let lastMonths = 0;
let lastMonthsResult = Number.NaN;

function prepareRelative(operator: DateOperator, value: string): DateOperand | { error: string } | null {
  const length = value.length;
  if (length < 3 || value.charCodeAt(0) !== 0x2d /* - */) {
    return null;
  }
  let amount = 0;
  for (let i = 1; i < length - 1; i++) {
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) {
      return null;
    }
    // Past 15 digits the value is out of range anyway; stop before it stops being exact.
    amount = i <= 15 ? amount * 10 + digit : Number.POSITIVE_INFINITY;
  }
  const unit = value[length - 1];
  if (!isDateUnit(unit)) {
    return null;
  }
  const months = unit === 'm' ? amount : unit === 'y' ? amount * 12 : 0;
  const ms = amount * FIXED_UNIT_MS[unit];
  if (months > MAX_OFFSET_MONTHS || ms > MAX_OFFSET_MS) {
    return { error: `${operator}: relative date ${JSON.stringify(value)} is out of range` };
  }
  return Object.freeze({ kind: 'relative', source: value, amount, unit, months, ms });
}

function isDateUnit(unit: string | undefined): unit is DateUnit {
  return unit !== undefined && unit.length === 1 && 'sMhdwmqy'.includes(unit);
}

/**
 * `ms` moved back by whole calendar months in UTC, keeping the time of day and clamping the day
 * to the target month's length (Mar 31 - 1m = Feb 28/29), as Python's relativedelta does.
 */
function subtractMonths(ms: number, months: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  const timeOfDay = ms - days * MS_PER_DAY;
  // Inverse of daysFromCivil, inlined so the three fields need no object.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

  const monthIndex = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return daysFromCivil(targetYear, targetMonth, targetDay) * MS_PER_DAY + timeOfDay;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
