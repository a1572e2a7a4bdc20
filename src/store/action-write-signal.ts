// How a store learns that another process changed the actions (so the live matchers reload),
// without reloading for its own writes or for writes that are not to actions (webhook
// bookkeeping). Each action write records itself inside its transaction; `externalVersion`
// moves when, and only when, another connection's action write has committed. SQLite polls a
// counter row (here); PostgreSQL is told by LISTEN/NOTIFY (postgres-write-signal.ts).
import type { SqlDatabase, SqlSession } from './sql-database.js';

export interface ActionWriteSignal {
  /** Called inside every action write transaction of this store, as its last statement. */
  record(tx: SqlSession, projectId: number): Promise<void>;
  /** A number that changes when another process's action write has committed (ActionStore.externalVersion). */
  externalVersion(): Promise<number>;
  /** Stops listening, where there is something to stop. */
  close(): Promise<void>;
}

const READ = 'SELECT version FROM action_writes WHERE id = 1';
const BUMP = 'UPDATE action_writes SET version = version + 1 WHERE id = 1';

async function readCounter(session: SqlSession): Promise<number> {
  const [row] = await session.all<{ version: number }>(READ);
  return row?.version ?? 0;
}

/**
 * The counter row of the SQLite schema. `lastSeen` is the counter as this store last knew it,
 * so a gap means someone else wrote; this store's transactions take turns (one connection), so
 * its own bumps never look like a gap. A transaction rolled back after its bump costs one
 * needless reload, never a missed one.
 */
export function createCounterSignal(db: SqlDatabase): ActionWriteSignal {
  // Null until the first read, which sets the baseline (the live matchers read it at start).
  let lastSeen: number | null = null;
  let externalChanges = 0;
  const observe = (version: number): void => {
    if (lastSeen !== null && version !== lastSeen) externalChanges += 1;
    lastSeen = version;
  };
  return {
    async record(tx) {
      observe(await readCounter(tx));
      await tx.run(BUMP);
      lastSeen = (lastSeen ?? 0) + 1;
    },
    async externalVersion() {
      observe(await readCounter(db));
      return externalChanges;
    },
    async close() {},
  };
}
