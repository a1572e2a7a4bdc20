// The options of `match` that say how a run goes rather than what it matches: threads, how
// many rejected lines fail it, how quiet it is, the longest line read.
import { MAX_LINE_BYTES } from './event-chunks.js';
import { UsageError } from './usage-error.js';

export interface MatchLimits {
  readonly jobs: number | undefined;
  readonly maxErrors: number | undefined;
  readonly quiet: boolean;
  readonly maxLineBytes: number | undefined;
}

type OptionValues = Readonly<Record<string, unknown>>;

/** A whole number given to `--name`, at least `least`; undefined when absent. */
function readWholeNumber(values: OptionValues, name: string, least: number, most = Number.MAX_SAFE_INTEGER): number | undefined {
  const text = values[name];
  if (typeof text !== 'string') return undefined;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= least && value <= most)) throw new UsageError(`--${name} must be a whole number from ${least} to ${most}, got ${JSON.stringify(text)}`);
  return value;
}

/** Reads `--jobs N`, `--max-errors N`, `--strict` (= --max-errors 0), `--quiet` and `--max-line-bytes N`. */
export function readMatchLimits(values: OptionValues): MatchLimits {
  const maxErrors = readWholeNumber(values, 'max-errors', 0);
  const strict = values['strict'] === true;
  if (strict && maxErrors !== undefined) throw new UsageError('--strict is --max-errors 0: give one or the other');
  return {
    jobs: readWholeNumber(values, 'jobs', 1, 256),
    maxErrors: strict ? 0 : maxErrors,
    quiet: values['quiet'] === true,
    maxLineBytes: readWholeNumber(values, 'max-line-bytes', 1, MAX_LINE_BYTES),
  };
}
