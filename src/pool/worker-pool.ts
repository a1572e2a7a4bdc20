// A fixed set of worker threads running one script, and `run(input)` handing a task to the least
// busy of them. The protocol is small on purpose (one message per task and one per answer, tagged
// with the task's number) so that any CPU-bound stage can be moved onto threads: the worker side
// is serveTasks (serve-tasks.ts), ordering over a stream is mapOrdered (map-ordered.ts).
// A worker that fails (an uncaught error, an exit) fails its tasks and every later `run`: a pool
// that silently lost a thread would lose work or answer out of turn.
import { Worker, type Transferable } from 'node:worker_threads';
import { isTaskReply, type TaskRequest } from './protocol.js';

export interface WorkerPoolOptions<I> {
  /** The worker script (a module that calls serveTasks). */
  readonly script: URL;
  /** How many threads; at least 1. */
  readonly size: number;
  /** Handed to every worker as `workerData` (the set-up they share: actions, options). */
  readonly workerData?: unknown;
  /** The buffers of an input to move to the worker rather than copy (an input is not used after `run`). */
  readonly transferOf?: (input: I) => readonly Transferable[];
}

export interface WorkerPool<I, O> {
  readonly size: number;
  /** Tasks given and not yet answered, across the threads (a caller may do work itself when all are busy). */
  readonly pending: number;
  /** Whether a thread has failed (then every task rejects): a caller may start a new pool. */
  readonly failed: boolean;
  /** Runs one task on a worker; rejects with the worker's error. */
  run(input: I): Promise<O>;
  /** Runs `input` as a task on every thread (a message for all of them: reload, report), answers in thread order. */
  runOnEach(input: I): Promise<O[]>;
  /** Ends every worker once its tasks are answered; tasks given after this reject. */
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (output: never) => void;
  readonly reject: (error: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

/** Starts `size` workers on `script`. */
export function createWorkerPool<I, O>(options: WorkerPoolOptions<I>): WorkerPool<I, O> {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`worker pool: size must be a positive integer, got ${String(options.size)}`);
  let nextTask = 0;
  let failure: Error | null = null;
  let closing = false;
  // Every task not yet answered, so that close() lets them finish.
  const outstanding = new Set<Promise<unknown>>();

  const fail = (thread: Thread, error: Error): void => {
    failure ??= error;
    for (const task of thread.pending.values()) task.reject(error);
    thread.pending.clear();
  };

  const threads: Thread[] = Array.from({ length: options.size }, (_, index) => {
    const worker = new Worker(options.script, { workerData: options.workerData });
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (message: unknown) => {
      if (!isTaskReply(message)) return;
      const task = thread.pending.get(message.task);
      if (task === undefined) return;
      thread.pending.delete(message.task);
      if (message.ok) task.resolve(message.output as never);
      else task.reject(new Error(message.error));
    });
    worker.on('error', (error: Error) => fail(thread, new Error(`worker thread ${index + 1} failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => {
      if (thread.pending.size > 0 || (!closing && code !== 0)) fail(thread, new Error(`worker thread ${index + 1} exited with code ${code}`));
    });
    return thread;
  });

  const give = (thread: Thread, input: I, transfer = true): Promise<O> => {
    if (failure !== null) return Promise.reject(failure);
    if (closing) return Promise.reject(new Error('worker pool: run after close'));
    const task = nextTask++;
    const answer = new Promise<O>((resolve, reject) => {
      thread.pending.set(task, { resolve: resolve as (output: never) => void, reject });
      const request: TaskRequest = { task, input };
      thread.worker.postMessage(request, transfer ? options.transferOf?.(input) : undefined);
    });
    outstanding.add(answer);
    const forget = (): void => void outstanding.delete(answer);
    answer.then(forget, forget);
    return answer;
  };

  return {
    size: threads.length,
    get pending(): number {
      return outstanding.size;
    },
    get failed(): boolean {
      return failure !== null;
    },
    run(input: I): Promise<O> {
      // The least busy thread: with tasks of similar cost, round robin in effect.
      let chosen = threads[0] as Thread;
      for (const thread of threads) if (thread.pending.size < chosen.pending.size) chosen = thread;
      return give(chosen, input);
    },
    runOnEach(input: I): Promise<O[]> {
      // Each thread gets its own copy; buffers can be moved to one thread only, so none are.
      return Promise.all(threads.map((thread) => give(thread, input, false)));
    },
    async close(): Promise<void> {
      closing = true;
      await Promise.allSettled(outstanding);
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    },
  };
}
