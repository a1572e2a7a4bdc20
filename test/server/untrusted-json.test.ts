// JSON a hostile client sends to the server: values nested thousands deep in every body the
// server accepts (a match request, a create, a project update), numbers that do not fit in a
// double, and the promise that an action answers the same after a restart for every shape of
// value it can hold. Also: every 500 is reported with its stack, and a reply that cannot be
// serialised is a 500, never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionsHandler } from '../../src/server/create-handler.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findJsonProblem, formatJsonPath, MAX_JSON_DEPTH } from '../../src/action/json-limits.js';
import { createMatcher } from '../../src/matcher/create-matcher.js';
import type { ActionStore } from '../../src/store/action-store.js';
import { parseApiKeys } from '../../src/server/api-keys.js';
import { asAction, createOk, keys, request, startTestServer, type TestServer } from './server-fixture.js';

/** `leaf` wrapped in `depth` arrays. */
function nested(depth: number, leaf: unknown = 'x'): unknown {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** The JSON text of `nested(depth)`: JSON.stringify itself cannot write values this deep. */
function nestedText(depth: number): string {
  return `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
}

describe('findJsonProblem', () => {
  it('accepts MAX_JSON_DEPTH levels and names the path of the first level beyond', () => {
    expect(findJsonProblem(nested(MAX_JSON_DEPTH))).toBeNull();
    const problem = findJsonProblem({ a: 1, uuid: nested(MAX_JSON_DEPTH) });
    expect(problem?.code).toBe('limit_exceeded');
    expect(problem?.path).toEqual(['uuid', ...Array.from({ length: MAX_JSON_DEPTH - 1 }, () => 0)]);
  });

  it('walks 100,000 levels without recursing', () => {
    expect(findJsonProblem(nested(100_000))?.code).toBe('limit_exceeded');
    expect(findJsonProblem(nested(100_000), { maxDepth: 1_000_000 })).toBeNull();
  });

  it('finds a number that is not finite, at any depth', () => {
    expect(findJsonProblem(JSON.parse('{"steps":[{"properties":[{"value":1e999}]}]}'))).toEqual({
      code: 'invalid_number',
      path: ['steps', 0, 'properties', 0, 'value'],
      message: 'number out of range (it reads as Infinity; a JSON number must fit in a double)',
    });
    expect(findJsonProblem(JSON.parse('[-1e400]'))?.message).toContain('-Infinity');
    expect(findJsonProblem(JSON.parse('[-1e400]'), { finiteNumbers: false })).toBeNull();
  });

  it('formats paths as accessors', () => {
    expect(formatJsonPath(['steps', 0, 'a b', 'x'])).toBe('steps[0]["a b"].x');
    expect(formatJsonPath([])).toBe('(the top level)');
  });
});

describe('deep and unrepresentable values over HTTP', () => {
  let server: TestServer;
  const reported: unknown[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    await createOk(server.url, { name: 'pageview', steps: [{ event: '$pageview' }] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('a match request whose event uuid nests 5,000 deep is a 400 naming the path, and the server lives on', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/match/', { key: 'phx_read', raw: `[{"event": "nothing", "uuid": ${nestedText(5000)}}]` });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ type: 'validation_error', code: 'limit_exceeded' });
    const detail = (response.json as { detail: string }).detail;
    expect(detail).toMatch(/^JSON value at \[0\]\.uuid(\[0\]){98}: nested deeper than 100 levels\.$/);
    const next = await request(server.url, 'POST', '/api/projects/1/actions/match/', { key: 'phx_read', body: { event: '$pageview' } });
    expect(next.status).toBe(200);
  });

  it('an event with properties nested 3,000 deep that matches an action is a 400, not a 500 for the batch', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/match/', {
      key: 'phx_read',
      raw: `[{"event": "$pageview", "uuid": "a"}, {"event": "$pageview", "properties": {"deep": ${'{"k": '.repeat(3000)}1${'}'.repeat(3000)}}}]`,
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'limit_exceeded', attr: `1__properties__deep${'__k'.repeat(97)}` });
  });

  it('values up to the limit are matched and echoed', async () => {
    // The body array is level 1, the event level 2: its uuid may nest 98 arrays deep.
    const uuid = nested(98);
    const response = await request(server.url, 'POST', '/api/projects/1/actions/match/', { key: 'phx_read', body: [{ event: '$pageview', uuid }] });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ results: [{ uuid, action_ids: [expect.any(Number)] }] });
  });

  it('a filter value nested 10,000 deep on create is a 400, and nothing is stored', async () => {
    const before = (await request(server.url, 'GET', '/api/projects/1/actions/')).json as { count: number };
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { raw: `{"name": "deep", "steps": [{"properties": [{"key": "a", "value": ${nestedText(10_000)}}]}]}` });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'limit_exceeded' });
    expect((response.json as { attr: string }).attr.startsWith('steps__0__properties__0__value__0__0')).toBe(true);
    expect(((await request(server.url, 'GET', '/api/projects/1/actions/')).json as { count: number }).count).toBe(before.count);
  });

  it.each([
    ['POST', '/api/projects/1/actions/'],
    ['PATCH', '/api/projects/1/actions/1/'],
    ['PUT', '/api/projects/1/actions/1/'],
    ['PATCH', '/api/projects/1/'],
    ['POST', '/api/projects/1/actions/match/'],
  ])('%s %s refuses a deep body before anything reads it', async (method, path) => {
    const response = await request(server.url, method, path, { key: 'phx_all', body: { name: 'x', steps: [], slack_incoming_webhook: nested(200) } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'limit_exceeded', attr: `slack_incoming_webhook${'__0'.repeat(99)}` });
  });

  it('"value": 1e999 is refused with a 400 naming the path, not stored as null', async () => {
    const raw = '{"name": "infinite", "steps": [{"event": "e", "properties": [{"key": "a", "value": 1e999}]}]}';
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { raw });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      type: 'validation_error',
      code: 'invalid_number',
      detail: 'JSON value at steps[0].properties[0].value: number out of range (it reads as Infinity; a JSON number must fit in a double).',
      attr: 'steps__0__properties__0__value',
    });
    expect(((await request(server.url, 'GET', '/api/projects/1/actions/?search=infinite')).json as { count: number }).count).toBe(0);
  });

  it('reports every 500 with its stack, also once the request body has been read', async () => {
    // A store whose reads fail after the body is read: the handler's own catch must report it.
    const failing = new Proxy(server.store, {
      get(target, property, receiver) {
        if (property === 'create') return () => Promise.reject(new Error('disk on fire'));
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as ActionStore;
    const handler = createActionsHandler({ store: failing, keys: parseApiKeys(keys), onError: (error) => reported.push(error) });
    const http = createServer(handler);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const response = await request(url, 'POST', '/api/projects/1/actions/', { body: { name: 'burning' } });
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null });
      expect(reported).toHaveLength(1);
      expect((reported[0] as Error).stack).toMatch(/disk on fire\n\s+at /);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  it('a reply that cannot be serialised is a reported 500, and the server lives on', async () => {
    // An action already in the store (written by some other program) nested too deep for
    // JSON.stringify: reading it back must not take the process down.
    const deep = nested(20_000);
    const store = new Proxy(server.store, {
      get(target, property, receiver) {
        if (property === 'get') return async () => ({ id: 1, name: 'deep', steps: [{ properties: [{ key: 'a', value: deep }] }] });
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as ActionStore;
    const errors: unknown[] = [];
    const http = createServer(createActionsHandler({ store, keys: parseApiKeys(keys), onError: (error) => errors.push(error) }));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const response = await request(url, 'GET', '/api/projects/1/actions/1/');
      expect(response.status).toBe(500);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(RangeError);
      expect((await request(url, 'GET', '/api/projects/1/actions/')).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});

// Every kind of value an action can hold, each in the place where it matters to matching.
const shapes: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['integers, floats and extremes', { steps: [{ event: 'n', properties: [{ key: 'a', value: 9007199254740993, operator: 'exact' }, { key: 'b', value: 1.7976931348623157e308, operator: 'lt' }, { key: 'c', value: 5e-324, operator: 'gt' }] }] }],
  ['a value list with mixed kinds', { steps: [{ event: 'n', properties: [{ key: 'a', value: ['1', 1, true, null], operator: 'exact' }] }] }],
  ['booleans and null', { steps: [{ event: 'n', properties: [{ key: 'flag', value: true }, { key: 'gone', value: null, operator: 'is_not_set' }] }] }],
  ['an object value where only a string can be (a compile error)', { steps: [{ event: 'n', properties: [{ key: 'o', value: { z: 1, a: 'pro', m: 'x' }, operator: 'exact' }] }] }],
  ['an object value searched for as its Python form', { steps: [{ event: 'n', properties: [{ key: 'o', value: { z: 1, a: 'pro', m: 'x' }, operator: 'icontains' }] }] }],
  ['unicode, NUL, a lone surrogate and escapes', { steps: [{ event: 'é\u0000\ud800"\\\n😀', url: '\u2028%_', properties: [{ key: '\u0000', value: '\udc00' }] }] }],
  ['keys Object.prototype has', { steps: [{ event: 'n', properties: [{ key: '__proto__', value: 'p' }, { key: 'constructor', value: 'c' }] }] }],
  ['a filter value nested to the limit (a compile error)', { steps: [{ event: 'n', properties: [{ key: 'a', value: nested(92), operator: 'exact' }] }] }],
  ['a filter value nested to the limit, searched for as its Python form', { steps: [{ event: 'n', properties: [{ key: 'a', value: nested(92), operator: 'icontains' }] }] }],
  ['regexes and selectors', { steps: [{ event: '$autocapture', selector: 'div > a.b[href="x"]', url: '^https?://', url_matching: 'regex', text: '(?i)buy', text_matching: 'regex' }] }],
  ['a compile error (stays one)', { steps: [{ event: 'n', properties: [{ key: 'a', value: '(', operator: 'regex' }] }] }],
  ['a hogql filter', { steps: [{ event: 'n', properties: [{ type: 'hogql', key: "properties.a = 'x' and toInt(properties.n) > 3" }] }] }],
  ['unknown step keys and top-level extras', { description: 'd', tags: ['t'], steps: [{ event: 'n', isNew: { deep: [1, { x: null }] }, id: 'old' }] }],
];

const events: readonly unknown[] = [
  { event: 'n', properties: { a: 9007199254740992, b: 1, c: 1, z: 0, e: 1001, big: 1.2345678901234568e29, flag: true, o: 'x' } },
  { event: 'n', properties: { a: '1', z: -0, flag: 'true', o: "{'z': 1, 'a': 'pro'", constructor: 'c' } },
  { event: 'n', properties: { a: 'x', n: '7', o: "[[['x']]]" } },
  JSON.parse('{"event": "n", "properties": {"__proto__": "p", "constructor": "c"}}') as unknown,
  { event: 'é\u0000\ud800"\\\n😀', properties: { $current_url: 'x\u2028%_y', '\u0000': '\udc00' } },
  { event: '$autocapture', elements_chain: 'a.b:href="x"text="Buy now";div:nth-child="1"', properties: { $current_url: 'https://x' } },
];

describe('an action answers the same after a restart, for every stored shape', () => {
  it('GET, bytecode_error and the match answers are unchanged, and equal a fresh compile of what GET shows', async () => {
    const first = await startTestServer();
    const created: Array<{ label: string; id: number }> = [];
    for (const [label, body] of shapes) created.push({ label, id: (await createOk(first.url, { name: label, ...body })).id });
    // Numbers as JSON.stringify never writes them (negative zero, exponents, more digits than a
    // double holds), created and then replaced by PUT, so that both writes are covered.
    const numbers = '{"name": "raw numbers", "steps": [{"event": "n", "properties": [{"key": "z", "value": -0.0}, {"key": "e", "value": 1E3, "operator": "gt"}, {"key": "big", "value": 123456789012345678901234567890}]}]}';
    const rawCreated = await request(first.url, 'POST', '/api/projects/1/actions/', { raw: numbers });
    expect(rawCreated.status).toBe(201);
    const rawId = asAction(rawCreated).id;
    expect((await request(first.url, 'PUT', `/api/projects/1/actions/${rawId}/`, { raw: numbers.replace('1E3', '1.0e3') })).status).toBe(200);
    created.push({ label: 'raw numbers', id: rawId });
    const answersOf = async (url: string): Promise<unknown> => (await request(url, 'POST', '/api/projects/1/actions/match/', { key: 'phx_read', body: events })).json;
    const objectsOf = async (url: string): Promise<unknown[]> => Promise.all(created.map(async ({ id }) => (await request(url, 'GET', `/api/projects/1/actions/${id}/`)).json));
    const before = { answers: await answersOf(first.url), objects: await objectsOf(first.url) };
    await first.close();

    const second = await startTestServer({ database: first.dbFile, dir: first.dir });
    try {
      const objects = await objectsOf(second.url);
      for (const [index, { label }] of created.entries()) expect(objects[index], label).toEqual(before.objects[index]);
      expect(await answersOf(second.url)).toEqual(before.answers);
      // What GET shows is what is matched: compiling the shown objects afresh answers the same.
      const fresh = createMatcher(objects);
      const results = (before.answers as { results: Array<{ action_ids: number[] }> }).results;
      for (const [index, event] of events.entries()) expect(fresh.match(event), `event ${index}`).toEqual(results[index]?.action_ids);
      for (const object of objects) {
        const { bytecode_error } = asAction({ status: 200, headers: new Headers(), text: '', json: object });
        const label = (object as { name: string }).name;
        expect(bytecode_error === null, label).toBe(!label.includes('compile error'));
      }
    } finally {
      await second.close();
    }
  });

  it('the project webhook URL and migrated destinations read back the same after a restart', async () => {
    const first = await startTestServer({ delivery: { paused: true } });
    const url = 'https://hooks.example.com/services/é?x=1&y=%20';
    expect((await request(first.url, 'PATCH', '/api/projects/1/', { key: 'phx_all', body: { slack_incoming_webhook: url } })).status).toBe(200);
    const action = await createOk(first.url, { name: 'notify', post_to_slack: true, slack_message_format: '[action.name] {é} \u0000 😀', steps: [{ event: 'n' }] });
    const migrated = await request(first.url, 'POST', `/api/projects/1/actions/${action.id}/migrate/`);
    expect(migrated.status).toBe(200);
    const read = async (base: string): Promise<unknown[]> => Promise.all(['/api/projects/1/', '/api/projects/1/hog_functions/', `/api/projects/1/actions/${action.id}/`].map(async (path) => (await request(base, 'GET', path, { key: 'phx_all' })).json));
    const before = await read(first.url);
    await first.close();
    const second = await startTestServer({ database: first.dbFile, dir: first.dir, delivery: { paused: true } });
    try {
      expect(await read(second.url)).toEqual(before);
    } finally {
      await second.close();
    }
  });
});
