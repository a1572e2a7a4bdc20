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

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
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
 * Epoch milliseconds of a date-like string, or NaN. Index arithmetic over char codes so that the
 * per-event path allocates nothing; the grammar is the one described in the module header.
 */
export function parseDateLikeMs(input: string): number {
  let start = 0;
  let end = input.length;
  while (start < end && isTrimmedWhitespace(input.charCodeAt(start))) start++;
  while (end > start && isTrimmedWhitespace(input.charCodeAt(end - 1))) end--;
  if (end - start < 10 || input.charCodeAt(start + 4) !== 0x2d /* - */ || input.charCodeAt(start + 7) !== 0x2d) {
    return Number.NaN;
  }
  const year = readDigits(input, start, 4);
  const month = readDigits(input, start + 5, 2);
  const day = readDigits(input, start + 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return Number.NaN;
  }
  const midnight = daysFromCivil(year, month, day) * MS_PER_DAY;
  let p = start + 10;
  if (p === end) {
    return midnight;
  }
  const separator = input.charCodeAt(p);
  if ((separator !== 0x54 /* T */ && separator !== 0x74 /* t */ && separator !== 0x20) || end - p < 6) {
    return Number.NaN;
  }
  const hour = readDigits(input, p + 1, 2);
  const minute = readDigits(input, p + 4, 2);
  if (input.charCodeAt(p + 3) !== 0x3a /* : */ || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return Number.NaN;
  }
  p += 6;
  let second = 0;
  let millis = 0;
  if (p < end && input.charCodeAt(p) === 0x3a) {
    second = p + 3 <= end ? readDigits(input, p + 1, 2) : -1;
    if (second < 0 || second > 59) {
      return Number.NaN;
    }
    p += 3;
    const mark = p < end ? input.charCodeAt(p) : 0;
    if (mark === 0x2e /* . */ || mark === 0x2c /* , */) {
      const fractionStart = ++p;
      // Digits past the third are dropped, not rounded, as the VM does.
      for (let scale = 100; p < end && isDigit(input.charCodeAt(p)); p++, scale = (scale / 10) | 0) {
        millis += (input.charCodeAt(p) - 0x30) * scale;
      }
      const digits = p - fractionStart;
      if (digits < 1 || digits > 9) {
        return Number.NaN;
      }
    }
  }
  const offsetMinutes = readZoneMinutes(input, p, end);
  if (Number.isNaN(offsetMinutes)) {
    return Number.NaN;
  }
  return (
    midnight + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND + millis - offsetMinutes * MS_PER_MINUTE
  );
}

/** The zone at `p` as minutes east of UTC (0 when absent), or NaN when the rest is not a zone. */
function readZoneMinutes(input: string, p: number, end: number): number {
  if (p === end) {
    return 0;
  }
  const sign = input.charCodeAt(p);
  if (sign === 0x5a /* Z */ || sign === 0x7a /* z */) {
    return p + 1 === end ? 0 : Number.NaN;
  }
  if ((sign !== 0x2b /* + */ && sign !== 0x2d /* - */) || p + 3 > end) {
    return Number.NaN;
  }
  const hours = readDigits(input, p + 1, 2);
  if (hours < 0 || hours > 23) {
    return Number.NaN;
  }
  p += 3;
  let minutes = 0;
  if (p < end) {
    if (input.charCodeAt(p) === 0x3a) p++;
    minutes = p + 2 === end ? readDigits(input, p, 2) : -1;
    if (minutes < 0 || minutes > 59) {
      return Number.NaN;
    }
  }
  const total = hours * 60 + minutes;
  return sign === 0x2d ? -total : total;
}

/** The decimal value of `count` ASCII digits at `at`, or -1 if any of them is not one. */
function readDigits(input: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = input.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) {
      return -1;
    }
    value = value * 10 + digit;
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Exactly the characters `String.prototype.trim` removes, which is what the VM trims. */
function isTrimmedWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm, valid for any year). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
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
