// `actionmatch worker --engine redis` against the machine's Redis: results and dead letters for
// a multi-project workload equal to `actionmatch match`, every entry acknowledged with its
// result, at most one batch pending (backpressure), SIGTERM draining to exit 0, --only-matches,
// a reload message naming a project, /metrics and /healthz, and an unreachable Redis retried
// with backoff and a clear log line instead of a crash.
import { writeFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles } from '../cli/run-cli.js';
import { freePort, REDIS_URL, redisService } from '../helpers/brokers.js';
import { eventually } from '../helpers/eventually.js';
import { serviceAvailable } from '../helpers/service-rule.js';
import { createOk, startTestServer } from '../server/server-fixture.js';
import { addMessages, connectRedis, pendingCount, readAll, uniqueName } from './redis-helpers.js';
import { killWorkers, startWorker } from './worker-process.js';
import { expectedByCli, generateWorkload, writeActions } from './workload.js';

const available = await serviceAvailable(redisService);

/** The uuid of a message, '' for one that is not JSON. */
function uuidOf(data: string | undefined): string {
  try {
    return String((JSON.parse(data ?? '') as { uuid: unknown }).uuid);
  } catch {
    return '';
  }
}

describe.skipIf(!available)('worker on Redis Streams', () => {
  let redis: Redis;
  const keys: string[] = [];
  const stream = (): { input: string; output: string; dead: string } => {
    const input = uniqueName('events');
    keys.push(input, `${input}:results`, `${input}:dead`);
    return { input, output: `${input}:results`, dead: `${input}:dead` };
  };
  beforeAll(() => {
    redis = connectRedis(REDIS_URL);
  });
  afterEach(async () => {
    await killWorkers();
    if (keys.length > 0) await redis.del(...keys.splice(0));
  });
  afterAll(async () => {
    await redis.quit();
  });

  // --threads 3: each batch is cut across this thread and two matching threads; the answers and
  // their order must not change.
  it.each([1, 3])('answers every event with its project\'s matches, as actionmatch match does, and dead-letters the rest (--threads %i)', async (threads) => {
    const files = tempFiles('actionmatch-worker-');
    const workload = generateWorkload(3000);
    const { input, output, dead } = stream();
    await addMessages(redis, input, workload.messages);
    const worker = startWorker(['--engine', 'redis', '--stream', input, '--actions', writeActions(files.dir), '--batch', '100', '--metrics-port', '0', '--threads', String(threads)]);
    const metricsUrl = String((await worker.waitFor('metrics listening')).url);
    // One batch in hand at most: the group never has more than a batch pending.
    let mostPending = 0;
    await eventually(async () => {
      mostPending = Math.max(mostPending, await pendingCount(redis, input, 'actionmatch'));
      return (await redis.xlen(output)) + (await redis.xlen(dead)) === workload.messages.length;
    }, 'every message answered');
    expect(mostPending).toBeLessThanOrEqual(100);
    expect(await pendingCount(redis, input, 'actionmatch')).toBe(0);

    const expected = expectedByCli(workload, files.dir);
    const results = await readAll(redis, output);
    const inputs = await readAll(redis, input);
    const byInput = new Map(inputs.map((entry) => [entry.id, uuidOf(entry.fields['data'])]));
    for (const record of results) {
      const result = JSON.parse(record.fields['result'] as string) as { uuid: string; team_id: number; action_ids: number[] };
      expect(byInput.get(record.fields['input_id'] as string)).toBe(result.uuid);
      expect(result.action_ids).toEqual(expected.get(result.uuid));
    }
    expect(new Set(results.map((record) => JSON.parse(record.fields['result'] as string).uuid as string))).toEqual(new Set(expected.keys()));
    // Results are written in the order the events were read, batch after batch.
    const answered = new Set(results.map((record) => record.fields['input_id']));
    expect(results.map((record) => record.fields['input_id'])).toEqual(inputs.filter((entry) => answered.has(entry.id)).map((entry) => entry.id));
    expect([...expected.values()].filter((ids) => ids.length > 0).length).toBeGreaterThan(500);

    const deadLetters = await readAll(redis, dead);
    expect(deadLetters).toHaveLength(workload.deadLetters);
    for (const letter of deadLetters) {
      expect(letter.fields['data']).toBe(inputs.find((entry) => entry.id === letter.fields['input_id'])?.fields['data']);
      expect(letter.fields['reason']).toMatch(/^(not JSON: |event\.team_id must be the project id \(a positive integer\), got none$)/);
    }

    const metrics = await (await fetch(`${metricsUrl}`)).text();
    expect(metrics).toContain(`actionmatch_worker_events_consumed_total{engine="redis"} ${workload.messages.length}`);
    expect(metrics).toContain(`actionmatch_worker_events_rejected_total{engine="redis"} ${workload.deadLetters}`);
    expect(metrics).toContain(`actionmatch_worker_events_matched_total{engine="redis"} ${[...expected.values()].filter((ids) => ids.length > 0).length}`);
    expect(metrics).toMatch(/actionmatch_worker_project_events\{team_id="2",engine="redis"\} \d+/);
    expect(metrics).toContain('actionmatch_worker_consumer_lag{engine="redis"} 0');
    // Every matching thread holds the projects it has seen: here all five, on each thread.
    expect(metrics).toContain(`actionmatch_worker_projects_loaded{engine="redis"} ${5 * threads}`);
    expect(metrics).toMatch(/actionmatch_worker_batch_match_seconds_count\{engine="redis"\} \d+/);
    const health = await fetch(metricsUrl.replace('/metrics', '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', connected: true });

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.logs.at(-1)?.msg).toBe('worker stopped');
    expect(worker.other).toEqual([]);
    // The matching threads log with their thread id: each loaded the projects itself.
    const threadIds = new Set(worker.logs.filter((line) => line.msg === 'project loaded' && line['thread'] !== undefined).map((line) => line['thread']));
    expect(threadIds.size).toBe(threads - 1);
  });

  it.each([1, 2])('SIGTERM mid-stream: the batch in hand is committed, nothing is left pending, exit 0 (--threads %i)', async (threads) => {
    const files = tempFiles('actionmatch-worker-');
    const workload = generateWorkload(30_000, 5);
    const { input, output, dead } = stream();
    await addMessages(redis, input, workload.messages);
    const worker = startWorker(['--engine', 'redis', '--stream', input, '--actions', writeActions(files.dir), '--batch', '200', '--only-matches', '--threads', String(threads)]);
    await eventually(async () => (await redis.xlen(output)) > 500, 'the first results');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(await pendingCount(redis, input, 'actionmatch')).toBe(0);
    const groups = (await redis.call('XINFO', 'GROUPS', input)) as unknown[][];
    const read = Number(groups[0]?.[(groups[0] ?? []).indexOf('entries-read') + 1]);
    expect(read).toBeLessThan(workload.messages.length);
    // --only-matches: every result written has actions; what was read is answered or dead.
    const results = (await readAll(redis, output)).map((record) => JSON.parse(record.fields['result'] as string) as { action_ids: number[] });
    expect(results.every((result) => result.action_ids.length > 0)).toBe(true);
    const expected = expectedByCli(workload, files.dir);
    const answeredIds = new Set((await readAll(redis, output)).map((record) => record.fields['input_id']));
    const inputs = (await readAll(redis, input)).slice(0, read);
    const matchedRead = inputs.filter((entry) => (expected.get(uuidOf(entry.fields['data'])) ?? []).length > 0);
    expect(answeredIds).toEqual(new Set(matchedRead.map((entry) => entry.id)));
    expect(await redis.xlen(dead)).toBe(inputs.filter((entry) => !expected.has(uuidOf(entry.fields['data']))).length);
  });

  it('a reload message naming a project makes the worker read its actions again at once', async () => {
    const files = tempFiles('actionmatch-worker-');
    const actionsFile = files.file('actions.json', JSON.stringify([{ id: 1, team_id: 4, steps: [{ event: 'signup' }] }]));
    const { input, output } = stream();
    const channel = uniqueName('reload');
    const worker = startWorker(['--engine', 'redis', '--stream', input, '--actions', actionsFile, '--poll', '3600000', '--reload-channel', channel]);
    await worker.waitFor('worker started');
    await redis.xadd(input, '*', 'data', JSON.stringify({ uuid: 'one', team_id: 4, event: 'signup' }));
    await eventually(async () => (await redis.xlen(output)) === 1, 'the first result');
    writeFileSync(actionsFile, JSON.stringify([{ id: 1, team_id: 4, steps: [{ event: 'signup' }] }, { id: 2, team_id: 4, steps: [{ event: 'signup' }] }]));
    await redis.publish(channel, 'not a project');
    await worker.waitFor('reload message names no project, ignored');
    // PostHog's own message shape.
    await redis.publish(channel, JSON.stringify({ teamId: 4, actionId: 2 }));
    await worker.waitFor('project actions changed');
    await redis.xadd(input, '*', 'data', JSON.stringify({ uuid: 'two', team_id: 4, event: 'signup' }));
    await eventually(async () => (await redis.xlen(output)) === 2, 'the second result');
    const results = (await readAll(redis, output)).map((record) => JSON.parse(record.fields['result'] as string) as unknown);
    expect(results).toEqual([{ uuid: 'one', team_id: 4, action_ids: [1] }, { uuid: 'two', team_id: 4, action_ids: [1, 2] }]);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });

  it('with --threads 3, a reload message reaches every matching thread', async () => {
    const files = tempFiles('actionmatch-worker-');
    const actionsFile = files.file('actions.json', JSON.stringify([{ id: 1, team_id: 4, steps: [{ event: 'signup' }] }]));
    const { input, output } = stream();
    const channel = uniqueName('reload');
    const worker = startWorker(['--engine', 'redis', '--stream', input, '--actions', actionsFile, '--poll', '3600000', '--reload-channel', channel, '--threads', '3']);
    await worker.waitFor('worker started');
    // One transaction, so the worker reads all 60 as one batch, cut in three: every thread loads project 4.
    const addAtOnce = async (prefix: string): Promise<void> => {
      const transaction = redis.multi();
      for (let index = 0; index < 60; index++) transaction.xadd(input, '*', 'data', JSON.stringify({ uuid: `${prefix}${index}`, team_id: 4, event: 'signup' }));
      await transaction.exec();
    };
    await addAtOnce('before-');
    await eventually(async () => (await redis.xlen(output)) === 60, 'the first results');
    expect(worker.logs.filter((line) => line.msg === 'project loaded')).toHaveLength(3);
    writeFileSync(actionsFile, JSON.stringify([{ id: 1, team_id: 4, steps: [{ event: 'signup' }] }, { id: 2, team_id: 4, steps: [{ event: 'signup' }] }]));
    await redis.publish(channel, JSON.stringify({ teamId: 4 }));
    await eventually(() => worker.logs.filter((line) => line.msg === 'project actions changed').length === 3, 'the project reloaded on every thread');
    await addAtOnce('after-');
    await eventually(async () => (await redis.xlen(output)) === 120, 'the second results');
    const results = (await readAll(redis, output)).map((record) => JSON.parse(record.fields['result'] as string) as { uuid: string; action_ids: number[] });
    expect(results.slice(0, 60).every((result) => result.uuid.startsWith('before-') && result.action_ids.join() === '1')).toBe(true);
    expect(results.slice(60).every((result) => result.uuid.startsWith('after-') && result.action_ids.join() === '1,2')).toBe(true);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.other).toEqual([]);
  });

  it('--from-posthog reads each project from an Actions API (an actionmatch server here) on its first event', async () => {
    const server = await startTestServer({ projects: [1, 2] });
    const one = await createOk(server.url, { name: 'Signup', steps: [{ event: 'signup' }] }, 1);
    const two = await createOk(server.url, { name: 'Paid', steps: [{ event: 'paid' }] }, 2);
    const { input, output } = stream();
    for (const event of [{ uuid: 'a', team_id: 1, event: 'signup' }, { uuid: 'b', team_id: 2, event: 'signup' }, { uuid: 'c', team_id: 2, event: 'paid' }]) {
      await redis.xadd(input, '*', 'data', JSON.stringify(event));
    }
    const worker = startWorker(['--engine', 'redis', '--stream', input, '--from-posthog', server.url], { ...process.env, POSTHOG_PERSONAL_API_KEY: 'phx_read' });
    try {
      await eventually(async () => (await redis.xlen(output)) === 3, 'three results');
      const results = (await readAll(redis, output)).map((record) => JSON.parse(record.fields['result'] as string) as unknown);
      expect(results).toEqual([
        { uuid: 'a', team_id: 1, action_ids: [one.id] },
        { uuid: 'b', team_id: 2, action_ids: [] },
        { uuid: 'c', team_id: 2, action_ids: [two.id] },
      ]);
      expect(worker.logs.filter((line) => line.msg === 'project loaded').map((line) => Number(line['team_id'])).sort()).toEqual([1, 2]);
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('an unreachable Redis is retried with growing waits and a clear log line; /healthz says so; SIGTERM still exits 0', async () => {
    const files = tempFiles('actionmatch-worker-');
    const port = await freePort();
    const worker = startWorker(['--engine', 'redis', '--url', `redis://127.0.0.1:${port}`, '--stream', 'nowhere', '--actions', writeActions(files.dir), '--metrics-port', '0']);
    const metricsUrl = String((await worker.waitFor('metrics listening')).url);
    await eventually(() => worker.logs.filter((line) => line.msg === 'broker unreachable, retrying').length >= 4, 'four retries', 20_000);
    const retries = worker.logs.filter((line) => line.msg === 'broker unreachable, retrying');
    expect(retries[0]).toMatchObject({ level: 'warn', broker: `redis://127.0.0.1:${port}`, attempt: 1 });
    expect(Number(retries[3]?.['retry_in_ms'])).toBeGreaterThan(Number(retries[0]?.['retry_in_ms']));
    expect(worker.child.exitCode).toBeNull();
    const health = await fetch(metricsUrl.replace('/metrics', '/healthz'));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'broker unreachable', connected: false });
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses bad options with a usage error', async () => {
    const { runCli } = await import('../cli/run-cli.js');
    expect(runCli(['worker', '--stream', 's', '--actions', 'a.json']).stderr).toBe('actionmatch: worker needs --engine redis or --engine nats\n');
    expect(runCli(['worker', '--engine', 'redis', '--actions', 'a.json']).stderr).toBe('actionmatch: worker needs --stream\n');
    expect(runCli(['worker', '--engine', 'redis', '--stream', 's']).stderr).toBe('actionmatch: worker needs one source of actions: --actions FILE..., --from-posthog HOST or --from-postgres URL\n');
    expect(runCli(['worker', '--engine', 'redis', '--stream', 's', '--actions', '/nonexistent/a.json']).stderr).toMatch(/^actionmatch: ENOENT: no such file or directory, stat '\/nonexistent\/a.json'\n$/);
    expect(runCli(['worker', '--engine', 'redis', '--stream', 's', '--actions', 'a.json', '--batch', '0']).stderr).toBe('actionmatch: --batch must be an integer of at least 1, got "0"\n');
    expect(runCli(['worker', '--engine', 'redis', '--stream', 's', '--actions', 'a.json', '--threads', '0']).stderr).toBe('actionmatch: --threads must be an integer of at least 1, got "0"\n');
    expect(runCli(['worker', '--engine', 'redis', '--stream', 's', '--actions', 'a.json', '--threads', '65']).stderr).toBe('actionmatch: --threads must be at most 64, got 65\n');
    expect(runCli(['worker', '--engine', 'nats', '--stream', 's', '--actions', 'a.json', '--field', 'x']).stderr).toBe('actionmatch: --field applies to --engine redis only (a NATS message is the event itself)\n');
    const help = runCli(['worker', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });
});
