// The timing options every watcher shares (watchActions over the API, an action source's
// watcher): an interval between looks, stretched or shrunk at random so that a fleet started
// together does not look in step.

/** `intervalMs`, checked: a positive number of milliseconds, `fallback` when absent. */
export function readInterval(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  throw new TypeError(`intervalMs must be a positive number of milliseconds, got ${String(value)}`);
}

/** `jitter`, checked: a fraction from 0 to 1 (default 0.1). */
export function readJitter(value: unknown): number {
  if (value === undefined) return 0.1;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw new TypeError(`jitter must be a fraction between 0 and 1, got ${String(value)}`);
}

/** The next delay: `intervalMs` moved by up to `jitter` of itself either way. */
export function jitteredDelay(intervalMs: number, jitter: number): number {
  return intervalMs * (1 + jitter * (2 * Math.random() - 1));
}
