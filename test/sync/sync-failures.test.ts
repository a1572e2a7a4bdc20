// syncActions against loopback servers that fail: retries of 429, 5xx and network failures, and
// the failures that end a sync at once (401/403 and other 4xx, redirects, bodies that are not lists).
import { describe, expect, it } from 'vitest';
import { syncActions } from '../../src/sync/sync-actions.js';
import type { RetryNotice } from '../../src/sync/request-json.js';
import { idsOf, pricing, sendJson, serveEachTest, signup, syncError } from './test-server.js';

const fast = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

const serve = serveEachTest();

describe('retries', () => {
  it('retries a 429 after its Retry-After', async () => {
    const server = await serve((_request, response, n) => {
      if (n === 0) sendJson(response, 429, { type: 'throttled_error', code: 'throttled', detail: 'Request was throttled.' }, { 'retry-after': '1' });
      else sendJson(response, 200, { results: [pricing] });
    });
    const notices: RetryNotice[] = [];
    const result = await syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: { ...fast, maxDelayMs: 2000 }, onRetry: (notice) => notices.push(notice) });
    expect(idsOf(result.actions)).toEqual([2]);
    expect(server.requests).toHaveLength(2);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.delayMs).toBe(1000);
    expect(notices[0]?.error.status).toBe(429);
    expect(notices[0]?.error.message).toContain('PostHog answered 429: Request was throttled.');
  });

  it('gives up at once when Retry-After is longer than maxDelayMs', async () => {
    const server = await serve((_request, response) => sendJson(response, 429, { detail: 'Request was throttled.' }, { 'retry-after': '120' }));
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: fast }));
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('retry after 120 s, longer than retry.maxDelayMs (5 ms)');
    expect(server.requests).toHaveLength(1);
  });

  it('retries 503 twice, then reads the 200', async () => {
    const server = await serve((_request, response, n) => {
      if (n < 2) sendJson(response, 503, { detail: 'Service unavailable' });
      else sendJson(response, 200, { results: [signup] });
    });
    const notices: RetryNotice[] = [];
    const result = await syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: fast, onRetry: (notice) => notices.push(notice) });
    expect(idsOf(result.actions)).toEqual([5]);
    expect(server.requests).toHaveLength(3);
    expect(notices.map((notice) => notice.retry)).toEqual([1, 2]);
    for (const notice of notices) expect(notice.delayMs).toBeLessThanOrEqual(fast.maxDelayMs);
  });

  it('fails with server_error once the retries are spent', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body>Bad gateway</body></html>');
    });
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: fast }));
    expect(error.code).toBe('server_error');
    expect(error.status).toBe(502);
    expect(error.message).toBe(`PostHog answered 502: Bad Gateway (GET ${server.host}/api/projects/1/actions/)`);
    expect(server.requests).toHaveLength(fast.retries + 1);
  });

  it('retries a connection reset', async () => {
    const server = await serve((request, response, n) => {
      if (n === 0) request.socket.destroy();
      else sendJson(response, 200, { results: [pricing] });
    });
    const result = await syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: fast });
    expect(idsOf(result.actions)).toEqual([2]);
    expect(server.requests).toHaveLength(2);
  });

  it('fails with network_error when nothing listens', async () => {
    const server = await serve(() => undefined);
    const host = server.host;
    await server.close();
    const error = await syncError(syncActions({ host, projectId: 1, apiKey: 'k', retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } }));
    expect(error.code).toBe('network_error');
    expect(error.status).toBeNull();
    expect(error.message).toMatch(new RegExp(`^cannot reach ${host}/api/projects/1/actions/: .*ECONNREFUSED`));
  });

  it('times out a request that is never answered, as a network failure', async () => {
    const server = await serve(() => undefined);
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: { retries: 0 }, timeoutMs: 50 }));
    expect(error.code).toBe('network_error');
    expect(error.message).toContain('no answer within 50 ms');
  });
});

describe('failures that are not retried', () => {
  it.each([
    [401, 'unauthorized', { type: 'authentication_error', code: 'authentication_failed', detail: 'Invalid personal API key.' }],
    [403, 'forbidden', { type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'action:read'" }],
    [404, 'http_error', { type: 'invalid_request', code: 'not_found', detail: 'Project not found.' }],
  ])('%i surfaces the detail at once', async (status, code, body) => {
    const server = await serve((_request, response) => sendJson(response, status, body));
    const error = await syncError(syncActions({ host: server.host, projectId: 3, apiKey: 'k', retry: fast }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.detail).toBe(body.detail);
    expect(error.message).toBe(`PostHog answered ${status}: ${body.detail} (GET ${server.host}/api/projects/3/actions/)`);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps a short plain-text error body as the detail', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('Invalid project id\n');
    });
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: fast }));
    expect(error).toMatchObject({ code: 'http_error', status: 400, detail: 'Invalid project id' });
    expect(error.message).toBe(`PostHog answered 400: Invalid project id (GET ${server.host}/api/projects/1/actions/)`);
  });

  it('does not follow a redirect, naming where it points', async () => {
    const other = await serve((_request, response) => sendJson(response, 200, { results: [] }));
    const server = await serve((_request, response) => {
      response.writeHead(301, { location: `${other.host}/api/projects/1/actions/` });
      response.end();
    });
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: fast }));
    expect(error.status).toBe(301);
    expect(error.message).toContain(`a redirect to ${other.host}/api/projects/1/actions/`);
    expect(other.requests).toHaveLength(0);
  });

  it('rejects a body that is not JSON, naming the URL', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>Login</title>');
    });
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k', retry: fast }));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toBe(`GET ${server.host}/api/projects/1/actions/: the response is not JSON (content type text/html, a body starting "<!doctype html><title>Login</title>")`);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['an object without results', { detail: 'ok' }, 'got an object without "results" (keys: detail)'],
    ['results that are not an array', { results: { 1: pricing } }, 'got "results" of type object'],
    ['a string', 'actions', 'got string'],
    ['a next that is not a string', { results: [], next: 2 }, '"next" must be a URL or null, got number'],
  ])('rejects %s', async (_name, body, message) => {
    const server = await serve((_request, response) => sendJson(response, 200, body));
    const error = await syncError(syncActions({ host: server.host, projectId: 1, apiKey: 'k' }));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain(`GET ${server.host}/api/projects/1/actions/: `);
    expect(error.message).toContain(message);
  });
});

