// `actionmatch worker` throughput and latency on this machine, per engine (Redis Streams, NATS
// JetStream): events/s with one and with two worker processes in one group, and the end-to-end
// latency from the event entering the stream to its result being stored, at a steady rate.
// Times are the brokers' own: Redis entry ids are the server's clock in ms, JetStream stamps
// every stored message. Each figure is the median of the rounds; the baseline measured in the
// same run is `actionmatch match` over the same events from a file (no broker at all), and
// beside each engine the rate its producer loaded the stream at (the broker with no worker:
// pipelined XADD for Redis, acknowledged publishes for JetStream), which bounds what a worker
// that also writes one result per event can reach.
// Then `--threads`: one Redis worker with 1 and with 2 matching threads, on this workload (light
// matching: the broker dominates) and on a matching-heavy one (every project with 2,000
// distinct URL and property regexes, which no index can skip for a pageview), the ratio of 2 to 1
// threads measured in the same run.
// Run: npm run build && npm run bench:worker [-- --events 50000 --rounds 3 --rate 2000 --threads-only]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { generateWorkload, workloadActions } from '../test/worker/workload.js';

const { values } = parseArgs({ options: { events: { type: 'string' }, rounds: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' }, 'threads-only': { type: 'boolean' } } });
const threadsOnly = values['threads-only'] === true;
const eventCount = Number(values.events ?? 50_000);
const rounds = Number(values.rounds ?? 3);
const rate = Number(values.rate ?? 2000);
const latencySeconds = Number(values.seconds ?? 5);
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
if (!existsSync(cli)) throw new Error('bench:worker runs the built CLI: npm run build first');
const redisUrl = process.env['ACTIONMATCH_BENCH_REDIS'] ?? 'redis://127.0.0.1:6379';
const natsUrl = process.env['ACTIONMATCH_BENCH_NATS'] ?? 'nats://127.0.0.1:4222';

const dir = mkdtempSync(join(tmpdir(), 'actionmatch-bench-worker-'));
const actionsFile = join(dir, 'actions.json');
writeFileSync(actionsFile, JSON.stringify(workloadActions()));
const workload = generateWorkload(eventCount, 99);
const events = workload.messages;

/** The matching-heavy action set: the workload's actions plus, per project, `perProject` regex actions on pageviews. */
function heavyActions(perProject: number): Array<Record<string, unknown>> {
  const actions = workloadActions();
  let id = 10_000;
  for (const team of new Set(actions.map((action) => action['team_id'] as number))) {
    for (let index = 0; index < perProject; index++) {
      actions.push({
        id: id++,
        team_id: team,
        name: `Section ${index}`,
        steps: [{ event: '$pageview', url: `^https://t${team}\\.example\\.com/(docs|blog)/[a-z-]*${index}[0-9]*$`, url_matching: 'regex', properties: [{ key: 'plan', value: `^(pro|team)-${index}$`, operator: 'regex', type: 'event' }] }],
      });
    }
  }
  return actions;
}
const heavyFile = join(dir, 'heavy-actions.json');
writeFileSync(heavyFile, JSON.stringify(heavyActions(2000)));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};
const msOfId = (id: string): number => Number(id.split('-')[0]);
const unique = (): string => `actionmatch-bench:${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

function startWorkers(count: number, args: string[]): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const child = spawn(process.execPath, [cli, 'worker', ...args, ...(args[1] === 'redis' ? ['--consumer', `bench-${index}`] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
      return new Promise<ChildProcess>((resolve) => {
        let text = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('"worker started"')) resolve(child);
        });
      });
    }),
  );
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  })));
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the bench timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---- Redis Streams ----
/** Producer rates seen while loading the streams: what the broker takes with no worker at all. */
const producerRates: Record<'redis' | 'nats', number[]> = { redis: [], nats: [] };

async function redisThroughput(workers: number, extra: string[] = [], actions = actionsFile, messages = events): Promise<number> {
  const events = messages;
  const redis = new Redis(redisUrl);
  const input = unique();
  try {
    const loading = performance.now();
    for (let start = 0; start < events.length; start += 2000) {
      const pipeline = redis.pipeline();
      for (const event of events.slice(start, start + 2000)) pipeline.xadd(input, '*', 'data', event);
      await pipeline.exec();
    }
    producerRates.redis.push(events.length / ((performance.now() - loading) / 1000));
    const children = await startWorkers(workers, ['--engine', 'redis', '--url', redisUrl, '--stream', input, '--actions', actions, '--batch', '500', ...extra]);
    await waitUntil(async () => (await redis.xlen(`${input}:results`)) + (await redis.xlen(`${input}:dead`)) >= events.length);
    await stopWorkers(children);
    const first = (await redis.xrange(`${input}:results`, '-', '+', 'COUNT', 1))[0]?.[0] ?? '0-0';
    const last = (await redis.xrevrange(`${input}:results`, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
    return events.length / Math.max((msOfId(last) - msOfId(first)) / 1000, 1e-3);
  } finally {
    await redis.del(input, `${input}:results`, `${input}:dead`);
    redis.disconnect();
  }
}

async function redisLatency(): Promise<number[]> {
  const redis = new Redis(redisUrl);
  const input = unique();
  try {
    await redis.xgroup('CREATE', input, 'actionmatch', '$', 'MKSTREAM');
    const children = await startWorkers(1, ['--engine', 'redis', '--url', redisUrl, '--stream', input, '--actions', actionsFile, '--batch', '500']);
    const total = rate * latencySeconds;
    const started = performance.now();
    for (let sent = 0; sent < total; sent += rate / 100) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < rate / 100; i++) pipeline.xadd(input, '*', 'data', events[(sent + i) % events.length] as string);
      await pipeline.exec();
      const due = started + ((sent + rate / 100) / rate) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
    await waitUntil(async () => (await redis.xlen(`${input}:results`)) + (await redis.xlen(`${input}:dead`)) >= total);
    await stopWorkers(children);
    const results = (await redis.xrange(`${input}:results`, '-', '+')) as Array<[string, string[]]>;
    return results.map(([id, fields]) => msOfId(id) - msOfId(fields[fields.indexOf('input_id') + 1] as string));
  } finally {
    await redis.del(input, `${input}:results`, `${input}:dead`);
    redis.disconnect();
  }
}

// ---- NATS JetStream ----
async function natsStreams(): Promise<{ name: string; close: () => Promise<void>; publish: (messages: string[]) => Promise<void>; stored: () => Promise<number>; times: (stream: string) => Promise<Map<string, number>> }> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const name = `AMBENCH_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await jsm.streams.add({ name, subjects: [`${name}.in`] });
  await jsm.streams.add({ name: `${name}_OUT`, subjects: [`${name}.results`, `${name}.dead`] });
  return {
    name,
    async close() {
      await jsm.streams.delete(name);
      await jsm.streams.delete(`${name}_OUT`);
      await nc.close();
    },
    async publish(messages) {
      for (let start = 0; start < messages.length; start += 1000) await Promise.all(messages.slice(start, start + 1000).map((message) => js.publish(`${name}.in`, message)));
    },
    stored: async () => (await jsm.streams.info(`${name}_OUT`)).state.messages,
    /** uuid → the time the stream stored the message, in ms. */
    async times(stream) {
      const found = new Map<string, number>();
      const last = (await jsm.streams.info(stream)).state.last_seq;
      const consumer = await js.consumers.get(stream);
      const messages = await consumer.consume({ max_messages: 2000 });
      for await (const message of messages) {
        try {
          const uuid = (JSON.parse(message.string()) as { uuid?: unknown }).uuid;
          if (typeof uuid === 'string') found.set(uuid, message.info.timestampNanos / 1e6);
        } catch {
          // a dead letter's payload: no time to take
        }
        if (message.seq >= last) break;
      }
      await messages.close();
      return found;
    },
  };
}

const natsArgs = (name: string): string[] => ['--engine', 'nats', '--url', natsUrl, '--stream', name, '--output', `${name}.results`, '--dead-letter', `${name}.dead`, '--actions', actionsFile, '--batch', '500'];

async function natsThroughput(workers: number): Promise<number> {
  const streams = await natsStreams();
  try {
    const loading = performance.now();
    await streams.publish(events);
    producerRates.nats.push(events.length / ((performance.now() - loading) / 1000));
    const children = await startWorkers(workers, natsArgs(streams.name));
    await waitUntil(async () => (await streams.stored()) >= events.length);
    await stopWorkers(children);
    const times = [...(await streams.times(`${streams.name}_OUT`)).values()];
    return events.length / Math.max((Math.max(...times) - Math.min(...times)) / 1000, 1e-3);
  } finally {
    await streams.close();
  }
}

async function natsLatency(): Promise<number[]> {
  const streams = await natsStreams();
  try {
    const children = await startWorkers(1, natsArgs(streams.name));
    const total = rate * latencySeconds;
    const started = performance.now();
    for (let sent = 0; sent < total; sent += rate / 100) {
      await streams.publish(Array.from({ length: rate / 100 }, (_, i) => events[(sent + i) % events.length] as string));
      const due = started + ((sent + rate / 100) / rate) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
    await waitUntil(async () => (await streams.stored()) >= total);
    await stopWorkers(children);
    // Events repeat past the workload's size: only the first occurrence of each uuid is timed.
    const sentAt = await streams.times(streams.name);
    const storedAt = await streams.times(`${streams.name}_OUT`);
    return [...storedAt].flatMap(([uuid, at]) => (sentAt.has(uuid) ? [at - (sentAt.get(uuid) as number)] : []));
  } finally {
    await streams.close();
  }
}

// ---- the baseline: actionmatch match over a file of the same events (one project's worth each) ----
function cliThroughput(): number {
  const file = join(dir, 'events.ndjson');
  const byTeam = new Map<number, string[]>();
  for (const event of workload.events.values()) {
    const team = event['team_id'] as number;
    byTeam.set(team, [...(byTeam.get(team) ?? []), JSON.stringify(event)]);
  }
  let seconds = 0;
  let count = 0;
  for (const [team, lines] of byTeam) {
    writeFileSync(file, lines.join('\n') + '\n');
    const teamActions = join(dir, `actions-${team}.json`);
    writeFileSync(teamActions, JSON.stringify(workloadActions().filter((action) => action['team_id'] === team)));
    const run = spawnSync(process.execPath, [cli, 'match', '--actions', teamActions, '--events', file, '--out', join(dir, 'out.ndjson'), '--stats'], { encoding: 'utf8' });
    const found = /(\d+) events\/s/.exec(run.stderr);
    if (found === null) throw new Error(`actionmatch match failed: ${run.stderr}`);
    seconds += lines.length / Number(found[1]);
    count += lines.length;
  }
  return count / seconds;
}

const results: Record<string, number> = {};
const record = (name: string, samples: number[]): number => (results[name] = Math.round(median(samples)));
const baseline = record('match CLI (no broker)', Array.from({ length: rounds }, cliThroughput));
for (const [engine, throughput, latency] of threadsOnly ? [] : ([['redis', redisThroughput, redisLatency], ['nats', natsThroughput, natsLatency]] as const)) {
  for (const workers of [1, 2]) {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) samples.push(await throughput(workers));
    record(`${engine}, ${workers} worker${workers === 1 ? '' : 's'}`, samples);
  }
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const latencies = await latency();
    p50s.push(percentile(latencies, 50));
    p99s.push(percentile(latencies, 99));
  }
  record(`${engine} producer alone`, producerRates[engine]);
  record(`${engine} latency p50 ms`, p50s);
  record(`${engine} latency p99 ms`, p99s);
}

