// Concurrency and durability: parallel creates with one name, two server processes on one
// database, restart persistence, a server killed with SIGKILL right after acknowledging writes,
// and a graceful SIGTERM.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { newDatabase, openStoreAt } from '../helpers/test-store.js';
import { asAction, asPage, createOk, createTempDir, request, startChildServer, startTestServer, writeKeys, type ApiResponse } from './server-fixture.js';

const uniqueDetail = /^This project already has an action with this name, ID (\d+)$/;

function expectOneWinner(responses: readonly ApiResponse[]): number {
  const created = responses.filter((response) => response.status === 201);
  expect(created).toHaveLength(1);
  const winner = asAction(created[0] as ApiResponse).id;
  for (const response of responses.filter((candidate) => candidate.status !== 201)) {
    expect(response.status).toBe(400);
    const body = response.json as { code: string; detail: string };
    expect(body.code).toBe('unique');
    expect(uniqueDetail.exec(body.detail)?.[1]).toBe(String(winner));
  }
  return winner;
}

describe('concurrency', () => {
  it('20 parallel creates with the same name: exactly one wins', async () => {
    const server = await startTestServer();
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'Race', description: String(index) } })));
      const winner = expectOneWinner(responses);
      const page = asPage(await request(server.url, 'GET', '/api/projects/1/actions/?search=Race'));
      expect(page.results.map((action) => action.id)).toEqual([winner]);
    } finally {
      await server.close();
    }
  });

  it('two server processes on one database: one winner across both, and each sees the other', async () => {
    const dir = createTempDir();
    const args = ['--keys', writeKeys(dir), '--db', await newDatabase(dir, 'shared.db')];
    const first = await startChildServer(args);
    const second = await startChildServer(args);
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => request(index % 2 === 0 ? first.url : second.url, 'POST', '/api/projects/1/actions/', { body: { name: 'Shared race', steps: [{ event: 'shared' }] } })));
      const winner = expectOneWinner(responses);
      for (const url of [first.url, second.url]) {
        expect(asAction(await request(url, 'GET', `/api/projects/1/actions/${winner}/`)).name).toBe('Shared race');
        // The live matcher of the process that did not write learns of it by NOTIFY on PostgreSQL.
        const matches = async (): Promise<boolean> => JSON.stringify((await request(url, 'POST', '/api/projects/1/actions/match/', { body: { event: 'shared' } })).json) === JSON.stringify({ results: [{ uuid: null, action_ids: [winner] }] });
        await eventually(matches, `the match at ${url}`);
      }
      // Many writes from both at once: every one is acknowledged and stored, ids distinct.
      const writes = await Promise.all(Array.from({ length: 30 }, (_, index) => createOk(index % 2 === 0 ? first.url : second.url, { name: `Both ${index}` })));
      expect(new Set(writes.map((action) => action.id)).size).toBe(30);
      expect(asPage(await request(first.url, 'GET', '/api/projects/1/actions/?search=Both')).count).toBe(30);
    } finally {
      first.child.kill('SIGTERM');
      second.child.kill('SIGTERM');
      await Promise.all([first.exited, second.exited]);
    }
  });
});

describe('durability', () => {
  it('keeps every action across a close and reopen', async () => {
    const server = await startTestServer({ projects: [1, 5] });
    const created = await createOk(server.url, { name: 'Persisted', steps: [{ event: 'p', url: 'x', url_matching: 'regex' }] });
    const patched = asAction(await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body: { description: 'changed' } }));
    await server.close();
    const reopened = await startTestServer({ dir: server.dir, dbFile: server.dbFile });
    try {
      expect(reopened.projects).toEqual([1, 5]);
      expect((await request(reopened.url, 'GET', `/api/projects/1/actions/${created.id}/`)).json).toEqual(patched);
      expect((await request(reopened.url, 'POST', '/api/projects/1/actions/match/', { body: { event: 'p', properties: { $current_url: 'x' } } })).json).toEqual({ results: [{ uuid: null, action_ids: [created.id] }] });
      // The id sequence continues; ids are never reused.
      expect((await createOk(reopened.url, { name: 'Next' })).id).toBeGreaterThan(created.id);
    } finally {
      await reopened.close();
    }
  });

  it('a server killed with SIGKILL right after acknowledging writes loses none of them', async () => {
    const dir = createTempDir();
    const dbFile = await newDatabase(dir, 'killed.db');
    const child = await startChildServer(['--keys', writeKeys(dir), '--db', dbFile]);
    const acknowledged = await Promise.all(Array.from({ length: 25 }, (_, index) => createOk(child.url, { name: `Acked ${index}`, steps: [{ event: `e${index}` }] })));
    const last = asAction(await request(child.url, 'PATCH', `/api/projects/1/actions/${acknowledged[0]?.id}/`, { body: { deleted: true } }));
    child.child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const store = await openStoreAt(dbFile);
    try {
      const stored = await store.listAll(1);
      // Parallel creates may commit in any order (PostgreSQL runs them at once): compare by id.
      expect(stored).toEqual([last, ...acknowledged.slice(1)].sort((x, y) => x.id - y.id));
    } finally {
      await store.close();
    }
  });

  it('SIGTERM stops the server gracefully with status 0', async () => {
    const dir = createTempDir();
    const child = await startChildServer(['--keys', writeKeys(dir), '--db', await newDatabase(dir, 'term.db')]);
    await createOk(child.url, { name: 'Before stop' });
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
  });
});

describe('actionmatch serve command line', () => {
  const cliMain = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cliMain, 'serve', ...args], { encoding: 'utf8' });

  it('prints its help', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: actionmatch serve --keys FILE/);
  });

  it.each([
    [[], 'actionmatch: serve needs --keys FILE'],
    [['--keys', 'k.json', '--port', '99999'], 'actionmatch: --port must be an integer from 0 to 65535, got "99999"'],
    [['--keys', 'k.json', '--project', '0'], 'actionmatch: --project must be a positive integer, got "0"'],
    [['--keys', 'k.json', '--site-url', 'nope'], 'actionmatch: --site-url must be an absolute URL, got "nope"'],
    [['--keys', '/nonexistent/keys.json'], 'actionmatch: cannot read keys file /nonexistent/keys.json: ENOENT'],
    [['--bogus'], "actionmatch: Unknown option '--bogus'"],
  ])('%j exits 2 with a clear message', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
