// What the worker loop matches its batches with: the project matchers of this thread, or (with
// `--threads N`) those of this thread and of N−1 matching threads, each holding its own matchers
// over the same actions source. A batch is cut into contiguous slices, one per thread, matched
// side by side and put back together in order, so the loop still commits whole batches in the
// order read. A batch too small to be worth cutting is matched here alone.
import { createWorkerPool, type WorkerPool } from '../pool/worker-pool.js';
import type { ProjectMatchers } from '../projects/project-matchers.js';
import type { BatchThreadAnswer, BatchThreadData, BatchThreadTask } from './batch-thread-protocol.js';
import { matchBatch, type BatchInput, type BatchOutcome } from './match-batch.js';
import type { WorkerLog } from './worker-log.js';
import { countsOf, type ProjectCounts } from './worker-projects.js';

export interface BatchMatcher {
  /** Matchers in all: this thread and the matching threads. */
  readonly threads: number;
  /** One outcome per input, in order; rejects when a project the batch needs cannot be read (the batch is retried). */
  match(inputs: readonly BatchInput[]): Promise<BatchOutcome[]>;
  /** Reads a project's actions again, on every thread. */
  reload(teamId: number): Promise<void>;
  /** Projects and actions held, added up over the threads (each thread's as of its last answer). */
  counts(): ProjectCounts;
  close(): Promise<void>;
}

/** Below this many messages per thread, cutting a batch costs more (copying it to threads) than it saves. */
export const MIN_SLICE = 16;

/** Matches on this thread only: the worker without `--threads`. */
export function inProcessBatchMatcher(projects: ProjectMatchers, teamField: string): BatchMatcher {
  return {
    threads: 1,
    match: (inputs) => matchBatch(projects, inputs, { teamField }),
    reload: (teamId) => projects.reload(teamId),
    counts: () => countsOf(projects),
    close: () => projects.close(),
  };
}

/** Where a batch of `length` is cut for `threads` matchers: [start, end) per slice, none smaller than MIN_SLICE (but the only one). */
export function sliceBounds(length: number, threads: number): Array<readonly [number, number]> {
  const slices = Math.max(1, Math.min(threads, Math.floor(length / MIN_SLICE)));
  const bounds: Array<readonly [number, number]> = [];
  for (let slice = 0; slice < slices; slice++) bounds.push([Math.floor((slice * length) / slices), Math.floor(((slice + 1) * length) / slices)]);
  return bounds;
}

export interface ThreadedBatchMatcherOptions {
  /** This thread's project matchers: it matches a slice too, as `match --jobs` does. */
  readonly projects: ProjectMatchers;
  /** Matchers in all, at least 2: this thread and `threads − 1` matching threads. */
  readonly threads: number;
  /** How every matching thread opens the source and holds its projects. */
  readonly threadData: BatchThreadData;
  readonly log: WorkerLog;
  /** The matching thread's script (default match-batch-thread.js; a test wraps it). */
  readonly script?: URL;
}

/**
 * Matches on this thread and `threads − 1` matching threads. A thread that fails (crashes,
 * exits) fails the batch in hand, which the loop retries: the pool is then started afresh, so
 * one crash costs a retry, not the worker.
 */
export function threadedBatchMatcher(options: ThreadedBatchMatcherOptions): BatchMatcher {
  const { projects, threads, log } = options;
  const teamField = options.threadData.teamField;
  const start = (): WorkerPool<BatchThreadTask, BatchThreadAnswer> =>
    createWorkerPool<BatchThreadTask, BatchThreadAnswer>({ script: options.script ?? new URL('./match-batch-thread.js', import.meta.url), size: threads - 1, workerData: options.threadData });
  let pool = start();
  // The last counts each matching thread reported, by thread id.
  const threadCounts = new Map<number, ProjectCounts>();
  const note = (answers: readonly BatchThreadAnswer[]): void => {
    for (const answer of answers) threadCounts.set(answer.thread, answer.counts);
  };
  const livePool = async (): Promise<WorkerPool<BatchThreadTask, BatchThreadAnswer>> => {
    if (pool.failed) {
      log.error('a matching thread failed; starting the matching threads again', { threads: threads - 1 });
      const failed = pool;
      pool = start();
      threadCounts.clear();
      await failed.close().catch(() => undefined);
    }
    return pool;
  };

  return {
    threads,
    async match(inputs) {
      const bounds = sliceBounds(inputs.length, threads);
      if (bounds.length === 1) return matchBatch(projects, inputs, { teamField });
      const current = await livePool();
      // The first slice is this thread's; the others go to the pool, one per thread (each is idle: one batch at a time).
      const [[ownStart, ownEnd], ...others] = bounds as [readonly [number, number], ...Array<readonly [number, number]>];
      const remotes = others.map(([from, to]) => current.run({ kind: 'match', inputs: inputs.slice(from, to) }));
      const own = matchBatch(projects, inputs.slice(ownStart, ownEnd), { teamField });
      // Every slice settles before a failure is passed on, so no thread is still matching this batch when it is retried.
      const [ownResult, ...remoteResults] = await Promise.allSettled([own, ...remotes]);
      const answers: BatchThreadAnswer[] = [];
      for (const result of remoteResults) if (result.status === 'fulfilled') answers.push(result.value);
      note(answers);
      const failed = [ownResult, ...remoteResults].find((result) => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
      const outcomes = (ownResult as PromiseFulfilledResult<BatchOutcome[]>).value;
      for (const answer of answers) outcomes.push(...answer.outcomes);
      return outcomes;
    },
    async reload(teamId) {
      const current = await livePool();
      const [, answers] = await Promise.all([projects.reload(teamId), current.runOnEach({ kind: 'reload', teamId })]);
      note(answers);
    },
    counts() {
      let { projects: held, actions } = countsOf(projects);
      for (const counts of threadCounts.values()) {
        held += counts.projects;
        actions += counts.actions;
      }
      return { projects: held, actions };
    },
    async close() {
      await pool.close();
      await projects.close();
    },
  };
}
