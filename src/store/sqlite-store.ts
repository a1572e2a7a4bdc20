// The ActionStore over one SQLite file: the SQL store (sql-action-store.ts) on a SQLite database,
// with the counter row telling it of other processes' writes.
import { createCounterSignal } from './action-write-signal.js';
import { createSqlActionStore, type SqlActionStore } from './sql-action-store.js';
import type { SqliteDatabase, SqliteDatabaseOptions } from './database-types.js';
import { openSqliteDatabase } from './sqlite-database.js';

/** The SQLite store and its database. */
export interface SqliteActionStore extends SqlActionStore {
  readonly database: SqliteDatabase;
}

export type SqliteStoreOptions = SqliteDatabaseOptions;

/**
 * Opens (creating it if needed) the SQLite database `file` and returns an ActionStore over it.
 * Throws when the file cannot be opened or has a newer schema.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteActionStore {
  const database = openSqliteDatabase(file, options);
  return { ...createSqlActionStore(database, createCounterSignal(database)), database };
}
