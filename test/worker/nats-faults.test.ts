// The guarantees on NATS JetStream under faults, with real worker processes over 100,000
// messages: three workers sharing one durable consumer with one killed by SIGKILL mid-run and a
// new one started (the dead worker's messages delivered again after the ack wait), and two
// workers on a private NATS server killed and started again mid-run. Either way every event has
// at least one result, the output stream holds exactly one per event (published with the uuid
// as message id, duplicates dropped), and the results equal `actionmatch match`.
import { afterEach, describe, expect, it } from 'vitest';
import { tempFiles } from '../cli/run-cli.js';
import { NATS_URL, natsServerBinary, natsService, startPrivateNats, type PrivateBroker } from '../helpers/brokers.js';
import { eventually } from '../helpers/eventually.js';
import { serviceAvailable } from '../helpers/service-rule.js';
import { createStreams, type NatsStreams } from './nats-helpers.js';
import { killWorkers, startWorker, type WorkerProcess } from './worker-process.js';
import { expectedByCli, generateWorkload, writeActions, type Workload } from './workload.js';

const COUNT = 100_000;
const sharedNats = await serviceAvailable(natsService);
const privateNats = await serviceAvailable(natsServerBinary);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killWorkers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Run {
  readonly made: NatsStreams;
  readonly workload: Workload;
  readonly dir: string;
  worker(): WorkerProcess;
}

async function prepare(url: string, seed: number): Promise<Run> {
  const made = await createStreams(url);
  cleanups.push(() => made.dispose());
  const workload = generateWorkload(COUNT, seed);
  await made.publish(workload.messages);
  const files = tempFiles('actionmatch-nats-faults-');
  const actions = writeActions(files.dir);
  const args = ['--engine', 'nats', '--url', url, '--stream', made.input, '--output', `${made.input}.results`, '--dead-letter', `${made.input}.dead`, '--actions', actions, '--batch', '250', '--ack-wait', '3000'];
  return { made, workload, dir: files.dir, worker: () => startWorker(args) };
}

/** Every event answered, one stored result each, equal to `actionmatch match`; every input acknowledged. */
async function expectDeduplicated(run: Run): Promise<void> {
  const { made } = run;
  // The test's own client may still be reconnecting to a restarted server: a failed look is "not yet".
  await eventually(async () => (await made.stored().catch(() => -1)) >= COUNT, 'every message answered', 180_000);
  await eventually(async () => {
    const info = await made.jsm.consumers.info(made.input, 'actionmatch').catch(() => null);
    return info !== null && info.num_pending === 0 && info.num_ack_pending === 0;
  }, 'every input acknowledged', 60_000);
  expect(await made.stored()).toBe(COUNT);
  const results = (await made.readAll('results')).map((text) => JSON.parse(text) as { uuid: string; action_ids: number[] });
  const expected = expectedByCli(run.workload, run.dir);
  expect(results).toHaveLength(expected.size);
  expect(new Set(results.map((result) => result.uuid)).size).toBe(expected.size);
  let differing = 0;
  for (const result of results) if (JSON.stringify(result.action_ids) !== JSON.stringify(expected.get(result.uuid))) differing++;
  expect(differing).toBe(0);
  expect(await made.readAll('dead')).toHaveLength(run.workload.deadLetters);
}

async function stopAll(workers: readonly WorkerProcess[]): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  for (const worker of workers) {
    const exit = await worker.exited;
    if (exit.signal !== 'SIGKILL') expect(exit).toEqual({ code: 0, signal: null });
  }
}

describe.skipIf(!sharedNats)('three workers on one durable consumer, one killed with SIGKILL mid-run', () => {
  it('every event has a result, stored once, equal to actionmatch match', async () => {
    const run = await prepare(NATS_URL, 303);
    const workers = [run.worker(), run.worker(), run.worker()];
    await eventually(async () => (await run.made.stored()) >= COUNT * 0.3, 'a third of the messages answered', 120_000);
    const victim = workers[1] as WorkerProcess;
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    expect(await run.made.stored()).toBeLessThan(COUNT);
    workers.push(run.worker());
    await expectDeduplicated(run);
    await stopAll(workers);
  }, 300_000);
});

describe.skipIf(!privateNats)('two workers, the NATS server killed and started again mid-run', () => {
  it('the workers reconnect and every event still has one stored result', async () => {
    const broker: PrivateBroker = await startPrivateNats();
    cleanups.push(() => broker.dispose());
    const run = await prepare(broker.url, 404);
    const workers = [run.worker(), run.worker()];
    await eventually(async () => (await run.made.stored()) >= COUNT * 0.3, 'a third of the messages answered', 120_000);
    const beforeKill = await run.made.stored();
    await broker.kill();
    await eventually(() => workers.every((worker) => worker.logs.some((line) => line.msg === 'broker unreachable, retrying')), 'both workers to log the lost server', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(workers.every((worker) => worker.child.exitCode === null)).toBe(true);
    await broker.start();
    expect(beforeKill).toBeLessThan(COUNT);
    await expectDeduplicated(run);
    for (const worker of workers) expect(worker.logs.some((line) => line.msg === 'broker reachable again')).toBe(true);
    await stopAll(workers);
  }, 300_000);
});
