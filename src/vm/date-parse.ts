// The date grammar of PostHog's TypeScript HogVM `toDateTime`, hand-written over char codes so
// that reading an event's date allocates nothing (see dates.ts for the decisions it encodes),
// and the calendar arithmetic relative dates share.

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

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

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm, valid for any year). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

