// _resolve_date_value for the is_date_* operators: PostHog resolves a relative value ("-7d",
// "-10m", "-1yStart") once, when the action is compiled, into a naive "YYYY-MM-DD HH:MM:SS"
// wall-clock string in the team's time zone. Without a team we resolve in UTC, against the
// `now` the caller passes. The arithmetic is dateutil's relativedelta: months and years move the
// calendar month and clamp the day, the rest is a plain time span, and `Start`/`End` suffixes
// replace fields outright.
import { pythonError } from './errors.js';

const relativePrefix = /^-?[0-9]+[hdwmqysHDWMQY]/;
const relativeParts = /-?(?<number>[0-9]+)?(?<kind>[hdwmqysHDWMQY])(?<position>Start|End)?/;

interface Delta {
  months: number;
  ms: number;
  fields: { month?: number; day?: number; hour?: number; minute?: number; second?: number; ms?: number };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** get_delta_mapping_for, as a relativedelta split into months, a time span, and field overrides. */
function deltaFor(kind: string, count: number, position: string | undefined): Delta {
  const delta: Delta = { months: 0, ms: 0, fields: {} };
  const startOfDay = { hour: 0, minute: 0, second: 0, ms: 0 };
  const endOfDay = { hour: 23, minute: 59, second: 59, ms: 999 };
  if (kind === 'h') {
    delta.ms = count * HOUR;
    if (position === 'Start') delta.fields = { minute: 0, second: 0, ms: 0 };
    if (position === 'End') delta.fields = { minute: 59, second: 59, ms: 999 };
  } else if (kind === 'd') {
    delta.ms = count * DAY;
    if (position === 'Start') delta.fields = startOfDay;
    if (position === 'End') delta.fields = endOfDay;
  } else if (kind === 'w') delta.ms = count * 7 * DAY;
  else if (kind === 'm') {
    delta.months = count;
    if (position === 'Start') delta.fields = { day: 1 };
    if (position === 'End') delta.fields = { day: 31 };
  } else if (kind === 'M') delta.ms = count * 60_000;
  else if (kind === 's') delta.ms = count * 1000;
  else if (kind === 'q') delta.ms = count * 13 * 7 * DAY;
  else if (kind === 'y') {
    delta.months = count * 12;
    if (position === 'Start') delta.fields = { month: 1, day: 1 };
    if (position === 'End') delta.fields = { day: 31 };
  }
  return delta;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `now - relativedelta(**mapping)`, in UTC. */
function subtract(nowMs: number, delta: Delta): number {
  const now = new Date(nowMs);
  const totalMonths = now.getUTCFullYear() * 12 + now.getUTCMonth() - delta.months;
  const year = Math.floor(totalMonths / 12);
  const month = delta.fields.month ?? totalMonths - year * 12 + 1;
  const day = Math.min(daysInMonth(year, month), delta.fields.day ?? now.getUTCDate());
  const replaced = Date.UTC(
    year,
    month - 1,
    day,
    delta.fields.hour ?? now.getUTCHours(),
    delta.fields.minute ?? now.getUTCMinutes(),
    delta.fields.second ?? now.getUTCSeconds(),
    delta.fields.ms ?? now.getUTCMilliseconds(),
  );
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly.
  const date = new Date(replaced);
  date.setUTCFullYear(year);
  if (year < 1 || year > 9999) throw pythonError('date value out of range');
  return date.getTime() - delta.ms;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `strftime("%Y-%m-%d %H:%M:%S")` in UTC. */
function formatWallClock(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1 || year > 9999) throw pythonError('date value out of range');
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)} ${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
}

/** `_resolve_date_value(value)`: a relative date resolved against `nowMs`; anything else as is. */
export function resolveDateValue(value: string, nowMs: number): string {
  if (!relativePrefix.test(value)) return value;
  const match = relativeParts.exec(value);
  const groups = match?.groups;
  if (groups === undefined) return formatWallClock(nowMs);
  const count = groups['number'] === undefined ? 0 : Number(groups['number']);
  return formatWallClock(subtract(nowMs, deltaFor(groups['kind'] ?? '', count, groups['position'])));
}
