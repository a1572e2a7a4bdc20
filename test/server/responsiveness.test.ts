// One request must not stall the others: a 10,000-event match request yields to the event loop
// between slices of events (counted here in turns of the event loop, not timed), and the compile
// work one create request can cause is bounded: a pattern whose compile RE2 would spend seconds
// on is refused before RE2 sees it, and the regexes of one request together have a budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAction } from '../../src/compile/compile-action.js';
import { createMatcher } from '../../src/matcher/create-matcher.js';
import { MAX_MATCH_EVENTS, MATCH_SLICE_EVENTS, matchEvents, type EndpointContext } from '../../src/server/action-endpoints.js';
import { createLiveMatchers } from '../../src/server/live-matchers.js';
import { createOk, request, startTestServer, type TestServer } from './server-fixture.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  for (let index = 0; index < 20; index++) await createOk(server.url, { name: `a${index}`, steps: [{ event: 'e', url: `x${index}`, properties: [{ key: 'n', value: index, operator: 'gte' }] }] });
});
afterAll(async () => {
  await server.close();
});

describe('a big match request', () => {
  it(`yields to the event loop at least once per ${MATCH_SLICE_EVENTS} events, and answers every event in order`, async () => {
    const events = Array.from({ length: MAX_MATCH_EVENTS }, (_, index) => ({ uuid: String(index), event: 'e', properties: { $current_url: `x${index % 20}`, n: index % 20 } }));
    const context: EndpointContext = {
      store: server.store,
      matchers: createLiveMatchers(server.store),
      projectId: 1,
      actionId: null,
      key: { user: {}, scopes: ['*'] } as unknown as EndpointContext['key'],
      url: new URL('http://localhost/api/projects/1/actions/match/'),
      body: () => Promise.resolve(events),
      now: Date.now,
      onChange: () => undefined,
      onMatch: () => undefined,
      notifications: null,
      siteUrl: 'http://localhost',
    };
    await context.matchers.get(1);
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const reply = await matchEvents(context);
    running = false;
    expect(turns).toBeGreaterThanOrEqual(MAX_MATCH_EVENTS / MATCH_SLICE_EVENTS - 1);
    const results = (reply as { json: { results: Array<{ uuid: string; action_ids: number[] }> } }).json.results;
    expect(results).toHaveLength(MAX_MATCH_EVENTS);
    // The same answers as matching the events in one go.
    const matcher = createMatcher(await server.store.listAll(1));
    expect(results).toEqual(events.map((event) => ({ uuid: event.uuid, action_ids: matcher.match(event) })));
    expect(results.filter((result) => result.action_ids.length > 0).length).toBeGreaterThan(MAX_MATCH_EVENTS / 2);
  }, 60_000);
});

describe('compile work per request', () => {
  it('a pattern RE2 would spend seconds on is refused before RE2 sees it', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'letters', steps: [{ url: '\\pL{1000}', url_matching: 'regex' }] } });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      type: 'validation_error',
      code: 'invalid_regex',
      detail: 'Invalid regular expression "\\\\pL{1000}": pattern too large: its estimated compiled size 1000000 exceeds 10000',
      attr: 'steps__0__url',
    });
  });

  it('the regexes of one request together are bounded: a 400 naming the step where the budget ran out', async () => {
    // 9,001 units each: the fourth brings the total over 30,000.
    const steps = Array.from({ length: 5 }, (_, index) => ({ url: `\\pL{9}${index}`, url_matching: 'regex' }));
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'costly', steps } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'limit_exceeded', attr: 'steps__3__url' });
    expect((response.json as { detail: string }).detail).toContain('exceeds the limit maxRegexCost = 30000');
  });

  it('compileAction charges every distinct regex of the action (filters included) against maxRegexCost', () => {
    const filters = Array.from({ length: 40 }, (_, index) => ({ key: 'p', value: `.{900}${index % 20}`, operator: 'regex' }));
    const result = compileAction({ id: 1, steps: [{ properties: filters }] });
    expect(result.error).toMatchObject({ code: 'limit_exceeded', path: 'steps[0].properties[3].value' });
    expect(result.bytecode_error).toContain('estimated compile cost of the regexes so far 36004 exceeds the limit maxRegexCost = 30000');
    // The same pattern again costs nothing more: it is compiled once.
    const repeated = Array.from({ length: 40 }, () => ({ key: 'p', value: '.{1000}', operator: 'regex' }));
    expect(compileAction({ id: 1, steps: [{ properties: repeated }] }).bytecode_error).toBeNull();
  });
});
