// SqlDatabase over PostgreSQL (node-postgres): a bounded pool of connections, every statement
// prepared once per connection, each transaction on one connection from BEGIN to COMMIT. The
// tables live in their own schema, set as each connection's search_path, so the SQL the stores
// share with SQLite names them without a prefix. Opening connects, migrates, and turns the
// driver's connection failures into sentences naming what failed (postgres-errors.ts).
import type * as pg from 'pg';
import { describeConnectError, readPostgresTarget, redactPostgresUrl } from './postgres-errors.js';
import { createPostgresPool, positiveInteger } from './postgres-pool.js';
import { migratePostgresSchema, quoteIdentifier } from './postgres-schema.js';
import type { PostgresDatabase, PostgresDatabaseOptions } from './database-types.js';
import type { SqlDialect, SqlRow, SqlSession, SqlValue } from './sql-database.js';

export type { PostgresDatabase, PostgresDatabaseOptions } from './database-types.js';

/** The database as the store's write signal sees it; internal, since it names pg's types. */
export interface ListenablePostgresDatabase extends PostgresDatabase {
  /** A connection of its own, outside the pool (for LISTEN), with the same settings; the caller ends it. */
  connect(applicationName: string): Promise<pg.Client>;
}

const postgresDialect: SqlDialect = {
  name: 'postgres',
  lockRow: ' FOR NO KEY UPDATE',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  insertionOrder: 'seq',
  integersOfJson: 'SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(? AS json))',
};

const DEFAULT_SCHEMA = 'actionmatch';

// `?` placeholders become `$1`, `$2`, … outside quoted literals, once per statement text.
const numberedTexts = new Map<string, string>();
function numberPlaceholders(sql: string): string {
  let numbered = numberedTexts.get(sql);
  if (numbered !== undefined) return numbered;
  let count = 0;
  let quoted = false;
  numbered = '';
  for (const char of sql) {
    if (char === "'") quoted = !quoted;
    numbered += char === '?' && !quoted ? `$${++count}` : char;
  }
  numberedTexts.set(sql, numbered);
  return numbered;
}

// A statement with parameters is prepared under a name, once per connection; one without runs
// as a simple query (which may hold several statements, as migrations do).
const statementNames = new Map<string, string>();
function queryFor(sql: string, params: readonly SqlValue[]): pg.QueryConfig {
  const text = numberPlaceholders(sql);
  if (params.length === 0) return { text };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `actionmatch_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return { text, values: [...params], name };
}

function sessionOn(connection: pg.Pool | pg.PoolClient): SqlSession {
  return {
    async all<R extends object>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
      return (await connection.query(queryFor(sql, params))).rows as R[];
    },
    async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
      return (await connection.query(queryFor(sql, params))).rowCount ?? 0;
    },
  };
}

/**
 * Connects to the PostgreSQL database at `url` (postgres://user:password@host:port/database),
 * creates or migrates actionmatch's schema, and returns the database. Rejects with a message
 * naming what failed: an unreachable server, a refused user, a missing database, a newer schema.
 */
export async function openPostgresDatabase(url: string, options: PostgresDatabaseOptions = {}): Promise<ListenablePostgresDatabase> {
  const target = readPostgresTarget(url);
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const connectTimeoutMs = positiveInteger('openPostgresDatabase', 'connectTimeoutMs', options.connectTimeoutMs ?? 10_000);
  const setSearchPath = async (client: pg.ClientBase): Promise<void> => {
    await client.query(`SET search_path TO ${quoteIdentifier(schema)}`);
  };
  const { pool, settings, driver } = createPostgresPool(url, {
    max: positiveInteger('openPostgresDatabase', 'poolSize', options.poolSize ?? 10),
    connectTimeoutMs,
    applicationName: 'actionmatch',
    setUp: setSearchPath,
    onError: options.onError ?? ((error: Error) => process.stderr.write(`actionmatch: PostgreSQL connection lost (it is replaced): ${error.message}\n`)),
  });
  const pooled = sessionOn(pool);
  let closed: Promise<void> | null = null;

  const database: ListenablePostgresDatabase = {
    dialect: postgresDialect,
    location: redactPostgresUrl(url),
    schema,
    all: pooled.all,
    run: pooled.run,
    async transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(sessionOn(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        // A connection whose rollback failed is in no known state: it is closed, not reused.
        client.release(broken);
      }
    },
    async connect(applicationName: string): Promise<pg.Client> {
      const client = new driver.Client({ ...settings, application_name: applicationName });
      await client.connect();
      await setSearchPath(client);
      return client;
    },
    close: () => (closed ??= pool.end()),
  };

  try {
    await database.transaction((tx) => migratePostgresSchema(tx, schema));
  } catch (error) {
    await database.close();
    throw new Error(describeConnectError(error, target, connectTimeoutMs), { cause: error });
  }
  return database;
}
