// Starting on PostgreSQL: errors that name what failed (a server that does not answer, a user
// that is refused, a database that does not exist), never the password; and a bounded pool.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start-server.js';
import { adminQuery, createTestDatabase } from '../helpers/postgres.js';
import { adminUrl } from '../helpers/postgres-service.js';
import { createTempDir, request, writeKeys } from '../server/server-fixture.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function urlWith(change: (url: URL) => void): Promise<string> {
  const url = new URL(await adminUrl());
  change(url);
  return url.toString();
}

const start = (database: string) => startServer({ database, keysFile: writeKeys(createTempDir()), port: 0 });

describe('startup errors', () => {
  it('names an unreachable server, and shows no password', async () => {
    const port = await closedPort();
    const url = `postgres://someone:s3cret@127.0.0.1:${port}/actions`;
    const failure = await start(url).then(() => null, (error: unknown) => (error as Error).message);
    expect(failure).toBe(`cannot open database postgres://someone:***@127.0.0.1:${port}/actions: the PostgreSQL server at 127.0.0.1:${port} is unreachable (connection refused: is it running, on that port?)`);
  });

  it('names the user the server refuses', async () => {
    const url = await urlWith((target) => {
      target.username = 'actionmatch_no_such_user';
    });
    await expect(start(url)).rejects.toThrow(`: authentication failed for user "actionmatch_no_such_user" at 127.0.0.1:5432: role "actionmatch_no_such_user" does not exist`);
  });

  it('names the database that does not exist', async () => {
    const url = await urlWith((target) => {
      target.pathname = '/actionmatch_no_such_database';
    });
    await expect(start(url)).rejects.toThrow(`: the database "actionmatch_no_such_database" does not exist on 127.0.0.1:5432 (create it first: createdb "actionmatch_no_such_database")`);
  });

  it('serve --db exits 2 with the same sentence', async () => {
    const port = await closedPort();
    const cliMain = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const dir = createTempDir();
    const result = spawnSync(process.execPath, ['--import', 'tsx', cliMain, 'serve', '--keys', writeKeys(dir), '--port', '0', '--db', `postgresql://u@127.0.0.1:${port}/db`], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`actionmatch: cannot open database postgresql://u@127.0.0.1:${port}/db: the PostgreSQL server at 127.0.0.1:${port} is unreachable (connection refused: is it running, on that port?)\n`);
  });
});

describe('the pool', () => {
  it('holds at most poolSize connections however many requests are in flight', async () => {
    const url = await createTestDatabase();
    const database = new URL(url).pathname.slice(1);
    const running = await startServer({ database: url, keysFile: writeKeys(createTempDir()), port: 0, poolSize: 2 });
    try {
      const created = await Promise.all(Array.from({ length: 20 }, (_, index) => request(running.url, 'POST', '/api/projects/1/actions/', { body: { name: `Pooled ${index}` } })));
      expect(created.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 201));
      const answers = await Promise.all(Array.from({ length: 20 }, () => request(running.url, 'GET', '/api/projects/1/actions/?limit=1')));
      expect(answers.every((response) => response.status === 200)).toBe(true);
      const connections = await adminQuery<{ application_name: string; n: number }>(
        'SELECT application_name, count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 GROUP BY application_name ORDER BY application_name', [database]);
      // The pool, and the one connection that listens for other servers' writes.
      expect(connections.find((row) => row.application_name === 'actionmatch')?.n).toBeLessThanOrEqual(2);
      expect(connections.find((row) => row.application_name === 'actionmatch listener')?.n).toBe(1);
    } finally {
      await running.close();
    }
  });
});
