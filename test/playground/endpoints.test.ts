// The playground's server side: its routes, what the explain and fixture endpoints answer for
// good and bad input, the page under `actionmatch serve` beside the Actions API, and the
// `actionmatch playground` command line.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customEvent } from '../../src/testing/fixtures.js';
import { MAX_TEXT_LENGTH } from '../../src/playground/answer.js';
import type { FixtureAnswer, PlaygroundAnswer } from '../../src/playground/protocol.js';
import { MAX_BODY_BYTES } from '../../src/playground/read-body.js';
import { startPlayground, type RunningPlayground } from '../../src/playground/start-playground.js';
import { runCli } from '../cli/run-cli.js';
import { request, startTestServer, type TestServer } from '../server/server-fixture.js';

const builtAssets = new URL('../../dist/playground/assets/', import.meta.url);

let playground: RunningPlayground;
beforeAll(async () => {
  playground = await startPlayground({ port: 0, assetsDir: builtAssets });
});
afterAll(async () => {
  await playground?.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(new URL(path, playground.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

async function explain(action: string, event: string, now?: string): Promise<PlaygroundAnswer> {
  const { status, json } = await post('/playground/api/explain', { action, event, ...(now === undefined ? {} : { now }) });
  expect(status).toBe(200);
  return json as PlaygroundAnswer;
}

describe('the playground routes', () => {
  it('serves the page with a policy that allows nothing from elsewhere, and sends / there', async () => {
    const response = await fetch(playground.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/playground/app.js"></script>');
    expect(html).toContain('data-stored-actions="false"');
    // Every resource the page loads is this server's (the example's URLs are text, not links).
    expect(html.match(/(?:src|href)="[^"]*"/g)).toEqual(['href="/playground/app.css"', 'src="/playground/app.js"', 'href="#result"']);
    const root = await fetch(new URL('/', playground.url), { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/playground']);
  });

  it('serves the built script and stylesheet, and says how to build them when they are missing', async () => {
    for (const [name, type] of [['app.js', 'text/javascript; charset=utf-8'], ['app.css', 'text/css; charset=utf-8']] as const) {
      const response = await fetch(new URL(`/playground/${name}`, playground.url));
      expect([name, response.status, response.headers.get('content-type')]).toEqual([name, 200, type]);
      expect((await response.text()).length).toBeGreaterThan(1000);
    }
    const unbuilt = await startPlayground({ port: 0, assetsDir: new URL('./no-such-folder/', import.meta.url) });
    try {
      const response = await fetch(new URL('/playground/app.js', unbuilt.url));
      expect(response.status).toBe(500);
      expect(await response.text()).toContain("the playground's app.js is not built: run npm run build");
    } finally {
      await unbuilt.close();
    }
  });

  it('answers wrong methods, unknown paths and unreadable bodies clearly', async () => {
    const get = await fetch(new URL('/playground/api/explain', playground.url));
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const postPage = await fetch(playground.url, { method: 'POST' });
    expect([postPage.status, postPage.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await fetch(new URL('/playground/nothing', playground.url))).status).toBe(404);
    const notJson = await post('/playground/api/explain', '{"action": ');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ detail: expect.stringContaining('the request body is not JSON') });
    const tooLarge = await post('/playground/api/explain', { action: 'x'.repeat(MAX_BODY_BYTES), event: '{}' });
    expect(tooLarge.status).toBe(413);
  });
});

describe('the explain endpoint', () => {
  it('names and locates an editor text that is not JSON, and explains nothing', async () => {
    const answer = await explain('{\n  "id": 1,\n  "steps": [}\n}', '');
    expect(answer.action).toEqual({ ok: false, message: expect.stringMatching(/^the action is not valid JSON at 3:13: /), at: { start: 25, end: 26, line: 3, column: 13 } });
    expect(answer.event).toEqual({ ok: false, message: 'the event is empty: write it as a JSON object', at: null });
    expect([answer.explanation, answer.text, answer.disassembly, answer.hogvm]).toEqual([null, null, null, null]);
  });

  it('still compiles an action whose event is not JSON: problems, disassembly and HogVM', async () => {
    const answer = await explain('{"id": 1, "steps": [{"event": "a"}]}', '{"event": ');
    expect(answer.explanation).toBeNull();
    expect(answer.disassembly).toMatch(/^_AM v1\n/);
    expect(answer.hogvm?.bytecode?.slice(0, 2)).toEqual(['_H', 1]);
  });

  it('locates a compile error and a warning in the action text', async () => {
    const action = '{"id": 2, "steps": [\n  {"event": "x", "selector": "a.b"},\n  {"url": "[", "url_matching": "regex"}\n]}';
    const answer = await explain(action, '{"event": "x"}');
    expect(answer.explanation?.bytecode_error).toMatch(/^steps\[1\]\.url: /);
    const [error] = answer.problems;
    expect(error?.code).toBe('invalid_regex');
    expect(error?.at === null || error?.at === undefined ? null : action.slice(error.at.start, error.at.end)).toBe('"url": "["');
    expect(error?.at).toMatchObject({ line: 3, column: 4, exact: true });
  });

  it('reports warnings with their place, beside a verdict', async () => {
    const action = '{"id": 2, "steps": [{"event": "x", "selector": "a.b"}]}';
    const answer = await explain(action, '{"event": "x"}');
    expect(answer.explanation?.matched).toBe(true);
    const warning = answer.problems.find((problem) => problem.code === 'ignored_element_field');
    expect(warning?.at === null || warning?.at === undefined ? null : action.slice(warning.at.start, warning.at.end)).toBe('"selector": "a.b"');
    expect(answer.locations['steps[0].selector']).toMatchObject({ exact: true });
  });

  it('evaluates relative dates at the time given, and refuses a time it cannot read', async () => {
    const action = JSON.stringify({ id: 3, steps: [{ properties: [{ key: 'seen', value: '-7d', operator: 'is_date_after' }] }] });
    const event = JSON.stringify({ event: 'x', properties: { seen: '2025-01-10T00:00:00Z' } });
    expect((await explain(action, event, '2025-01-15T12:00:00Z')).explanation?.matched).toBe(true);
    expect((await explain(action, event, '2025-02-15T12:00:00Z')).explanation?.matched).toBe(false);
    const answer = await explain(action, event, 'next tuesday');
    expect(answer.now).toEqual({ ok: false, message: 'the evaluation time must be an ISO 8601 date-time like 2025-01-15T12:00:00Z, got "next tuesday"' });
    expect(answer.explanation).toBeNull();
    expect((await explain(action, event, '2025-01-15T12:00:00Z')).now).toEqual({ ok: true, value: '2025-01-15T12:00:00.000Z' });
  });

  it('refuses texts that are not strings or are too long, naming the editor', async () => {
    const { json } = await post('/playground/api/explain', { action: { id: 1 }, event: '{}' });
    expect((json as PlaygroundAnswer).action).toEqual({ ok: false, message: 'the action must be sent as a string of JSON text', at: null });
    const long = await explain('{}', ' '.repeat(MAX_TEXT_LENGTH + 1));
    expect(long.event).toMatchObject({ ok: false, message: `the event text is ${MAX_TEXT_LENGTH + 1} characters long; the playground reads at most ${MAX_TEXT_LENGTH}` });
  });
});

describe('the fixture endpoint', () => {
  async function build(body: unknown): Promise<FixtureAnswer> {
    const { status, json } = await post('/playground/api/fixture', body);
    expect(status).toBe(200);
    return json as FixtureAnswer;
  }

  it('builds a pageview, an autocapture click and a custom event as the test fixtures do', async () => {
    const pageview = await build({ kind: 'pageview', url: 'https://shop.example/pricing?x=1', properties: '{"plan": "pro"}' });
    expect(pageview).toMatchObject({ ok: true, event: { event: '$pageview', properties: { $current_url: 'https://shop.example/pricing?x=1', $host: 'shop.example', $pathname: '/pricing', plan: 'pro' } } });
    const click = await build({ kind: 'autocapture', path: 'nav > a.signup', text: 'Sign  up', href: '/signup', url: 'https://shop.example/' });
    expect(click).toMatchObject({ ok: true, event: { event: '$autocapture', properties: { $el_text: 'Sign up', $event_type: 'click' } } });
    expect((click as { event: { elements_chain: string } }).event.elements_chain).toMatch(/^a\.signup:.*href="\/signup".*text="Sign up".*;nav:/);
    const custom = await build({ kind: 'custom', name: 'signed up', properties: '' });
    expect(custom).toMatchObject({ ok: true, event: { event: 'signed up', properties: {} } });
    expect(Object.keys((custom as { event: object }).event).sort()).toEqual(Object.keys(customEvent('x')).sort());
  });

  it('names the field that is wrong', async () => {
    expect(await build({ kind: 'autocapture', path: 'nav >' })).toMatchObject({ ok: false, field: 'path' });
    expect(await build({ kind: 'autocapture', path: '  ' })).toMatchObject({ ok: false, field: 'path', message: expect.stringContaining('needs an element path') });
    expect(await build({ kind: 'pageview', url: '' })).toEqual({ ok: false, field: 'url', message: 'a pageview needs a URL' });
    expect(await build({ kind: 'custom', name: 'x', properties: '[1]' })).toEqual({ ok: false, field: 'properties', message: 'the properties must be a JSON object, like {"plan": "pro"}' });
    expect(await build({ kind: 'custom', name: 'x', properties: '{' })).toMatchObject({ ok: false, field: 'properties', message: expect.stringContaining('the properties are not valid JSON') });
    expect(await build({ kind: 'screen' })).toEqual({ ok: false, field: 'kind', message: 'the event kind must be pageview, autocapture or custom, got "screen"' });
    expect(await build([])).toEqual({ ok: false, field: 'kind', message: 'the builder request must be a JSON object' });
  });
});

describe('the playground under actionmatch serve', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the page with the stored-action picker, and the Actions API beside it as before', async () => {
    const page = await fetch(new URL('/playground', server.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-stored-actions="true"');
    const created = await request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'Signed up', steps: [{ event: 'signed up' }] } });
    expect(created.status).toBe(201);
    const answer = await fetch(new URL('/playground/api/explain', server.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: JSON.stringify(created.json), event: '{"event": "signed up"}' }) });
    expect(((await answer.json()) as PlaygroundAnswer).explanation?.matched).toBe(true);
    // The playground's paths are its own; the API's answers are unchanged.
    expect((await request(server.url, 'GET', '/api/projects/1/actions/', { key: null })).status).toBe(401);
    expect((await request(server.url, 'GET', '/api/projects/1/playground/')).status).toBe(404);
  });
});

describe('actionmatch playground', () => {
  const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

  it('prints its help, and is listed in the overview', () => {
    const help = runCli(['playground', '--help']);
    expect([help.status, help.stdout]).toEqual([0, expect.stringContaining('Usage: actionmatch playground [--port N] [--host H]')]);
    expect(runCli(['help', 'playground']).stdout).toContain('Usage: actionmatch playground');
    expect(runCli(['--help']).stdout).toContain('actionmatch playground [--port N]');
    expect(cli).toMatch(/main\.js$/);
  });

  it('refuses a bad port and a port in use, with exit status 2', () => {
    const bad = runCli(['playground', '--port', 'eighty']);
    expect([bad.status, bad.stderr]).toEqual([2, 'actionmatch: --port must be an integer from 0 to 65535, got "eighty"\n']);
    const taken = runCli(['playground', '--port', String(playground.port)]);
    expect([taken.status, taken.stderr]).toEqual([2, `actionmatch: cannot listen on 127.0.0.1:${playground.port}: the port is already in use (choose another --port, or 0 for a free one)\n`]);
    const unknown = runCli(['playground', '--db', 'x.db']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--db'");
  });
});
