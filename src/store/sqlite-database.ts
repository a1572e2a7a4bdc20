// SqlDatabase over one SQLite file (better-sqlite3). Durability and concurrency choices:
// - WAL journal: readers never block the writer, and several processes may share the file.
// - synchronous=FULL: each commit is fsynced before it returns, so a write the server has
//   acknowledged survives the process being killed and, beyond that, a power loss.
// - Every transaction is BEGIN IMMEDIATE: the write lock is taken before anything is read, so a
//   check such as "no live action has this name" and the insert that relies on it cannot be
//   interleaved with another process's write. A writer that finds the lock taken waits for it
//   without blocking the event loop (SQLite's own busy_timeout would): it retries on a timer,
//   so a transaction of another connection in this process can finish meanwhile.
// - One connection, so statements take turns: while a transaction is open (its work is async),
//   every other statement of this process waits for it, rather than reading its uncommitted rows
//   or joining it. better-sqlite3 runs each statement synchronously, so a turn is short.
import type Database from 'better-sqlite3';
import { requireOptional, SQLITE_DRIVER } from './optional-module.js';
import type { SqliteDatabase, SqliteDatabaseOptions } from './database-types.js';
import type { SqlDialect, SqlRow, SqlSession, SqlValue } from './sql-database.js';
import { migrateSchema } from './sqlite-schema.js';

export type { SqliteDatabase, SqliteDatabaseOptions } from './database-types.js';

const sqliteDialect: SqlDialect = { name: 'sqlite', lockRow: '', skipLocked: '', insertionOrder: 'rowid', integersOfJson: 'SELECT value FROM json_each(?)' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isBusy(error: unknown): boolean {
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

// better-sqlite3 binds numbers, strings and null; booleans are stored as 1 and 0.
function bind(params: readonly SqlValue[]): Array<string | number | null> {
  return params.map((value) => (value === true ? 1 : value === false ? 0 : value));
}

/** Opens (creating it if needed) the SQLite database `file`, migrated to the current schema. */
export function openSqliteDatabase(file: string, options: SqliteDatabaseOptions = {}): SqliteDatabase {
  const Driver = requireOptional<typeof Database>(SQLITE_DRIVER);
  const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
  const db = new Driver(file);
  try {
    // Opening waits in SQLite's own way (a migration is synchronous); afterwards, whenFree does.
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The fold search compares with (see the third migration): JavaScript's, in every database.
    db.function('fold_case', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
    migrateSchema(db);
    db.pragma('busy_timeout = 0');
  } catch (error) {
    db.close();
    throw error;
  }

  /** Runs `attempt`, again after a pause while another connection holds the write lock. */
  async function whenFree<T>(attempt: () => T): Promise<T> {
    const deadline = Date.now() + busyTimeoutMs;
    let pause = 1;
    for (;;) {
      try {
        return attempt();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await sleep(pause);
        pause = Math.min(pause * 2, 20);
      }
    }
  }

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const allRows = <R extends object>(sql: string, params: readonly SqlValue[] = []): R[] => {
    const statement = prepare(sql);
    if (statement.reader) return statement.all(...bind(params)) as R[];
    statement.run(...bind(params));
    return [];
  };
  const changes = (sql: string, params: readonly SqlValue[] = []): number => prepare(sql).run(...bind(params)).changes;
  // Inside a transaction the lock is held: statements run as they are.
  const session: SqlSession = {
    all: async (sql, params) => allRows(sql, params),
    run: async (sql, params) => changes(sql, params),
  };

  // The turns: `tail` settles when the last queued transaction has; `open` counts the queued ones.
  let tail: Promise<unknown> = Promise.resolve();
  let open = 0;
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    // With nothing queued, a statement runs at once: better-sqlite3 completes it synchronously.
    if (open === 0) return work();
    const turn = tail.then(work);
    tail = turn.catch(() => undefined);
    return turn;
  }

  return {
    dialect: sqliteDialect,
    location: file,
    all: (sql, params) => inTurn(() => whenFree(() => allRows(sql, params))),
    run: (sql, params) => inTurn(() => whenFree(() => changes(sql, params))),
    transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
      open += 1;
      const turn = tail.then(async () => {
        try {
          await whenFree(() => db.exec('BEGIN IMMEDIATE'));
          const result = await work(session);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        } finally {
          open -= 1;
        }
      });
      tail = turn.catch(() => undefined);
      return turn;
    },
    async close(): Promise<void> {
      await tail;
      if (db.open) db.close();
    },
  };
}
