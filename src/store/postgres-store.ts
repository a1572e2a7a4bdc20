// The ActionStore over PostgreSQL: the SQL store (sql-action-store.ts) on a pooled database, told
// of other processes' writes by LISTEN/NOTIFY; and the one opener the server uses, which picks
// SQLite for a file path and PostgreSQL for a postgres:// URL.
import { createSqlActionStore, type SqlActionStore } from './sql-action-store.js';
import type { PostgresDatabase, PostgresDatabaseOptions, PostgresSignalOptions } from './database-types.js';
import { openPostgresDatabase } from './postgres-database.js';
import { isPostgresUrl } from './postgres-errors.js';
import { startPostgresWriteSignal } from './postgres-write-signal.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

export interface PostgresActionStore extends SqlActionStore {
  readonly database: PostgresDatabase;
}

export type PostgresStoreOptions = PostgresDatabaseOptions & PostgresSignalOptions;

/** Connects to `url`, migrates actionmatch's schema and starts listening for other processes' writes. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresActionStore> {
  const database = await openPostgresDatabase(url, options);
  try {
    const signal = await startPostgresWriteSignal(database, options);
    return { ...createSqlActionStore(database, signal), database };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export type ActionStoreOptions = SqliteStoreOptions & PostgresStoreOptions;

/** Opens the store at `location`: a postgres:// (or postgresql://) URL, else a SQLite file path. */
export function openActionStore(location: string, options: ActionStoreOptions = {}): Promise<SqlActionStore> {
  if (isPostgresUrl(location)) return openPostgresStore(location, options);
  return Promise.resolve().then(() => openSqliteStore(location, options));
}
