// The list endpoint through the embeddable handler: PostHog's ordering, search, limit/offset
// pagination with absolute links, and CSV.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../src/server/api-keys.js';
import { createActionsHandler } from '../../src/server/create-handler.js';
import { toCsv } from '../../src/server/csv.js';
import type { ActionStore } from '../../src/store/action-store.js';
import { openTestStore } from '../helpers/test-store.js';
import { asPage, createOk, keys, request } from './server-fixture.js';

let http: Server;
let store: ActionStore;
let url: string;
let clock = Date.parse('2024-01-01T00:00:00Z');
const ids = new Map<string, number>();

beforeAll(async () => {
  ({ store } = await openTestStore());
  await store.ensureProject(1);
  await store.ensureProject(2);
  http = createServer(createActionsHandler({ store, keys: parseApiKeys(keys), now: () => clock }));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // Created a minute apart, except Beta and Alpha, which share a timestamp.
  for (const name of ['Delta', 'Charlie', 'Beta', 'Alpha', 'Echo', 'Gone']) {
    if (name !== 'Alpha') clock += 60_000;
    ids.set(name, (await createOk(url, { name, steps: [{ event: name === 'Echo' ? 'a, "quoted"\nline' : '$pageview', properties: [{ key: 'k', value: 1 }] }] })).id);
  }
  await request(url, 'PATCH', `/api/projects/1/actions/${ids.get('Gone')}/`, { body: { deleted: true } });
});
afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await store.close();
});

