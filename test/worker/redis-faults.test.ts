// The guarantees on Redis Streams under faults, with real worker processes over 100,000
// messages: three workers in one group with one killed by SIGKILL mid-run and a new one started
// (its pending entries claimed by XAUTOCLAIM), and two workers on a private Redis that is killed
// and started again mid-run (append-only file synced on every write). Either way every message
// ends with exactly one result or dead letter, nothing stays pending, and the results equal
// `actionmatch match` over the same events.
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { tempFiles } from '../cli/run-cli.js';
import { REDIS_URL, redisServerBinary, redisService, startPrivateRedis, type PrivateBroker } from '../helpers/brokers.js';
import { eventually } from '../helpers/eventually.js';
import { serviceAvailable } from '../helpers/service-rule.js';
import { addMessages, connectRedis, pendingCount, readAll, uniqueName } from './redis-helpers.js';
import { killWorkers, startWorker, type WorkerProcess } from './worker-process.js';
import { expectedByCli, generateWorkload, writeActions, type Workload } from './workload.js';

const COUNT = 100_000;
const sharedRedis = await serviceAvailable(redisService);
const privateRedis = await serviceAvailable(redisServerBinary);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killWorkers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Run {
  readonly redis: Redis;
  readonly input: string;
  readonly workload: Workload;
  readonly dir: string;
  readonly actions: string;
  worker(name: string): WorkerProcess;
  answered(): Promise<number>;
}

async function prepare(url: string, seed: number): Promise<Run> {
  const redis = connectRedis(url);
  const input = uniqueName('faults');
  cleanups.push(async () => {
    await redis.del(input, `${input}:results`, `${input}:dead`).catch(() => undefined);
    redis.disconnect();
  });
  const workload = generateWorkload(COUNT, seed);
  await addMessages(redis, input, workload.messages);
  const files = tempFiles('actionmatch-faults-');
  const actions = writeActions(files.dir);
  return {
    redis,
    input,
    workload,
    dir: files.dir,
    actions,
    worker: (name) => startWorker(['--engine', 'redis', '--url', url, '--stream', input, '--consumer', name, '--actions', actions, '--batch', '250', '--claim-idle', '2000']),
    answered: async () => (await redis.xlen(`${input}:results`)) + (await redis.xlen(`${input}:dead`)),
  };
}

/** Every message answered exactly once, with the answers of `actionmatch match`. */
async function expectExactlyOnce(run: Run): Promise<void> {
  try {
    await eventually(async () => (await run.answered()) >= COUNT && (await pendingCount(run.redis, run.input, 'actionmatch')) === 0, 'every message answered and acknowledged', 180_000);
  } catch (error) {
    const consumers = await run.redis.call('XINFO', 'CONSUMERS', run.input, 'actionmatch');
    throw new Error(`${(error as Error).message}: ${await run.answered()} answered of ${COUNT}, ${await pendingCount(run.redis, run.input, 'actionmatch')} pending; consumers ${JSON.stringify(consumers)}`);
  }
  const results = await readAll(run.redis, `${run.input}:results`);
  const dead = await readAll(run.redis, `${run.input}:dead`);
  const answeredIds = [...results, ...dead].map((record) => record.fields['input_id']);
  expect(answeredIds).toHaveLength(COUNT);
  expect(new Set(answeredIds).size).toBe(COUNT);
  expect(dead).toHaveLength(run.workload.deadLetters);
  const expected = expectedByCli(run.workload, run.dir);
  const got = new Map(results.map((record) => {
    const result = JSON.parse(record.fields['result'] as string) as { uuid: string; action_ids: number[] };
    return [result.uuid, result.action_ids] as const;
  }));
  expect(got.size).toBe(expected.size);
  let differing = 0;
  for (const [uuid, ids] of expected) if (JSON.stringify(got.get(uuid)) !== JSON.stringify(ids)) differing++;
  expect(differing).toBe(0);
}

/** Entries pending with one consumer of the group. */
async function pendingOf(run: Run, consumer: string): Promise<number> {
  const consumers = (await run.redis.call('XINFO', 'CONSUMERS', run.input, 'actionmatch').catch(() => [])) as unknown[][];
  const entry = consumers.find((fields) => fields[fields.indexOf('name') + 1] === consumer);
  return entry === undefined ? 0 : Number(entry[entry.indexOf('pending') + 1]);
}

async function stopAll(workers: readonly WorkerProcess[]): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  for (const worker of workers) {
    const exit = await worker.exited;
    if (exit.signal !== 'SIGKILL') expect(exit).toEqual({ code: 0, signal: null });
  }
}

describe.skipIf(!sharedRedis)('three workers, one killed with SIGKILL mid-run', () => {
  it('every message gets exactly one result, equal to actionmatch match', async () => {
    const run = await prepare(REDIS_URL, 101);
    const workers = [run.worker('w1'), run.worker('w2'), run.worker('w3')];
    await eventually(async () => (await run.answered()) >= COUNT * 0.3, 'a third of the messages answered', 120_000);
    // Killed while it holds a batch, so that there is something to claim.
    await eventually(async () => (await pendingOf(run, 'w2')) > 0, 'w2 to hold a batch', 10_000);
    const victim = workers[1] as WorkerProcess;
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    const left = await pendingOf(run, 'w2');
    expect(await run.answered()).toBeLessThan(COUNT);
    // The killed worker's entries stay pending under its name until a live worker claims them.
    const replacement = run.worker('w2-restarted');
    workers.push(replacement);
    await expectExactlyOnce(run);
    expect(await pendingOf(run, 'w2')).toBe(0);
    const claimed = workers.flatMap((worker) => worker.logs).filter((line) => line.msg === 'claimed entries of an idle consumer');
    if (left > 0) expect(claimed.reduce((sum, line) => sum + Number(line['count']), 0)).toBeGreaterThanOrEqual(left);
    await stopAll(workers);
  }, 240_000);
});

describe.skipIf(!privateRedis)('two workers, the Redis server killed and started again mid-run', () => {
  it('the workers wait, log, resume, and every message still gets exactly one result', async () => {
    const broker: PrivateBroker = await startPrivateRedis();
    cleanups.push(() => broker.dispose());
    const run = await prepare(broker.url, 202);
    const workers = [run.worker('a'), run.worker('b')];
    await eventually(async () => (await run.answered()) >= COUNT * 0.3, 'a third of the messages answered', 120_000);
    await broker.kill();
    await eventually(() => workers.every((worker) => worker.logs.some((line) => line.msg === 'broker unreachable, retrying')), 'both workers to log the lost broker', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(workers.every((worker) => worker.child.exitCode === null)).toBe(true);
    await broker.start();
    await expectExactlyOnce(run);
    for (const worker of workers) expect(worker.logs.some((line) => line.msg === 'broker reachable again')).toBe(true);
    await stopAll(workers);
  }, 240_000);
});
