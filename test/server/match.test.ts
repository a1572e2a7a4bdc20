// POST /actions/match: answers from a live matcher that every write updates, including writes
// committed by another process sharing the database file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { newDatabase, openStoreAt } from '../helpers/test-store.js';
import { MAX_MATCH_EVENTS } from '../../src/server/action-endpoints.js';
import { createOk, request, startTestServer, type TestServer } from './server-fixture.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ projects: [1, 2] });
});
afterAll(async () => {
  await server.close();
});

const pageview = (url: string, uuid = 'e1'): Record<string, unknown> => ({ uuid, event: '$pageview', properties: { $current_url: url } });
const match = async (body: unknown, project = 1): Promise<unknown> => {
  const response = await request(server.url, 'POST', `/api/projects/${project}/actions/match/`, { key: 'phx_read', body });
  expect(response.status).toBe(200);
  return response.json;
};

describe('match', () => {
  it('follows creates, updates and soft deletes', async () => {
    expect(await match(pageview('https://x.io/pricing'))).toEqual({ results: [{ uuid: 'e1', action_ids: [] }] });
    const pricing = await createOk(server.url, { name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] });
    const any = await createOk(server.url, { name: 'Any pageview', steps: [{ event: '$pageview' }] });
    expect(await match(pageview('https://x.io/pricing'))).toEqual({ results: [{ uuid: 'e1', action_ids: [pricing.id, any.id].sort((a, b) => a - b) }] });
    await request(server.url, 'PATCH', `/api/projects/1/actions/${pricing.id}/`, { body: { steps: [{ event: '$pageview', url: '/about' }] } });
    expect(await match(pageview('https://x.io/pricing'))).toEqual({ results: [{ uuid: 'e1', action_ids: [any.id] }] });
    expect(await match(pageview('https://x.io/about'))).toEqual({ results: [{ uuid: 'e1', action_ids: [pricing.id, any.id].sort((a, b) => a - b) }] });
    await request(server.url, 'PATCH', `/api/projects/1/actions/${any.id}/`, { body: { deleted: true } });
    expect(await match(pageview('https://x.io/about'))).toEqual({ results: [{ uuid: 'e1', action_ids: [pricing.id] }] });
    await request(server.url, 'PATCH', `/api/projects/1/actions/${any.id}/`, { body: { deleted: false } });
    expect(await match(pageview('https://x.io/about'))).toEqual({ results: [{ uuid: 'e1', action_ids: [pricing.id, any.id].sort((a, b) => a - b) }] });
    // Project 2 has its own actions.
    expect(await match(pageview('https://x.io/about'), 2)).toEqual({ results: [{ uuid: 'e1', action_ids: [] }] });
  });

  it('answers an array of events in order, with an error for each invalid one', async () => {
    const signup = await createOk(server.url, { name: 'Signed up', steps: [{ event: 'signed_up' }] });
    const answer = await match([{ uuid: 'a', event: 'signed_up' }, { uuid: 'b', event: 7 }, 'text', { event: 'other' }]);
    expect(answer).toEqual({
      results: [
        { uuid: 'a', action_ids: [signup.id] },
        { uuid: 'b', action_ids: [], error: 'events[1]: event.event must be a string, got number' },
        { uuid: null, action_ids: [], error: 'events[2]: event must be a JSON object, got string' },
        { uuid: null, action_ids: [] },
      ],
    });
    expect(await match([])).toEqual({ results: [] });
  });

  it('an action that does not compile never matches', async () => {
    const broken = await createOk(server.url, { name: 'Broken', steps: [{ event: 'broken', selector: 'a:hover' }] });
    expect(broken.bytecode_error).not.toBeNull();
    expect(await match({ event: 'broken' })).toEqual({ results: [{ uuid: null, action_ids: [] }] });
  });

  it('refuses a body that is not an event or an array, and too many events', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/match', { key: 'phx_read', body: 'event' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ type: 'validation_error', code: 'invalid', detail: 'Expected an event object or an array of events, got string.', attr: null });
    const many = await request(server.url, 'POST', '/api/projects/1/actions/match', { key: 'phx_read', body: Array.from({ length: MAX_MATCH_EVENTS + 1 }, () => ({ event: 'x' })) });
    expect(many.json).toMatchObject({ code: 'max_length', detail: `At most ${MAX_MATCH_EVENTS} events per request, got ${MAX_MATCH_EVENTS + 1}.` });
    expect((await request(server.url, 'GET', '/api/projects/1/actions/match/', { key: 'phx_read' })).status).toBe(405);
  });

  it('sees writes committed by another connection to the same database', async () => {
    const other = await openStoreAt(server.dbFile);
    try {
      const result = await other.create<never>(1, (id) => ({ ok: true, action: { id, name: 'From elsewhere', deleted: false, steps: [{ event: 'elsewhere' }] } }));
      expect(result.ok).toBe(true);
      const id = result.ok ? result.action.id : -1;
      // On PostgreSQL the write reaches this server through NOTIFY, a moment after its commit.
      const answers = async (ids: number[]): Promise<boolean> => JSON.stringify(await match({ event: 'elsewhere' })) === JSON.stringify({ results: [{ uuid: null, action_ids: ids }] });
      await eventually(() => answers([id]), 'the other connection’s create');
      await other.update<never>(1, id, (current) => ({ ok: true, action: { ...current, deleted: true } }));
      await eventually(() => answers([]), 'the other connection’s delete');
    } finally {
      await other.close();
    }
  });
});

describe('hooks', () => {
  it('onChange sees every committed write and onMatch every match; a failing hook does not fail the request', async () => {
    const { startServer } = await import('../../src/server/start-server.js');
    const changes: Array<{ name: unknown; previous: unknown }> = [];
    const matched: number[][] = [];
    const errors: unknown[] = [];
    const hooked = await startServer({
      database: await newDatabase(server.dir, 'hooks.db'),
      keysFile: `${server.dir}/keys.json`,
      port: 0,
      onChange: (change) => {
        changes.push({ name: change.action['name'], previous: change.previous?.['name'] ?? null });
        if (change.previous !== null) throw new Error('hook failed');
      },
      onMatch: (record) => void matched.push(...record.results.map((result) => result.action_ids)),
    });
    const original = process.stderr.write;
    process.stderr.write = ((chunk: unknown) => errors.push(chunk) > 0) as typeof process.stderr.write;
    try {
      const created = await createOk(hooked.url, { name: 'Hooked', steps: [{ event: 'h' }] });
      expect((await request(hooked.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body: { name: 'Renamed' } })).status).toBe(200);
      await request(hooked.url, 'POST', '/api/projects/1/actions/', { body: { name: '' } });
      await request(hooked.url, 'POST', '/api/projects/1/actions/match/', { body: [{ event: 'h' }, { event: 'x' }] });
      expect(changes).toEqual([{ name: 'Hooked', previous: null }, { name: 'Renamed', previous: 'Hooked' }]);
      expect(matched).toEqual([[created.id], []]);
      expect(String(errors.join(''))).toContain('hook failed');
    } finally {
      process.stderr.write = original;
      await hooked.close();
    }
  });
});