// --threads: one worker process, 1 and 2 matching threads, light and heavy matching, rounds interleaved.
const threadRows: Array<[string, string, string[]]> = [
  ['light', actionsFile, events],
  ['heavy', heavyFile, events],
];
const threadRatios: Record<string, number> = {};

/**
 * The threaded batch matcher alone (no broker): heavy events in batches of 500, after a first
 * batch that compiles every project on every thread, in events/s. What `--threads` gives when
 * the broker is not the limit.
 */
async function matcherAlone(threads: number): Promise<number> {
  const dist = (path: string): string => new URL(`../dist/${path}`, import.meta.url).href;
  const { inProcessBatchMatcher, threadedBatchMatcher } = (await import(dist('worker/batch-matcher.js'))) as typeof import('../src/worker/batch-matcher.js');
  const { createProjectMatchers } = (await import(dist('projects/project-matchers.js'))) as typeof import('../src/projects/project-matchers.js');
  const { fromActionFiles } = (await import(dist('projects/file-projects.js'))) as typeof import('../src/projects/file-projects.js');
  const { createWorkerLog } = (await import(dist('worker/worker-log.js'))) as typeof import('../src/worker/worker-log.js');
  await ((await import(dist('hogql/parser.js'))) as typeof import('../src/hogql/parser.js')).hogqlReady;
  const settings = { maxProjects: 100, idleMs: 3_600_000 };
  const projects = createProjectMatchers({ source: fromActionFiles([heavyFile]), ...settings });
  const silent = createWorkerLog({}, () => undefined);
  const matcher = threads === 1 ? inProcessBatchMatcher(projects, 'team_id') : threadedBatchMatcher({ projects, threads, threadData: { source: { kind: 'files', paths: [heavyFile] }, settings, teamField: 'team_id', logFields: {} }, log: silent });
  try {
    const inputs = events.map((data, index) => ({ id: String(index), data }));
    await matcher.match(inputs.slice(0, 500));
    const started = performance.now();
    for (let start = 500; start < inputs.length; start += 500) await matcher.match(inputs.slice(start, start + 500));
    return (inputs.length - 500) / ((performance.now() - started) / 1000);
  } finally {
    await matcher.close();
  }
}
{
  const one: number[] = [];
  const two: number[] = [];
  for (let round = 0; round < rounds; round++) {
    one.push(await matcherAlone(1));
    two.push(await matcherAlone(2));
  }
  record('heavy, matcher alone, 1 thread', one);
  record('heavy, matcher alone, 2 threads', two);
  threadRatios['heavy, no broker'] = median(two.map((value, index) => value / (one[index] as number)));
}
for (const [label, actions, messages] of threadRows) {
  const one: number[] = [];
  const two: number[] = [];
  for (let round = 0; round < rounds; round++) {
    one.push(await redisThroughput(1, ['--threads', '1'], actions, messages));
    two.push(await redisThroughput(1, ['--threads', '2'], actions, messages));
  }
  record(`redis ${label}, --threads 1`, one);
  record(`redis ${label}, --threads 2`, two);
  threadRatios[label] = median(two.map((value, index) => value / (one[index] as number)));
}

console.log(`actionmatch worker, ${eventCount} events over ${workload.events.size > 0 ? 5 : 0} projects, ${rounds} rounds (medians); latency at ${rate} events/s for ${latencySeconds} s, one worker`);
for (const [name, value] of Object.entries(results)) {
  const ratio = name.includes('latency') || name.startsWith('match') || name.includes('producer') || name.includes('--threads') || name.includes('thread') ? '' : `  (${(value / baseline).toFixed(2)}× match CLI)`;
  console.log(`${name.padEnd(28)} ${String(value).padStart(8)}${name.includes('latency') ? '' : ' events/s'}${ratio}`);
}
for (const [label, ratio] of Object.entries(threadRatios)) console.log(`2 threads / 1 thread, ${label}: ${ratio.toFixed(2)}× (median of paired rounds)`);
writeFileSync(new URL('results/worker.tmp.json', import.meta.url), JSON.stringify({ eventCount, rounds, rate, results, threadRatios }, null, 2) + '\n');
console.log('\nSaved bench/results/worker.tmp.json');
