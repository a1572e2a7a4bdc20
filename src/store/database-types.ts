// The public face of the two SQL databases and their options. Kept apart from the modules that
// drive better-sqlite3 and pg, so that the published declarations of `actionmatch/server` never
// name a driver's types: they compile for a user who has installed neither driver's @types
// (nor, for the matcher alone, the drivers).
import type { SqlDatabase } from './sql-database.js';

export interface SqliteDatabaseOptions {
  /** How long a write waits for another process's transaction, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
}

/** A SQLite database file. */
export type SqliteDatabase = SqlDatabase;

export interface PostgresDatabaseOptions {
  /** Connections in the pool at most (default 10); requests beyond wait for a free one. */
  readonly poolSize?: number;
  /** How long connecting, or waiting for a free pooled connection, may take, in ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /** The schema holding actionmatch's tables (default `actionmatch`), created when missing. */
  readonly schema?: string;
  /** Where errors of idle connections go (the pool replaces them); default: one line on stderr. */
  readonly onError?: (error: Error) => void;
}

/** A PostgreSQL database, its tables in `schema`. */
export interface PostgresDatabase extends SqlDatabase {
  /** The schema of the tables. */
  readonly schema: string;
}

export interface PostgresSignalOptions {
  /** First delay before reconnecting a lost LISTEN connection, in ms (default 200); doubles up to 5 s. */
  readonly reconnectDelayMs?: number;
  /** Where a failed reconnect is reported; default: one line on stderr. */
  readonly onError?: (error: unknown) => void;
}
