// ActionWriteSignal over PostgreSQL: every action write takes a value of the `action_writes`
// sequence and announces it with NOTIFY (delivered when it commits); each store LISTENs on a
// connection of its own and counts the announcements of other stores. NOTIFY is lost while that
// connection is down, so after reconnecting the store compares the sequence with the last value
// it heard of: a difference means writes it missed, and the matchers reload once.
import { randomUUID } from 'node:crypto';
import type * as pg from 'pg';
import type { ActionWriteSignal } from './action-write-signal.js';
import type { PostgresSignalOptions } from './database-types.js';
import type { ListenablePostgresDatabase } from './postgres-database.js';
import { quoteIdentifier } from './postgres-schema.js';

export type { PostgresSignalOptions } from './database-types.js';

export interface PostgresWriteSignal extends ActionWriteSignal {
  /** Whether the LISTEN connection is up (false while reconnecting). */
  readonly listening: boolean;
}

// The sequence as a counter: 0 until its first value is taken (last_value alone reads 1 then).
const READ_SEQUENCE = 'SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS version FROM action_writes';
const MAX_RECONNECT_DELAY_MS = 5000;

/** Starts listening for `db`'s action writes. Resolves once LISTEN is in place. */
export async function startPostgresWriteSignal(db: ListenablePostgresDatabase, options: PostgresSignalOptions = {}): Promise<PostgresWriteSignal> {
  const channel = `${db.schema}.action_writes`;
  const token = randomUUID();
  const firstDelay = options.reconnectDelayMs ?? 200;
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`actionmatch: reconnecting to listen for action writes: ${error instanceof Error ? error.message : String(error)}\n`));
  let client: pg.Client | null = null;
  // The highest sequence value announced; -1 until the first connection sets the baseline.
  let heard = -1;
  let externalChanges = 0;
  let closed = false;
  let delay = firstDelay;
  let timer: NodeJS.Timeout | null = null;

  const onNotification = (message: pg.Notification): void => {
    if (message.channel !== channel) return;
    const [writer, version] = (message.payload ?? '').split(' ');
    if (writer !== token) externalChanges += 1;
    heard = Math.max(heard, Number(version) || 0);
  };

  async function listen(): Promise<void> {
    const connection = await db.connect('actionmatch listener');
    connection.on('notification', onNotification);
    connection.on('error', () => lost(connection));
    connection.on('end', () => lost(connection));
    try {
      await connection.query(`LISTEN ${quoteIdentifier(channel)}`);
      const [row] = (await connection.query<{ version: number }>(READ_SEQUENCE)).rows;
      // Read after LISTEN: a write after this read is announced to us.
      const version = row?.version ?? 0;
      if (heard !== -1 && version !== heard) externalChanges += 1;
      heard = Math.max(heard, version);
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await connection.end();
      return;
    }
    client = connection;
    delay = firstDelay;
  }

  function lost(connection: pg.Client): void {
    if (client !== connection) return;
    client = null;
    connection.removeAllListeners('notification');
    reconnectLater();
  }

  function reconnectLater(): void {
    if (closed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      listen().catch((error: unknown) => {
        report(error);
        delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
        reconnectLater();
      });
    }, delay);
    timer.unref();
  }

  await listen();

  return {
    async record(tx, projectId) {
      await tx.run(`SELECT pg_notify(?, CAST(? AS text) || ' ' || nextval('action_writes') || ' ' || CAST(? AS text))`, [channel, token, projectId]);
    },
    async externalVersion() {
      return externalChanges;
    },
    get listening() {
      return client !== null;
    },
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const connection = client;
      client = null;
      await connection?.end();
    },
  };
}
