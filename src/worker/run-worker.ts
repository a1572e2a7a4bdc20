// The worker loop: read a batch, match it, commit it, again, until asked to stop. One batch is
// in flight at a time, so the batch size bounds the messages held (backpressure: nothing more
// is read until the batch is written). Every broker or source failure is retried with backoff
// and logged, never thrown: an unreachable broker makes the worker wait, not crash-loop. A stop
// (SIGTERM) lets the batch in hand finish and be committed, then the worker returns.
import { computeBackoff, sleep } from '../sync/retry.js';
import type { BatchMatcher } from './batch-matcher.js';
import type { BatchInput, BatchOutcome } from './match-batch.js';
import type { CommitCounts, StreamEngine } from './stream-engine.js';
import { BROKER_RETRY, type WorkerLog } from './worker-log.js';

/** What the loop reports after each batch, for metrics. */
export interface BatchReport {
  readonly outcomes: readonly BatchOutcome[];
  readonly counts: CommitCounts;
  /** Matching time of the batch, in seconds (reading and writing excluded). */
  readonly matchSeconds: number;
}

export interface WorkerLoopOptions {
  readonly engine: StreamEngine;
  /** Matches each batch: on this thread, or cut across matching threads (`--threads`). */
  readonly matcher: Pick<BatchMatcher, 'match'>;
  /** Messages per batch, and so in flight at most. */
  readonly batchSize: number;
  readonly log: WorkerLog;
  /** Aborted to stop: the batch in hand is finished first. */
  readonly signal: AbortSignal;
  readonly onBatch?: (report: BatchReport) => void;
  /** After a stop, how long the batch in hand may keep retrying its commit (ms, default 30 s); then it is left to redelivery. */
  readonly drainTimeoutMs?: number;
}

/**
 * Runs `action` until it succeeds or the stop signal is aborted (then returns null), waiting
 * with backoff between attempts and logging each failure with what was being done.
 */
async function retrying<T>(what: string, action: () => Promise<T>, options: WorkerLoopOptions, stopWaiting: AbortSignal, noRetryAfter: AbortSignal = stopWaiting): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await abandonedOn(stopWaiting, action());
    } catch (error) {
      if (stopWaiting.aborted || noRetryAfter.aborted) return null;
      const delay = computeBackoff(Math.min(attempt, 30), BROKER_RETRY);
      options.log.warn(`${what} failed, retrying`, { error: error instanceof Error ? error.message : String(error), attempt: attempt + 1, retry_in_ms: delay });
      try {
        await sleep(delay, stopWaiting);
      } catch {
        return null;
      }
    }
  }
}

/**
 * `work`, or null as soon as `signal` is aborted: a client waiting for a broker that is down
 * (its command queued until it reconnects) must not hold up a stop. Only for work that is safe
 * to abandon: a read whose messages stay unacknowledged, a connection attempt.
 */
function abandonedOn<T>(signal: AbortSignal, work: Promise<T>): Promise<T | null> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      resolve(null);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Runs the loop until `options.signal` is aborted and the batch in hand is committed. */
export async function runWorkerLoop(options: WorkerLoopOptions): Promise<void> {
  const { engine, signal } = options;
  // A read in progress is not abandoned at a stop while the broker is up: the broker may be
  // handing it entries right then, which would be left pending with this consumer. It is
  // abandoned at once when the broker is down (its command waits for a reconnect), else when
  // the drain time is up.
  const abandonRead = new AbortController();
  const onStopRead = (): void => {
    if (!engine.connected()) abandonRead.abort();
  };
  if (signal.aborted) onStopRead();
  else signal.addEventListener('abort', onStopRead, { once: true });
  if ((await retrying(`connecting to ${engine.description}`, () => engine.start(), options, signal)) === null) return;
  options.log.info('worker started', { engine: engine.name, broker: engine.description, batch: options.batchSize });
  // Once a batch is read it is finished even after a stop, retrying for up to drainTimeoutMs;
  // what is not committed then stays unacknowledged and is delivered again, never lost.
  const draining = new AbortController();
  const drain = draining.signal;
  const onStop = (): void =>
    void setTimeout(() => {
      draining.abort();
      abandonRead.abort();
    }, options.drainTimeoutMs ?? 30_000).unref();
  if (signal.aborted) onStop();
  else signal.addEventListener('abort', onStop, { once: true });
  while (!signal.aborted) {
    const batch: BatchInput[] | null = await retrying('reading', () => engine.read(options.batchSize), options, abandonRead.signal, signal);
    if (batch === null || batch.length === 0) continue;
    const started = performance.now();
    const outcomes = await retrying('matching a batch (loading its projects)', () => options.matcher.match(batch), options, drain);
    if (outcomes === null) break;
    const matchSeconds = (performance.now() - started) / 1000;
    const counts = await retrying('writing results', () => engine.commit(outcomes), options, drain);
    if (counts === null) break;
    if (counts.skipped > 0) options.log.warn('entries taken over by another consumer were left to it', { count: counts.skipped });
    options.onBatch?.({ outcomes, counts, matchSeconds });
  }
  options.log.info('worker stopped', { engine: engine.name });
}
