// `actionmatch worker --engine nats` against the machine's NATS JetStream: results (published
// with the uuid as message id) and dead letters for a multi-project workload, equal to
// `actionmatch match`; every input acknowledged; SIGTERM drains to exit 0; an unreachable
// server retried with backoff and a clear log line.
import { afterEach, describe, expect, it } from 'vitest';
import { tempFiles } from '../cli/run-cli.js';
import { freePort, NATS_URL, natsService } from '../helpers/brokers.js';
import { eventually } from '../helpers/eventually.js';
import { serviceAvailable } from '../helpers/service-rule.js';
import { createStreams, type NatsStreams } from './nats-helpers.js';
import { killWorkers, startWorker } from './worker-process.js';
import { expectedByCli, generateWorkload, writeActions } from './workload.js';

const available = await serviceAvailable(natsService);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killWorkers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function streams(): Promise<NatsStreams> {
  const made = await createStreams(NATS_URL);
  cleanups.push(() => made.dispose());
  return made;
}

const workerArgs = (made: NatsStreams, actions: string, extra: string[] = []): string[] => [
  '--engine', 'nats', '--stream', made.input, '--output', `${made.input}.results`, '--dead-letter', `${made.input}.dead`, '--actions', actions, ...extra,
];

describe.skipIf(!available)('worker on NATS JetStream', () => {
  it.each([1, 2])('answers every event with its project\'s matches, as actionmatch match does, and dead-letters the rest (--threads %i)', async (threads) => {
    const files = tempFiles('actionmatch-nats-');
    const workload = generateWorkload(3000, 7);
    const made = await streams();
    await made.publish(workload.messages);
    const worker = startWorker(workerArgs(made, writeActions(files.dir), ['--batch', '100', '--metrics-port', '0', '--threads', String(threads)]));
    const metricsUrl = String((await worker.waitFor('metrics listening')).url);
    // Bounded in flight: a worker holds at most three batches (arriving, waiting, in hand).
    let mostUnacknowledged = 0;
    await eventually(async () => {
      const info = await made.jsm.consumers.info(made.input, 'actionmatch').catch(() => null);
      mostUnacknowledged = Math.max(mostUnacknowledged, info?.num_ack_pending ?? 0);
      return (await made.stored()) === workload.messages.length;
    }, 'every message answered');
    expect(mostUnacknowledged).toBeGreaterThan(0);
    expect(mostUnacknowledged).toBeLessThanOrEqual(300);
    const consumer = await made.jsm.consumers.info(made.input, 'actionmatch');
    await eventually(async () => {
      const info = await made.jsm.consumers.info(made.input, 'actionmatch');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    }, 'every input acknowledged');
    expect(consumer.config.ack_policy).toBe('explicit');

    const expected = expectedByCli(workload, files.dir);
    const results = (await made.readAll('results')).map((text) => JSON.parse(text) as { uuid: string; action_ids: number[] });
    expect(results).toHaveLength(expected.size);
    for (const result of results) expect(result.action_ids).toEqual(expected.get(result.uuid));
    const dead = (await made.readAll('dead')).map((text) => JSON.parse(text) as { reason: string; seq: number; data: string });
    expect(dead).toHaveLength(workload.deadLetters);
    for (const letter of dead) {
      expect(letter.data).toBe(workload.messages[letter.seq - 1]);
      expect(letter.reason).toMatch(/^(not JSON: |event\.team_id must be the project id \(a positive integer\), got none$)/);
    }
    const metrics = await (await fetch(metricsUrl)).text();
    expect(metrics).toContain(`actionmatch_worker_events_consumed_total{engine="nats"} ${workload.messages.length}`);
    expect(metrics).toContain('actionmatch_worker_consumer_lag{engine="nats"} 0');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });

  it('SIGTERM mid-stream: what was read is answered and acknowledged, exit 0, and a new worker finishes the rest', async () => {
    const files = tempFiles('actionmatch-nats-');
    const workload = generateWorkload(20_000, 8);
    const made = await streams();
    await made.publish(workload.messages);
    const actions = writeActions(files.dir);
    const first = startWorker(workerArgs(made, actions, ['--batch', '200', '--ack-wait', '60000']));
    await eventually(async () => (await made.stored()) > 1000, 'the first results');
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // Nothing is left waiting for the ack timeout (60 s here): what the first worker had fetched
    // but not matched went back (NAK), so the next worker gets it all well within that.
    const second = startWorker(workerArgs(made, actions));
    await eventually(async () => (await made.stored()) === workload.messages.length, 'the rest answered by the second worker', 30_000);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('an unreachable NATS server is retried with growing waits and a clear log line; SIGTERM exits 0', async () => {
    const files = tempFiles('actionmatch-nats-');
    const port = await freePort();
    const worker = startWorker(['--engine', 'nats', '--url', `nats://127.0.0.1:${port}`, '--stream', 'NOWHERE', '--actions', writeActions(files.dir)]);
    await eventually(() => worker.logs.filter((line) => /^connecting to .* failed, retrying$/.test(line.msg)).length >= 4, 'four retries', 20_000);
    const retries = worker.logs.filter((line) => /^connecting to .* failed, retrying$/.test(line.msg));
    expect(retries[0]).toMatchObject({ level: 'warn', msg: `connecting to nats://127.0.0.1:${port} stream NOWHERE consumer actionmatch failed, retrying`, attempt: 1 });
    expect(String(retries[0]?.['error'])).toMatch(/ECONNREFUSED|connection refused/i);
    expect(Number(retries[3]?.['retry_in_ms'])).toBeGreaterThan(Number(retries[0]?.['retry_in_ms']));
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });

  it('a stream that does not exist is named in the retry line', async () => {
    const files = tempFiles('actionmatch-nats-');
    const worker = startWorker(['--engine', 'nats', '--stream', 'AMTEST_MISSING_STREAM', '--actions', writeActions(files.dir)]);
    const line = await worker.waitFor(/^connecting to .* failed, retrying$/);
    expect(line['error']).toBe('JetStream stream AMTEST_MISSING_STREAM does not exist; create it first (it holds the input events)');
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });
});
