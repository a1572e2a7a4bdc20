// Which database the store, server and notification suites run against: SQLite by default, and
// PostgreSQL in the `postgres` test project (vitest.config.ts sets ACTIONMATCH_TEST_STORE), so
// that one suite proves both stores keep the same contract.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openActionStore } from '../../src/store/postgres-store.js';
import type { SqlActionStore } from '../../src/store/sql-action-store.js';
import { createTestDatabase } from './postgres.js';

export type TestStoreKind = 'sqlite' | 'postgres';

export const testStore: TestStoreKind = process.env['ACTIONMATCH_TEST_STORE'] === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A new, empty database for a test: a file `name` in `dir` on SQLite, a new database (dropped
 * after the file's tests) on PostgreSQL. Returns what `--db` and `openActionStore` take.
 */
export async function newDatabase(dir: string, name = 'actions.db'): Promise<string> {
  return testStore === 'postgres' ? createTestDatabase() : join(dir, name);
}

/** Opens the store at `location` (a second opening of one database acts as another process). */
export async function openStoreAt(location: string): Promise<SqlActionStore> {
  return openActionStore(location, { reconnectDelayMs: 50 });
}

/** A store on a new database of the kind under test; `location` opens it again. */
export async function openTestStore(): Promise<{ store: SqlActionStore; location: string }> {
  const location = await newDatabase(mkdtempSync(join(tmpdir(), 'actionmatch-store-')));
  return { store: await openStoreAt(location), location };
}
