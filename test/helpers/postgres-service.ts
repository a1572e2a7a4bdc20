// The local PostgreSQL server of the tests (127.0.0.1:5432, trust auth) and its administrative
// URL (user postgres, else root). Free of vitest, so that vitest.config.ts can probe it.
import * as pg from 'pg';
import type { Service } from './service-rule.js';

export const POSTGRES_ADDRESS = '127.0.0.1:5432';
const USERS = ['postgres', 'root'];

/** A URL of the local server as `user`, on `database`. */
export function postgresUrl(database: string, user = 'postgres'): string {
  return `postgres://${encodeURIComponent(user)}@${POSTGRES_ADDRESS}/${encodeURIComponent(database)}`;
}

let admin: Promise<string> | null = null;

/** The first user the local server lets in, as a URL of its `postgres` database. */
export function adminUrl(): Promise<string> {
  admin ??= (async () => {
    const failures: string[] = [];
    for (const user of USERS) {
      const url = postgresUrl('postgres', user);
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        return url;
      } catch (error) {
        failures.push(`${user}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new Error(failures.join('; '));
  })();
  return admin;
}

export const postgresService: Service = { name: 'PostgreSQL', address: POSTGRES_ADDRESS, probe: async () => void (await adminUrl()) };

