// The pool settings every PostgreSQL connection of actionmatch shares: the driver loaded as an
// optional dependency, int8 read as a number (ids and counts; every id the API accepts has at
// most 15 digits), a connect timeout, an application name that shows in pg_stat_activity, and
// a statement run on each new connection (the search_path, or read-only mode).
import type * as pg from 'pg';
import { POSTGRES_DRIVER, requireOptional } from './optional-module.js';

const INT8 = 20;

export interface PoolSettings {
  readonly max: number;
  readonly connectTimeoutMs: number;
  readonly applicationName: string;
  /** Run on each new connection before it is used. */
  readonly setUp: (client: pg.ClientBase) => Promise<void>;
  /** Where errors of idle connections go (the pool replaces them). */
  readonly onError: (error: Error) => void;
}

export interface PostgresConnections {
  readonly pool: pg.Pool;
  /** The client settings of the pool, for a connection of its own (LISTEN). */
  readonly settings: pg.ClientConfig;
  readonly driver: typeof pg;
}

/** A pool on `url` (nothing is connected until the first query). */
export function createPostgresPool(url: string, options: PoolSettings): PostgresConnections {
  const driver = requireOptional<typeof pg>(POSTGRES_DRIVER);
  const types: pg.CustomTypesConfig = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8 ? (value: string) => Number(value) : driver.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
  const settings: pg.ClientConfig = { connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs, types };
  const pool = new driver.Pool({ ...settings, application_name: options.applicationName, max: options.max, idleTimeoutMillis: 30_000, onConnect: options.setUp });
  pool.on('error', options.onError);
  return { pool, settings, driver };
}

export function positiveInteger(where: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${where}: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}