/** A GET with a raw request target and headers fetch cannot send (Host). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(base, { path, headers: { authorization: 'Bearer phx_read', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

const names = async (query: string): Promise<string[]> => asPage(await request(url, 'GET', `/api/projects/1/actions/${query}`)).results.map((action) => action.name);

describe('list', () => {
  it('orders as PostHog: newest last_calculated_at first, then name; deleted hidden', async () => {
    expect(await names('')).toEqual(['Echo', 'Alpha', 'Beta', 'Charlie', 'Delta']);
  });

  it('search is a case-insensitive substring of the name', async () => {
    expect(await names('?search=A')).toEqual(['Alpha', 'Beta', 'Charlie', 'Delta']);
    expect(await names('?search=lph')).toEqual(['Alpha']);
    expect(await names('?search=gone')).toEqual([]);
    const page = asPage(await request(url, 'GET', '/api/projects/1/actions/?search=a&limit=2'));
    expect(page.count).toBe(4);
    expect(page.next).toBe(`${url}/api/projects/1/actions/?limit=2&offset=2&search=a`);
  });

  it('an empty project lists nothing', async () => {
    expect((await request(url, 'GET', '/api/projects/2/actions/')).json).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});

describe('pagination', () => {
  it('walks the pages with absolute next/previous links, null at either end', async () => {
    const first = asPage(await request(url, 'GET', '/api/projects/1/actions/?limit=2'));
    expect(first).toMatchObject({ count: 5, previous: null, next: `${url}/api/projects/1/actions/?limit=2&offset=2` });
    expect(first.results.map((action) => action.name)).toEqual(['Echo', 'Alpha']);
    const second = asPage(await request(url, 'GET', new URL(first.next as string).pathname + new URL(first.next as string).search));
    expect(second.results.map((action) => action.name)).toEqual(['Beta', 'Charlie']);
    // At offset <= limit, previous drops the offset, as DRF does.
    expect(second.previous).toBe(`${url}/api/projects/1/actions/?limit=2`);
    const third = asPage(await request(url, 'GET', '/api/projects/1/actions/?limit=2&offset=4'));
    expect(third.results.map((action) => action.name)).toEqual(['Delta']);
    expect(third.next).toBeNull();
    expect(third.previous).toBe(`${url}/api/projects/1/actions/?limit=2&offset=2`);
  });

  it('an offset past the end gives no results, no next, and a previous page', async () => {
    const page = asPage(await request(url, 'GET', '/api/projects/1/actions/?limit=2&offset=50'));
    expect(page).toEqual({ count: 5, next: null, previous: `${url}/api/projects/1/actions/?limit=2&offset=48`, results: [] });
  });

  it.each([
    ['limit=0', '?limit=0'],
    ['a negative limit', '?limit=-3'],
    ['a non-numeric limit', '?limit=ten'],
    ['a fractional limit', '?limit=1.5'],
    ['a negative offset', '?offset=-1'],
    ['a non-numeric offset', '?offset=x'],
  ])('%s falls back to the defaults (limit 100, offset 0)', async (_, query) => {
    const page = asPage(await request(url, 'GET', `/api/projects/1/actions/${query}`));
    expect(page.results.map((action) => action.name)).toEqual(['Echo', 'Alpha', 'Beta', 'Charlie', 'Delta']);
    expect(page.next).toBeNull();
    expect(page.previous).toBeNull();
  });

  it('limit exactly the count has no next page', async () => {
    expect(asPage(await request(url, 'GET', '/api/projects/1/actions/?limit=5')).next).toBeNull();
    expect(asPage(await request(url, 'GET', '/api/projects/1/actions/?limit=4')).next).toBe(`${url}/api/projects/1/actions/?limit=4&offset=4`);
  });

  it('links use the Host header, or siteUrl when configured', async () => {
    const body = await rawGet(url, '/api/projects/1/actions/?limit=1', { host: 'actions.example.com:8443' });
    expect((JSON.parse(body.text) as { next: string }).next).toBe('http://actions.example.com:8443/api/projects/1/actions/?limit=1&offset=1');
    // A request target cannot choose the host of the links, nor a malformed Host header.
    const sneaky = await rawGet(url, '//evil.example/api/projects/1/actions/?limit=1');
    expect(sneaky.status).toBe(404);
    const badHost = await rawGet(url, '/api/projects/1/actions/?limit=1', { host: 'evil.example/x?' });
    expect((JSON.parse(badHost.text) as { next: string }).next).toBe('http://localhost/api/projects/1/actions/?limit=1&offset=1');
    const behindProxy = createServer(createActionsHandler({ store, keys: parseApiKeys(keys), siteUrl: 'https://api.example.com/base/' }));
    await new Promise<void>((resolve) => behindProxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (behindProxy.address() as AddressInfo).port;
      const page = asPage(await request(`http://127.0.0.1:${port}`, 'GET', '/api/projects/1/actions/?limit=1&format=json'));
      expect(page.next).toBe('https://api.example.com/base/api/projects/1/actions/?format=json&limit=1&offset=1');
    } finally {
      await new Promise<void>((resolve) => behindProxy.close(() => resolve()));
    }
  });
});

describe('createActionsHandler', () => {
  it('refuses a siteUrl that is not an absolute URL when created', () => {
    expect(() => createActionsHandler({ store, keys: parseApiKeys(keys), siteUrl: 'example.com' })).toThrow('siteUrl must be an absolute URL, got "example.com"');
  });
});

describe('format=csv', () => {
  it('flattens each action of the page to dotted columns with a sorted header', async () => {
    const response = await request(url, 'GET', '/api/projects/1/actions/?format=csv&limit=2');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = response.text.split('\r\n');
    const header = (lines[0] as string).split(',');
    expect(header).toEqual([...header].sort());
    expect(header).toEqual(expect.arrayContaining(['id', 'name', 'steps.0.event', 'steps.0.properties.0.key', 'steps.0.properties.0.value', 'created_by.email', 'is_action']));
    expect(header).not.toContain('tags');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const row = lines[1] as string;
    expect(row).toContain(',"a, ""quoted""\nline",');
    expect(row).toContain(`,${ids.get('Echo')},`);
    expect(row).toContain(',True,');
  });

  it('renders one action as one row', async () => {
    const response = await request(url, 'GET', `/api/projects/1/actions/${ids.get('Alpha')}/?format=csv`);
    expect(response.text.split('\r\n')).toHaveLength(3);
  });

  it('an empty page is an empty body', async () => {
    expect((await request(url, 'GET', '/api/projects/2/actions/?format=csv')).text).toBe('');
  });

  it('toCsv writes null as empty, booleans as Python does, and quotes only when needed', () => {
    expect(toCsv([{ b: null, a: true, c: 'x,y', d: [], e: { f: false } }, { a: 1.5, g: 'plain' }])).toBe('a,b,c,e.f,g\r\nTrue,,"x,y",False,\r\n1.5,,,,plain\r\n');
  });
});
