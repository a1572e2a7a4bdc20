// `actionmatch worker`: the stream worker from the command line. Parses its own options, opens
// the actions source, the broker and the metrics server, runs the loop until SIGTERM/SIGINT,
// then closes everything and exits 0. The broker clients and prom-client are optional
// dependencies, loaded only here.
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import fg from 'fast-glob';
import type { ProjectActionsSource } from '../projects/project-source.js';
import { MissingDriverError } from '../store/optional-module.js';
import { inProcessBatchMatcher, threadedBatchMatcher, type BatchMatcher } from '../worker/batch-matcher.js';
import type { StreamEngine } from '../worker/stream-engine.js';
import { createWorkerLog, type LogFields, type WorkerLog } from '../worker/worker-log.js';
import { openWorkerProjects, openWorkerSource, type WorkerProjectSettings, type WorkerSourceSpec } from '../worker/worker-projects.js';
import { API_KEY_VARIABLE } from './read-actions.js';
import { UsageError } from './usage-error.js';
import { workerHelp } from './worker-help.js';

const options = {
  engine: { type: 'string' },
  url: { type: 'string' },
  stream: { type: 'string' },
  group: { type: 'string' },
  consumer: { type: 'string' },
  output: { type: 'string' },
  'dead-letter': { type: 'string' },
  field: { type: 'string' },
  'team-field': { type: 'string' },
  'only-matches': { type: 'boolean' },
  batch: { type: 'string' },
  'claim-idle': { type: 'string' },
  'ack-wait': { type: 'string' },
  actions: { type: 'string', multiple: true },
  'from-posthog': { type: 'string' },
  'from-postgres': { type: 'string' },
  poll: { type: 'string' },
  'reload-channel': { type: 'string' },
  'reload-url': { type: 'string' },
  'max-projects': { type: 'string' },
  idle: { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** More matchers than this is a typo, not a machine: each holds every project it sees. */
const MAX_THREADS = 64;

function readCount(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const number = /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min)) throw new UsageError(`--${name} must be an integer of at least ${min}, got ${JSON.stringify(value)}`);
  return number;
}

function readName(name: string, value: string | undefined, fallback?: string): string {
  const result = value ?? fallback;
  if (result === undefined) throw new UsageError(`worker needs --${name}`);
  if (result.trim() === '') throw new UsageError(`--${name} must not be empty`);
  return result;
}

/**
 * The one actions source the options name, as data every matching thread can open, checked
 * here so that a bad source is a usage error at start rather than a batch retried forever.
 */
async function readSourceSpec(values: Record<string, unknown>): Promise<WorkerSourceSpec> {
  const files = (values['actions'] as string[] | undefined) ?? [];
  const host = values['from-posthog'] as string | undefined;
  const database = values['from-postgres'] as string | undefined;
  const given = [files.length > 0, host !== undefined, database !== undefined].filter(Boolean).length;
  if (given !== 1) throw new UsageError('worker needs one source of actions: --actions FILE..., --from-posthog HOST or --from-postgres URL');
  if (files.length > 0) {
    const paths: string[] = [];
    for (const pattern of files) {
      const matched = fg.isDynamicPattern(pattern) ? (await fg(pattern, { onlyFiles: true })).sort() : [pattern];
      if (matched.length === 0) throw new UsageError(`no actions files match ${JSON.stringify(pattern)}`);
      paths.push(...matched);
    }
    return { kind: 'files', paths };
  }
  if (host !== undefined) {
    const apiKey = (process.env[API_KEY_VARIABLE] ?? '').trim();
    if (apiKey === '') throw new UsageError(`--from-posthog needs a personal API key with the action:read scope in ${API_KEY_VARIABLE}`);
    return { kind: 'posthog', host, apiKey };
  }
  const { isPostgresUrl } = await import('../store/postgres-errors.js');
  if (!isPostgresUrl(database as string)) throw new UsageError(`--from-postgres needs a postgres:// URL of PostHog's database, got ${JSON.stringify(database)}`);
  return { kind: 'postgres', url: database as string };
}

/** Opens the source on this thread; what fails here is a usage error naming the option. */
async function openSource(spec: WorkerSourceSpec, settings: WorkerProjectSettings, log: WorkerLog): Promise<ProjectActionsSource> {
  const option = { files: '--actions', posthog: '--from-posthog', postgres: '--from-postgres' }[spec.kind];
  try {
    const source = await openWorkerSource(spec, settings, log);
    // Files are read once now: a missing or invalid file is a usage error at start, not a stuck batch.
    if (spec.kind === 'files') await source.load(0); // reads every file; no project has id 0
    return source;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(spec.kind === 'files' ? message : `${option}: ${message}`);
  }
}

