// The worker's /metrics (Prometheus text format, with prom-client) and /healthz, on a small
// HTTP server of their own. prom-client is an optional dependency, loaded only when the
// metrics port is given. Per-project counts are kept for every project but exported for the
// busiest ones only: a label per project of a large installation would swamp Prometheus.
import { createServer, type Server } from 'node:http';
import type * as Prom from 'prom-client';
import { PROMETHEUS_CLIENT, requireOptional } from '../store/optional-module.js';
import type { BatchReport } from './run-worker.js';

export interface WorkerMetricsOptions {
  readonly engine: string;
  /** Projects exported with their own count (default 20). */
  readonly topProjects?: number;
  /** Messages not yet acknowledged by the group, read at scrape time. */
  readonly lag: () => Promise<number | null>;
  /** Projects held and their actions, read at scrape time. */
  readonly projects: () => { readonly projects: number; readonly actions: number };
  /** Whether the broker connection is up (for /healthz). */
  readonly connected: () => boolean;
}

export interface WorkerMetrics {
  record(report: BatchReport): void;
  /** Serves /metrics and /healthz on `host:port`; resolves with the address. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export function createWorkerMetrics(options: WorkerMetricsOptions): WorkerMetrics {
  const prom = requireOptional<typeof Prom>(PROMETHEUS_CLIENT);
  const registry = new prom.Registry();
  registry.setDefaultLabels({ engine: options.engine });
  prom.collectDefaultMetrics({ register: registry });
  const consumed = new prom.Counter({ name: 'actionmatch_worker_events_consumed_total', help: 'Messages read and answered (results and dead letters).', registers: [registry] });
  const matched = new prom.Counter({ name: 'actionmatch_worker_events_matched_total', help: 'Events that matched at least one action.', registers: [registry] });
  const rejected = new prom.Counter({ name: 'actionmatch_worker_events_rejected_total', help: 'Messages that were not events, sent to the dead letters.', registers: [registry] });
  const skipped = new prom.Counter({ name: 'actionmatch_worker_events_skipped_total', help: 'Messages of a batch another consumer had claimed meanwhile, left to it.', registers: [registry] });
  const batchSeconds = new prom.Histogram({
    name: 'actionmatch_worker_batch_match_seconds',
    help: 'Time to match one batch (parsing, routing, matching), in seconds.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const perProject = new Map<number, number>();
  const topCount = options.topProjects ?? 20;
  new prom.Gauge({
    name: 'actionmatch_worker_project_events',
    help: `Events consumed per project, for the ${topCount} busiest projects since the start.`,
    labelNames: ['team_id'],
    registers: [registry],
    collect() {
      this.reset();
      const top = [...perProject].sort((a, b) => b[1] - a[1]).slice(0, topCount);
      for (const [team, count] of top) this.set({ team_id: String(team) }, count);
    },
  });
  new prom.Gauge({
    name: 'actionmatch_worker_consumer_lag',
    help: 'Messages of the input stream the group has not acknowledged yet (unread plus pending).',
    registers: [registry],
    async collect() {
      const lag = await options.lag().catch(() => null);
      if (lag !== null) this.set(lag);
    },
  });
  new prom.Gauge({
    name: 'actionmatch_worker_projects_loaded',
    help: 'Projects whose actions are held in memory (once per matching thread holding them).',
    registers: [registry],
    collect() {
      this.set(options.projects().projects);
    },
  });
  new prom.Gauge({
    name: 'actionmatch_worker_actions_loaded',
    help: 'Actions held in memory, over every project (and every matching thread).',
    registers: [registry],
    collect() {
      this.set(options.projects().actions);
    },
  });
  let lastBatchAt: number | null = null;
  let server: Server | null = null;

  return {
    record({ outcomes, counts, matchSeconds }) {
      lastBatchAt = Date.now();
      consumed.inc(outcomes.length);
      batchSeconds.observe(matchSeconds);
      if (counts.skipped > 0) skipped.inc(counts.skipped);
      for (const outcome of outcomes) {
        if (outcome.kind === 'dead') {
          rejected.inc();
          continue;
        }
        const team = outcome.result.team_id;
        perProject.set(team, (perProject.get(team) ?? 0) + 1);
        if (outcome.result.action_ids.length > 0) matched.inc();
      }
    },
    listen(port, host) {
      server = createServer((request, response) => {
        const path = (request.url ?? '/').split('?')[0];
        if (path === '/metrics') {
          registry.metrics().then(
            (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
            (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
          );
        } else if (path === '/healthz') {
          const up = options.connected();
          const body = { status: up ? 'ok' : 'broker unreachable', engine: options.engine, connected: up, last_batch_at: lastBatchAt === null ? null : new Date(lastBatchAt).toISOString() };
          response.writeHead(up ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        } else {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the worker serves /metrics and /healthz\n');
        }
      });
      const listening = server;
      return new Promise((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, host, () => {
          const address = listening.address();
          resolve(typeof address === 'object' && address !== null ? `http://${host}:${address.port}` : String(address));
        });
      });
    },
    close() {
      return new Promise((resolve) => (server === null ? resolve() : server.close(() => resolve())));
    },
  };
}
