// Date builtins of the HogVM standard library, in UTC (the VM's default zone; actionmatch
// refuses the zone arguments at compile time). Date-like strings follow the VM's one grammar
// (date-parse.ts); an unparseable one becomes a datetime of NaN seconds, as in the VM.
import { parseDateLikeMs } from './date-parse.js';
import { builtin, type HogQLFunction } from './hogql-function-types.js';
import { abort, isHogDate, isHogDateTime, newDateTime, type HogDate, type HogDateTime } from './hogql-values.js';

/** Epoch seconds of a date-like string, or null (dateStringToSeconds). */
export function dateStringSeconds(text: string): number | null {
  const ms = parseDateLikeMs(text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

function dateToSeconds(date: HogDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / 1000;
}

/** Epoch seconds of a datetime or date, else null (the VM's temporalSeconds). */
export function temporalSeconds(value: unknown): number | null {
  if (isHogDateTime(value)) return value.dt;
  if (isHogDate(value)) return dateToSeconds(value);
  return null;
}

/** Luxon's toISO of a UTC datetime: null when it is not a valid instant. */
export function formatDateTimeIso(value: HogDateTime): string | null {
  if (typeof value.dt !== 'number') return abort('fromSeconds requires a numerical input');
  if (value.zone !== 'UTC') return abort(`time zone ${value.zone} is not supported`);
  const date = new Date(value.dt * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function toDateTime(input: unknown): HogDateTime {
  if (typeof input === 'number') return newDateTime(input);
  return newDateTime(typeof input === 'string' ? (dateStringSeconds(input) ?? Number.NaN) : Number.NaN);
}

function toUnixTimestamp(input: unknown): number {
  const seconds = temporalSeconds(input);
  if (seconds !== null) return seconds;
  return typeof input === 'string' ? (dateStringSeconds(input) ?? Number.NaN) : Number.NaN;
}

export const dateFunctions: Readonly<Record<string, HogQLFunction>> = {
  now: builtin(0, 1, (_args, env) => newDateTime(env.now() / 1000)),
  toDateTime: builtin(1, 2, ([input]) => toDateTime(input)),
  // The VM keeps whatever it is given as the seconds, numbers or not.
  fromUnixTimestamp: builtin(1, 1, ([input]) => newDateTime(input as number)),
  fromUnixTimestampMilli: builtin(1, 1, ([input]) => newDateTime((input as number) / 1000)),
  toUnixTimestamp: builtin(1, 2, ([input]) => toUnixTimestamp(input)),
  toUnixTimestampMilli: builtin(1, 2, ([input]) => toUnixTimestamp(input) * 1000),
};

/** Whole days from 1970-01-01 to `date` (toInt / toFloat of a date). */
export function dateToEpochDays(date: HogDate): number {
  return Math.floor(dateToSeconds(date) / 86_400);
}
