// An ActionSource over PostHog's own PostgreSQL database, read only: every connection is set to
// read-only transactions, nothing is created or written. Changes are followed by polling
// updated_at (follow-table.ts), and at once on a NOTIFY where the operator has installed a
// trigger on posthog_action (docs/postgres.md shows one).
import type * as pg from 'pg';
import { loadActions } from '../action/load-actions.js';
import { describeConnectError, readPostgresTarget, redactPostgresUrl } from '../store/postgres-errors.js';
import { createPostgresPool, positiveInteger } from '../store/postgres-pool.js';
import { quoteIdentifier } from '../store/postgres-schema.js';
import type { ActionSource, SourceWatcher } from './action-source.js';
import { followTable } from './follow-table.js';
import { openPosthogActionsTable, type ReadQuery } from './posthog-actions-table.js';

export interface PosthogSourceOptions {
  /** Connections at most (default 2: a poll is one query at a time). */
  readonly poolSize?: number;
  /** How long connecting may take, in ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /** How far before the last updated_at seen each poll reads again, in ms (default 10000). */
  readonly overlapMs?: number;
  /** How often watchers read the whole set again, to see changes made without updated_at (default 10 minutes). */
  readonly fullReloadMs?: number;
  /** A channel a trigger NOTIFYs on when posthog_action changes: watchers then look at once. */
  readonly channel?: string;
  /** Where errors of idle or listening connections go; default: one line on stderr. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Connects to PostHog's database at `url` and checks the layout of its posthog_action table.
 * Rejects with a sentence naming what failed (server, user, database, a table it cannot read).
 */
export async function openPosthogSource(url: string, options: PosthogSourceOptions = {}): Promise<ActionSource> {
  const connectTimeoutMs = positiveInteger('openPosthogSource', 'connectTimeoutMs', options.connectTimeoutMs ?? 10_000);
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`actionmatch: reading PostHog's actions: ${error instanceof Error ? error.message : String(error)}\n`));
  const readOnly = async (client: pg.ClientBase): Promise<void> => {
    await client.query('SET default_transaction_read_only = on');
  };
  const { pool, settings, driver } = createPostgresPool(url, {
    max: positiveInteger('openPosthogSource', 'poolSize', options.poolSize ?? 2),
    connectTimeoutMs,
    applicationName: 'actionmatch source',
    setUp: readOnly,
    onError: report,
  });
  const query: ReadQuery = async <R extends object>(sql: string, params: readonly unknown[] = []) => (await pool.query(sql, [...params])).rows as R[];
  let table;
  try {
    table = await openPosthogActionsTable(query);
  } catch (error) {
    await pool.end();
    throw new Error(`cannot read actions from ${redactPostgresUrl(url)}: ${describeConnectError(error, readPostgresTarget(url), connectTimeoutMs)}`, { cause: error });
  }
  const watchers = new Set<SourceWatcher>();
  const channel = options.channel;

  /** LISTEN on a connection of its own; reconnects after a second, and looks then (a notification may have been missed). */
  async function listen(notify: () => void): Promise<() => Promise<void>> {
    let client: pg.Client | null = null;
    let closed = false;
    const connect = async (): Promise<void> => {
      const next = new driver.Client({ ...settings, application_name: 'actionmatch source listener' });
      next.on('notification', () => notify());
      next.on('error', (error: Error) => {
        report(error);
        if (client === next) client = null;
        if (!closed) setTimeout(() => void connect().then(notify, report), 1000).unref();
      });
      await next.connect();
      await next.query(`LISTEN ${quoteIdentifier(channel as string)}`);
      if (closed) await next.end();
      else client = next;
    };
    await connect();
    return async () => {
      closed = true;
      await client?.end();
    };
  }

  return {
    description: `${redactPostgresUrl(url)} posthog_action`,
    async load(projectId) {
      if (projectId !== undefined && !Number.isSafeInteger(projectId)) throw new TypeError(`projectId must be an integer (a team id), got ${String(projectId)}`);
      const loaded = loadActions((await table.live(projectId)).map((row) => row.action));
      return { actions: loaded.actions, problems: loaded.problems };
    },
    watch(watchOptions = {}) {
      const watcher = followTable(table, watchOptions, {
        overlapMs: options.overlapMs ?? 10_000,
        fullReloadMs: options.fullReloadMs ?? 10 * 60_000,
        ...(channel === undefined ? {} : { listen }),
      });
      watchers.add(watcher);
      return watcher;
    },
    async close() {
      for (const watcher of watchers) watcher.stop();
      watchers.clear();
      await pool.end();
    },
  };
}