/** Runs `actionmatch worker`; resolves with the exit status once it has drained and closed. */
export async function runWorker(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  if (values.help === true) {
    process.stdout.write(`${workerHelp}\n`);
    return 0;
  }
  const engineName = values.engine;
  if (engineName !== 'redis' && engineName !== 'nats') throw new UsageError(`worker needs --engine redis or --engine nats${engineName === undefined ? '' : `, got ${JSON.stringify(engineName)}`}`);
  const stream = readName('stream', values.stream);
  const group = readName('group', values.group, 'actionmatch');
  const consumer = readName('consumer', values.consumer, `${hostname()}-${process.pid}`);
  const separator = engineName === 'redis' ? ':' : '.';
  const output = readName('output', values.output, `${stream}${separator}results`);
  const deadLetter = readName('dead-letter', values['dead-letter'], `${stream}${separator}dead`);
  const teamField = readName('team-field', values['team-field'], 'team_id');
  const batchSize = readCount('batch', values.batch, 500);
  const claimIdleMs = readCount('claim-idle', values['claim-idle'], 30_000);
  const ackWaitMs = readCount('ack-wait', values['ack-wait'], 30_000);
  const pollMs = values.poll === undefined ? undefined : readCount('poll', values.poll, 60_000);
  const maxProjects = readCount('max-projects', values['max-projects'], 10_000);
  const idleMs = readCount('idle', values.idle, 15 * 60_000);
  const metricsPort = values['metrics-port'] === undefined ? null : readCount('metrics-port', values['metrics-port'], 0, 0);
  if (metricsPort !== null && metricsPort > 65535) throw new UsageError(`--metrics-port must be at most 65535, got ${metricsPort}`);
  const url = values.url ?? (engineName === 'redis' ? 'redis://127.0.0.1:6379' : 'nats://127.0.0.1:4222');
  const reloadChannel = values['reload-channel'];
  const reloadUrl = values['reload-url'] ?? (engineName === 'redis' ? url : undefined);
  if (reloadChannel !== undefined && reloadUrl === undefined) throw new UsageError('--reload-channel with --engine nats needs --reload-url redis://… (the channel is Redis pub/sub)');
  if (values['reload-url'] !== undefined && reloadChannel === undefined) throw new UsageError('--reload-url applies only with --reload-channel');
  if (values.field !== undefined && engineName !== 'redis') throw new UsageError('--field applies to --engine redis only (a NATS message is the event itself)');

  const threads = readCount('threads', values.threads, 1);
  if (threads > MAX_THREADS) throw new UsageError(`--threads must be at most ${MAX_THREADS}, got ${threads}`);

  const logFields: LogFields = { engine: engineName, consumer: engineName === 'redis' ? consumer : `pid ${process.pid}` };
  const log = createWorkerLog(logFields);
  const sourceSpec = await readSourceSpec(values);
  const settings: WorkerProjectSettings = { maxProjects, idleMs, pollMs };
  const projects = openWorkerProjects(await openSource(sourceSpec, settings, log), sourceSpec, settings, log);
  const matcher: BatchMatcher =
    threads === 1 ? inProcessBatchMatcher(projects, teamField) : threadedBatchMatcher({ projects, threads, threadData: { source: sourceSpec, settings, teamField, logFields }, log });

  let engine: StreamEngine;
  try {
    if (engineName === 'redis') {
      const { createRedisEngine } = await import('../worker/redis-streams.js');
      engine = createRedisEngine({ url, stream, group, consumer, output, deadLetter, field: values.field ?? 'data', onlyMatches: values['only-matches'] === true, claimIdleMs, log });
    } else {
      const { createNatsEngine } = await import('../worker/nats-jetstream.js');
      engine = createNatsEngine({ url, stream, group, output, deadLetter, onlyMatches: values['only-matches'] === true, ackWaitMs, maxAckPending: Math.max(batchSize * 8, 1000), pullBatch: batchSize, log });
    }
  } catch (error) {
    await matcher.close();
    if (error instanceof MissingDriverError) throw new UsageError(error.message);
    throw error;
  }

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) process.exit(1);
    log.info('stopping: finishing the batch in hand', { signal });
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  let metrics = null;
  if (metricsPort !== null) {
    const { createWorkerMetrics } = await import('../worker/worker-metrics.js');
    try {
      metrics = createWorkerMetrics({ engine: engineName, lag: () => engine.lag(), projects: () => matcher.counts(), connected: () => engine.connected() });
    } catch (error) {
      if (error instanceof MissingDriverError) throw new UsageError(error.message);
      throw error;
    }
    const address = await metrics.listen(metricsPort, values['metrics-host'] ?? '127.0.0.1');
    log.info('metrics listening', { url: `${address}/metrics`, healthz: `${address}/healthz` });
  }
  let closeReloads: (() => Promise<void>) | null = null;
  if (reloadChannel !== undefined && reloadUrl !== undefined) {
    const { subscribeReloads } = await import('../worker/reload-channel.js');
    closeReloads = await subscribeReloads(reloadUrl, [reloadChannel], (team) => void matcher.reload(team).catch((error: unknown) => log.warn('reloading a project failed', { team_id: team, error: error instanceof Error ? error.message : String(error) })), log);
  }

  const { runWorkerLoop } = await import('../worker/run-worker.js');
  const recorder = metrics;
  await runWorkerLoop({ engine, matcher, batchSize, log, signal: stop.signal, ...(recorder === null ? {} : { onBatch: (report) => recorder.record(report) }) });
  await engine.close().catch(() => undefined);
  await closeReloads?.();
  await metrics?.close();
  await matcher.close();
  return 0;
}
