// Authentication and scopes: PostHog's 401 and 403 answers, write implying read, and the keys
// file's validation.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../src/server/api-keys.js';
import { startServer } from '../../src/server/start-server.js';
import { createOk, createTempDir, request, startTestServer, writeKeys, type TestServer } from './server-fixture.js';

let server: TestServer;
let actionId: number;
beforeAll(async () => {
  server = await startTestServer();
  actionId = (await createOk(server.url, { name: 'Guarded' })).id;
});
afterAll(async () => {
  await server.close();
});

const notAuthenticated = { type: 'authentication_error', code: 'not_authenticated', detail: 'Authentication credentials were not provided.', attr: null };
const invalidKey = { type: 'authentication_error', code: 'authentication_failed', detail: 'Personal API key found in request Authorization header is invalid.', attr: null };
const missingWrite = { type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'action:write'", attr: null };
const missingRead = { type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'action:read'", attr: null };

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a Basic header', { headers: { authorization: 'Basic YTpi' } }],
    ['Bearer without a key', { headers: { authorization: 'Bearer ' } }],
  ])('401 not_authenticated for %s', async (_, options) => {
    const response = await request(server.url, 'GET', '/api/projects/1/actions/', { key: null, ...options });
    expect(response.status).toBe(401);
    expect(response.json).toEqual(notAuthenticated);
  });

  it('401 authentication_failed for an unknown key, before anything else is looked at', async () => {
    for (const [method, path] of [['GET', '/api/projects/1/actions/'], ['POST', '/api/projects/1/actions/'], ['GET', '/api/projects/99/actions/'], ['DELETE', `/api/projects/1/actions/${actionId}/`]] as const) {
      const response = await request(server.url, method, path, { key: 'phx_nope', ...(method === 'GET' ? {} : { body: { name: '' } }) });
      expect(response.status).toBe(401);
      expect(response.json).toEqual(invalidKey);
    }
  });

  it('accepts the scheme in any case', async () => {
    const response = await request(server.url, 'GET', '/api/projects/1/actions/', { key: null, headers: { authorization: 'bearer phx_read' } });
    expect(response.status).toBe(200);
  });
});

describe('scopes', () => {
  it('a read key reads but cannot write', async () => {
    expect((await request(server.url, 'GET', '/api/projects/1/actions/', { key: 'phx_read' })).status).toBe(200);
    expect((await request(server.url, 'GET', `/api/projects/1/actions/${actionId}/`, { key: 'phx_read' })).status).toBe(200);
    expect((await request(server.url, 'POST', '/api/projects/1/actions/match/', { key: 'phx_read', body: { event: 'x' } })).status).toBe(200);
    for (const [method, path] of [['POST', '/api/projects/1/actions/'], ['PATCH', `/api/projects/1/actions/${actionId}/`], ['PUT', `/api/projects/1/actions/${actionId}/`], ['DELETE', `/api/projects/1/actions/${actionId}/`], ['POST', `/api/projects/1/actions/${actionId}/migrate/`]] as const) {
      const response = await request(server.url, method, path, { key: 'phx_read', body: { name: 'Sneaky' } });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(missingWrite);
    }
    expect((await request(server.url, 'GET', `/api/projects/1/actions/${actionId}/`)).json).toMatchObject({ name: 'Guarded' });
  });

  it('a write key also reads; a * key does everything', async () => {
    expect((await request(server.url, 'GET', '/api/projects/1/actions/', { key: 'phx_write' })).status).toBe(200);
    expect((await request(server.url, 'GET', '/api/projects/1/actions/', { key: 'phx_all' })).status).toBe(200);
    const created = await request(server.url, 'POST', '/api/projects/1/actions/', { key: 'phx_all', body: { name: 'By star' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ created_by: { id: 9, email: 'all@example.com' } });
  });

  it('a key with other scopes only is refused with the read scope named', async () => {
    const response = await request(server.url, 'GET', '/api/projects/1/actions/', { key: 'phx_other' });
    expect(response.status).toBe(403);
    expect(response.json).toEqual(missingRead);
  });

  it('the scope is checked before the project: 403 then 404', async () => {
    expect((await request(server.url, 'POST', '/api/projects/99/actions/', { key: 'phx_read', body: {} })).status).toBe(403);
    expect((await request(server.url, 'POST', '/api/projects/99/actions/', { key: 'phx_write', body: {} })).status).toBe(404);
  });
});

describe('keys file', () => {
  it.each([
    [[], 'must be a JSON object'],
    [{ phx_a: [] }, 'keys["phx_a"] must be an object'],
    [{ phx_a: { scopes: 'action:read' } }, 'keys["phx_a"].scopes must be an array of strings'],
    [{ phx_a: { scopes: ['action'] } }, 'keys["phx_a"].scopes: "action" is not a scope'],
    [{ phx_a: { scopes: [], user: 'me' } }, 'keys["phx_a"].user must be an object'],
    [{ phx_a: { scopes: [], user: { id: 'x' } } }, 'keys["phx_a"].user.id must be an integer'],
    [{ ' ': { scopes: [] } }, 'empty key'],
    [{ 'phx a': { scopes: [] } }, 'keys["phx a"]: a key must be printable ASCII without whitespace'],
    [{ 'phx_é': { scopes: [] } }, 'keys["phx_é"]: a key must be printable ASCII without whitespace'],
  ])('refuses %j', (content, message) => {
    expect(() => parseApiKeys(content)).toThrow(message);
  });

  it('fills the user with PostHog basic-user defaults and numbers users by position', () => {
    const keys = parseApiKeys({ phx_a: { scopes: [] }, phx_b: { scopes: ['action:read'], user: { email: 'b@x.io' } } });
    expect(keys.get('phx_a')?.user).toMatchObject({ id: 1, email: '' });
    expect(keys.get('phx_b')?.user).toMatchObject({ id: 2, email: 'b@x.io', first_name: '' });
  });

  it('startServer names an unreadable or invalid keys file', async () => {
    const dir = createTempDir();
    await expect(startServer({ dbFile: `${dir}/a.db`, keysFile: `${dir}/missing.json`, port: 0 })).rejects.toThrow(`cannot read keys file ${dir}/missing.json: ENOENT`);
    const bad = writeKeys(dir, 'not an object');
    await expect(startServer({ dbFile: `${dir}/a.db`, keysFile: bad, port: 0 })).rejects.toThrow(`keys file ${bad}: the keys file must be a JSON object`);
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{\n  "phx_a": {"scopes": ["action:read"],}\n}');
    await expect(startServer({ dbFile: `${dir}/a.db`, keysFile: notJson, port: 0 })).rejects.toThrow(`keys file ${notJson} is not valid JSON at 2:39: `);
  });
});
