// How long to wait before retrying a request: exponential backoff with jitter, or the server's
// own Retry-After. Jitter matters because many pipelines refresh on the same schedule; without it
// they would retry in lockstep against a server that is already struggling.

export interface RetryOptions {
  /** Retries after the first attempt (0 = never retry). Default 4. */
  readonly retries?: number;
  /** Delay ceiling before the first retry, doubled each retry. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** No backoff waits longer; a Retry-After beyond it ends the sync instead. Default 30 s. */
  readonly maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ retries: 4, baseDelayMs: 500, maxDelayMs: 30_000 });

function readNonNegative(options: RetryOptions, key: keyof RetryOptions, integer: boolean): number {
  const value = options[key] ?? DEFAULT_RETRY[key];
  const valid = typeof value === 'number' && value >= 0 && (integer ? Number.isSafeInteger(value) : Number.isFinite(value));
  if (!valid) throw new TypeError(`retry.${key} must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  return value;
}

/** Fills in defaults and checks every field, throwing a TypeError naming the bad one. */
export function resolveRetry(options: RetryOptions | undefined): RetryPolicy {
  if (options === undefined) return DEFAULT_RETRY;
  if (options === null || typeof options !== 'object') throw new TypeError(`retry must be an object, got ${String(options)}`);
  return {
    retries: readNonNegative(options, 'retries', true),
    baseDelayMs: readNonNegative(options, 'baseDelayMs', false),
    maxDelayMs: readNonNegative(options, 'maxDelayMs', false),
  };
}

/**
 * The wait before retry number `retry` (0-based): half the exponential ceiling plus a random
 * share of the other half ("equal jitter"), so waits still grow but never coincide.
 */
export function computeBackoff(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * A Retry-After header in milliseconds: delta-seconds (`120`) or an HTTP date. Null when absent
 * or unreadable, so that backoff applies instead; a date in the past means "now".
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; Date.parse alone would read "1.5" as a date.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as unknown);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as unknown);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
