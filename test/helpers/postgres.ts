// PostgreSQL for tests: statements as the administrator, and uniquely named databases, each
// dropped when the file's tests end.
import { randomBytes } from 'node:crypto';
import * as pg from 'pg';
import { afterAll } from 'vitest';
import { adminUrl } from './postgres-service.js';

/** Runs one statement as the administrator and returns its rows. */
export async function adminQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<R[]> {
  const base = new URL(await adminUrl());
  base.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: base.toString() });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const created: string[] = [];
// A file's databases are dropped on one connection; each drop takes a moment on a busy machine.
afterAll(async () => {
  const names = created.splice(0);
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: await adminUrl() });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}, 120_000);

/** Creates a database with a new name, dropped after the test file; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `actionmatch_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  created.push(name);
  const url = new URL(await adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
