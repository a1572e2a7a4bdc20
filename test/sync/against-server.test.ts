// The sync client against the real Actions API server (in process, loopback, real database
// file): pagination with a small page size, soft-deleted actions left out, a key without
// action:read refused, and a watcher picking up a PATCH made through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/sync/sync-error.js';
import { syncActions } from '../../src/sync/sync-actions.js';
import { watchActions, type ActionWatcher } from '../../src/sync/watch-actions.js';
import { createOk, request, startTestServer, type ActionJson, type TestServer } from '../server/server-fixture.js';
import { eventually } from '../server/notify-fixture.js';

let server: TestServer;
let live: ActionJson[];
let deleted: ActionJson;
beforeAll(async () => {
  server = await startTestServer({ projects: [1, 2] });
  live = [];
  for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon']) live.push(await createOk(server.url, { name, steps: [{ event: name.toLowerCase() }] }));
  deleted = await createOk(server.url, { name: 'Deleted', steps: [{ event: 'deleted' }] });
  const response = await request(server.url, 'PATCH', `/api/projects/1/actions/${deleted.id}/`, { body: { deleted: true } });
  expect(response.status).toBe(200);
});
afterAll(async () => {
  await server.close();
});

const ids = (actions: ReadonlyArray<{ id: number }>): number[] => actions.map((action) => action.id).sort((a, b) => a - b);

describe('syncActions against actionmatch serve', () => {
  it('follows next links page by page and leaves soft-deleted actions out', async () => {
    const result = await syncActions({ host: server.url, projectId: 1, apiKey: 'phx_read', pageSize: 2 });
    expect(result.pages).toBe(3);
    expect(ids(result.actions)).toEqual(ids(live));
    expect(result.actions.some((action) => action.id === deleted.id)).toBe(false);
    expect(result.problems).toEqual([]);
    expect(result.actions.find((action) => action.id === live[0]?.id)).toEqual(live[0]);
  });

  it('reads the whole list in one page by default, and an empty project', async () => {
    const result = await syncActions({ host: `${server.url}/`, projectId: '1', apiKey: 'phx_write' });
    expect(result.pages).toBe(1);
    expect(ids(result.actions)).toEqual(ids(live));
    expect(await syncActions({ host: server.url, projectId: 2, apiKey: 'phx_read' })).toMatchObject({ actions: [], pages: 1 });
  });

  it("reads projectId '@current' as the server's first project, as PostHog reads it as the key's", async () => {
    const result = await syncActions({ host: server.url, projectId: '@current', apiKey: 'phx_read', pageSize: 2 });
    expect(ids(result.actions)).toEqual(ids(live));
    expect(result.url).toContain('/api/projects/@current/actions/');
  });

  it('surfaces 403 for a key without action:read and 401 for an unknown key, with the server detail', async () => {
    const forbidden = await syncActions({ host: server.url, projectId: 1, apiKey: 'phx_other', retry: { retries: 0 } }).catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(SyncError);
    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403, detail: "API key missing required scope 'action:read'" });
    const unknown = await syncActions({ host: server.url, projectId: 1, apiKey: 'phx_nope', retry: { retries: 0 } }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: 'unauthorized', status: 401 });
    const missing = await syncActions({ host: server.url, projectId: 404, apiKey: 'phx_read', retry: { retries: 0 } }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'http_error', status: 404 });
  });
});

describe('watchActions against actionmatch serve', () => {
  let watcher: ActionWatcher | null = null;
  afterAll(() => watcher?.stop());

  it('picks up a PATCH on its next refresh', async () => {
    const target = live[1] as ActionJson;
    watcher = watchActions({ host: server.url, projectId: 1, apiKey: 'phx_read', pageSize: 2, intervalMs: 50, jitter: 0 });
    await watcher.ready;
    expect(watcher.match({ event: 'beta', properties: {} })).toEqual([target.id]);
    expect(watcher.match({ event: 'renamed', properties: {} })).toEqual([]);

    const patched = await request(server.url, 'PATCH', `/api/projects/1/actions/${target.id}/`, { body: { steps: [{ event: 'renamed' }] } });
    expect(patched.status).toBe(200);
    const current = watcher;
    await eventually(() => current.match({ event: 'renamed', properties: {} }).length === 1, 'the watcher to pick up the PATCH');
    expect(current.match({ event: 'renamed', properties: {} })).toEqual([target.id]);
    expect(current.match({ event: 'beta', properties: {} })).toEqual([]);

    // A soft delete through the API drops the action from the watched set.
    await request(server.url, 'PATCH', `/api/projects/1/actions/${target.id}/`, { body: { deleted: true } });
    await eventually(() => current.match({ event: 'renamed', properties: {} }).length === 0, 'the watcher to drop the deleted action');
    expect(current.lastError).toBeNull();
  });
});
