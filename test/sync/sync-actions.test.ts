// syncActions against loopback servers: every list shape, pagination and its guards (loops,
// links to other origins), aborts and option checks.
import { describe, expect, it } from 'vitest';
import { syncActions } from '../../src/sync/sync-actions.js';
import { idsOf, paginated, pricing, sendJson, serveEachTest, signup, syncError, waitFor } from './test-server.js';

const gone = { id: 9, name: 'Gone', deleted: true, steps: [{ event: 'x' }] };
const third = { id: 11, name: 'Third', steps: [{ event: 'third' }] };

const serve = serveEachTest();

describe('list shapes', () => {
  it.each([
    ['a bare array', [pricing, signup, gone]],
    ['{results}', { results: [pricing, signup, gone] }],
    ['{count, results}', { count: 3, results: [pricing, signup, gone] }],
    ['{count, next: null, previous: null, results}', { count: 3, next: null, previous: null, results: [pricing, signup, gone] }],
  ])('reads %s, skipping deleted actions', async (_name, body) => {
    const server = await serve((_request, response) => sendJson(response, 200, body));
    const result = await syncActions({ host: server.host, projectId: 7, apiKey: 'phx_test' });
    expect(idsOf(result.actions)).toEqual([2, 5]);
    expect(result.deletedSkipped).toBe(1);
    expect(result.problems).toEqual([]);
    expect(result.pages).toBe(1);
    expect(server.requests).toEqual([{ method: 'GET', url: '/api/projects/7/actions/', authorization: 'Bearer phx_test' }]);
  });

  it('reads an empty project', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, { count: 0, next: null, previous: null, results: [] }));
    const result = await syncActions({ host: server.host, projectId: 1, apiKey: 'k' });
    expect(result.actions).toEqual([]);
    expect(result.pages).toBe(1);
  });

  it('follows absolute next links across three pages', async () => {
    let host = '';
    const server = await serve(paginated([[pricing], [gone, signup], [third]], () => host));
    host = server.host;
    const result = await syncActions({ host: server.host + '/', projectId: '1', apiKey: 'k' });
    expect(idsOf(result.actions)).toEqual([2, 5, 11]);
    expect(result.pages).toBe(3);
    expect(server.requests.map((request) => request.url)).toEqual(['/api/projects/1/actions/', '/api/projects/1/actions/?page=1', '/api/projects/1/actions/?page=2']);
    expect(server.requests.every((request) => request.authorization === 'Bearer k')).toBe(true);
  });

  it('resolves a relative next link against the page it came from', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/api/projects/1/actions/') sendJson(response, 200, { count: 2, next: '?offset=1', results: [pricing] });
      else sendJson(response, 200, { count: 2, next: null, results: [signup] });
    });
    const result = await syncActions({ host: server.host, projectId: 1, apiKey: 'k' });
    expect(idsOf(result.actions)).toEqual([2, 5]);
    expect(server.requests[1]?.url).toBe('/api/projects/1/actions/?offset=1');
  });

  it('asks for pageSize with limit=, keeps a host path prefix and accepts @current', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, { results: [] }));
    await syncActions({ host: `${server.host}/posthog//`, projectId: '@current', apiKey: 'k', pageSize: 50 });
    expect(server.requests[0]?.url).toBe('/posthog/api/projects/@current/actions/?limit=50');
  });

  it('reports entries that are not actions, as loadActions does', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, { results: [pricing, 'oops', { name: 'no id' }, { ...pricing, name: 'again' }] }));
    const result = await syncActions({ host: server.host, projectId: 1, apiKey: 'k' });
    expect(idsOf(result.actions)).toEqual([2, 2]);
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'entry 1: expected an action object, got string',
      'entry 2: an action needs an integer "id", got no id',
      'entry 3: duplicate id 2 (also entry 0); the later entry wins',
    ]);
  });
});

