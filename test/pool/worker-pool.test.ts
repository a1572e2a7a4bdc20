// The worker pool on real threads (the built dist/pool, as a worker script loads it): answers
// from a set-up made from workerData, answers given later by an asynchronous handler, a task's
// error kept to that task, a task on every thread, buffers moved both ways, a dead thread
// failing its tasks and every later one, and close waiting for tasks in flight.
import { describe, expect, it } from 'vitest';
import { mapOrdered } from '../../src/pool/map-ordered.js';
import { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from '../../src/pool/worker-pool.js';

type Task =
  | { kind: 'value' | 'throw' | 'later' | 'reject'; value: number }
  | { kind: 'exit' | 'thread' }
  | { kind: 'bytes'; bytes: Uint8Array };

const script = new URL('./fixtures/arithmetic-worker.mjs', import.meta.url);

/** Runs `use` on a pool of the arithmetic worker, closing the pool whatever happens. */
async function withPool<O>(options: Omit<WorkerPoolOptions<Task>, 'script'>, use: (pool: WorkerPool<Task, O>) => Promise<void>): Promise<void> {
  const pool = createWorkerPool<Task, O>({ script, ...options });
  try {
    await use(pool);
  } finally {
    await pool.close();
  }
}

describe('createWorkerPool', () => {
  it('answers every task in order through mapOrdered, using the shared set-up', () =>
    withPool<number>({ size: 2, workerData: { factor: 3 } }, async (pool) => {
      const inputs = Array.from({ length: 30 }, (_, value): Task => ({ kind: 'value', value }));
      const outputs: number[] = [];
      for await (const output of mapOrdered(inputs, (task) => pool.run(task), { concurrency: 4 })) outputs.push(output);
      expect(outputs).toEqual(inputs.map((_, value) => value * 3));
    }));

  it('rejects only the task whose handler threw; the thread goes on serving', () =>
    withPool<number>({ size: 1, workerData: { factor: 2 } }, async (pool) => {
      await expect(pool.run({ kind: 'throw', value: 7 })).rejects.toThrow('cannot take 7');
      expect(await pool.run({ kind: 'value', value: 4 })).toBe(8);
    }));

  it('answers tasks whose handler answers later, each with its own output, in the order they finish', () =>
    withPool<number>({ size: 1, workerData: { factor: 2 } }, async (pool) => {
      const finished: number[] = [];
      const answers = [60, 5, 30].map((value) => pool.run({ kind: 'later', value }).then((output) => (finished.push(output), output)));
      expect(await Promise.all(answers)).toEqual([120, 10, 60]);
      expect(finished).toEqual([10, 60, 120]);
      await expect(pool.run({ kind: 'reject', value: 9 })).rejects.toThrow('later, cannot take 9');
      expect(await pool.run({ kind: 'value', value: 4 })).toBe(8);
    }));

  it('runs a task on every thread with runOnEach, answers in thread order', () =>
    withPool<number>({ size: 3, workerData: { factor: 1 } }, async (pool) => {
      const ids = await pool.runOnEach({ kind: 'thread' });
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
      expect(await pool.runOnEach({ kind: 'thread' })).toEqual(ids);
    }));

  it('moves buffers to the worker and back', () =>
    withPool<Uint8Array>({ size: 1, workerData: { factor: 1 }, transferOf: (task) => (task.kind === 'bytes' ? [task.bytes.buffer as ArrayBuffer] : []) }, async (pool) => {
      const bytes = new Uint8Array([1, 2, 3]);
      const answer = await pool.run({ kind: 'bytes', bytes });
      expect([...answer]).toEqual([2, 4, 6]);
      // Moved, not copied: the sender's view is detached.
      expect(bytes.byteLength).toBe(0);
    }));

  it('fails the tasks of a thread that exits, and every later task', () =>
    withPool<number>({ size: 2, workerData: { factor: 1 } }, async (pool) => {
      expect(pool.failed).toBe(false);
      await expect(pool.run({ kind: 'exit' })).rejects.toThrow(/worker thread \d exited with code 3/);
      expect(pool.failed).toBe(true);
      await expect(pool.runOnEach({ kind: 'thread' })).rejects.toThrow(/exited with code 3/);
      await expect(pool.run({ kind: 'value', value: 1 })).rejects.toThrow(/exited with code 3/);
    }));

  it('lets tasks in flight finish on close, and refuses tasks after it', async () => {
    const pool = createWorkerPool<Task, number>({ script, size: 2, workerData: { factor: 5 } });
    const answers = [1, 2, 3].map((value) => pool.run({ kind: 'value', value }));
    await pool.close();
    expect(await Promise.all(answers)).toEqual([5, 10, 15]);
    await expect(pool.run({ kind: 'value', value: 1 })).rejects.toThrow('run after close');
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => createWorkerPool({ script, size: 0 })).toThrow('size must be a positive integer, got 0');
  });
});