describe('pagination guards', () => {
  it('stops at a next link that leads back to a page already read', async () => {
    let host = '';
    const server = await serve((request, response) => {
      const next = request.url?.includes('page=2') ? `${host}/api/projects/1/actions/` : `${host}/api/projects/1/actions/?page=2`;
      sendJson(response, 200, { count: 9, next, results: [pricing] });
    });
    host = server.host;
    const error = await syncError(syncActions({ host, projectId: 1, apiKey: 'k' }));
    expect(error.code).toBe('pagination_loop');
    expect(error.message).toBe(`GET ${host}/api/projects/1/actions/?page=2: "next" leads back to ${host}/api/projects/1/actions/, a page already read`);
    expect(server.requests).toHaveLength(2);
  });

  it('stops after maxPages of ever-new links', async () => {
    const server = await serve((request, response, n) => sendJson(response, 200, { next: `?page=${n + 1}`, results: [] }));
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k', maxPages: 4 }));
    expect(error.code).toBe('pagination_loop');
    expect(error.message).toContain('still more pages after 4 (maxPages)');
    expect(server.requests).toHaveLength(4);
  });

  it('never sends the key to a next link on another origin', async () => {
    const other = await serve((_request, response) => sendJson(response, 200, { results: [signup] }));
    const server = await serve((_request, response) => sendJson(response, 200, { next: `${other.host}/api/projects/1/actions/?page=2`, results: [pricing] }));
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k' }));
    expect(error.code).toBe('foreign_next');
    expect(error.message).toContain(`"next" points to another origin (${other.host}, not ${server.host})`);
    expect(other.requests).toHaveLength(0);
  });
});

describe('abort and options', () => {
  it('aborts a request in flight with the signal', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const syncing = syncActions({ host: server.host, projectId: 1, apiKey: 'k', signal: controller.signal });
    await waitFor(() => server.requests.length > 0);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(syncing).rejects.toBe(reason);
  });

  it('aborts the wait between retries', async () => {
    const server = await serve((_request, response) => sendJson(response, 503, {}, { 'retry-after': '20' }));
    const controller = new AbortController();
    const syncing = syncActions({ host: server.host, projectId: 1, apiKey: 'k', signal: controller.signal, retry: { maxDelayMs: 60_000 }, onRetry: () => controller.abort('stop') });
    await expect(syncing).rejects.toBe('stop');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [{ host: 'us.posthog.com', projectId: 1, apiKey: 'k' }, 'host must be an http(s) URL such as https://us.posthog.com, got "us.posthog.com"'],
    [{ host: 'ftp://x', projectId: 1, apiKey: 'k' }, 'host must be an http(s) URL'],
    [{ host: 'https://a:b@x', projectId: 1, apiKey: 'k' }, 'host must not contain credentials'],
    [{ host: 'https://x?y=1', projectId: 1, apiKey: 'k' }, 'host must not have a query or fragment'],
    [{ host: 'https://x', projectId: 0, apiKey: 'k' }, 'projectId must be a positive integer (or "@current"), got 0'],
    [{ host: 'https://x', projectId: '1/../2', apiKey: 'k' }, 'projectId must be a positive integer'],
    [{ host: 'https://x', projectId: 1, apiKey: '' }, 'apiKey must be a non-empty string'],
    [{ host: 'https://x', projectId: 1, apiKey: 'phx_a\n' }, 'apiKey contains spaces, line breaks'],
    [{ host: 'https://x', projectId: 1, apiKey: 'k', pageSize: 0 }, 'pageSize must be a positive integer, got 0'],
    [{ host: 'https://x', projectId: 1, apiKey: 'k', retry: { retries: -1 } }, 'retry.retries must be a non-negative integer, got -1'],
  ])('rejects bad options with a TypeError: %j', async (options, message) => {
    let fetched = false;
    const fetch = (): Promise<Response> => {
      fetched = true;
      return Promise.resolve(new Response('[]'));
    };
    const error: unknown = await syncActions({ ...options, fetch }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(message);
    expect(fetched).toBe(false);
  });
});
