// Small purpose-built HTTP servers on loopback for the sync client's tests: each test gives a
// handler per request and reads back what the server received.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect } from 'vitest';
import { SyncError } from '../../src/sync/sync-error.js';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  readonly host: string;
  readonly requests: ReceivedRequest[];
  /** Requests whose connection closed before an answer was sent. */
  readonly abandoned: string[];
  close(): Promise<void>;
}

/** `(request, response, n)`: n counts requests from 0. A handler that returns without ending the response leaves it hanging. */
export type Handler = (request: IncomingMessage, response: ServerResponse, n: number) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const abandoned: string[] = [];
  const server: Server = createServer((request, response) => {
    const n = requests.length;
    requests.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
    response.on('close', () => {
      if (!response.writableFinished) abandoned.push(request.url ?? '');
    });
    handler(request, response, n);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    requests,
    abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with `body` as JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Serves `pages` in order: page i at `?page=i`, with absolute `next`/`previous` links, DRF style. */
export function paginated(pages: readonly unknown[][], host: () => string): Handler {
  const count = pages.reduce((total, page) => total + page.length, 0);
  return (request, response) => {
    const page = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('page') ?? '0');
    const link = (i: number): string | null => (i >= 0 && i < pages.length ? `${host()}/api/projects/1/actions/?page=${i}` : null);
    sendJson(response, 200, { count, next: link(page + 1), previous: link(page - 1), results: pages[page] ?? [] });
  };
}

/** Waits until `condition` holds, polling; the test's own timeout bounds it. */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * `serve(handler)` for one test file: starts a loopback server and closes every server it
 * started after each test.
 */
export function serveEachTest(): (handler: Handler) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
}

/** Two live actions the sync tests serve. */
export const pricing = { id: 2, name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] };
export const signup = { id: 5, name: 'Signed up', steps: [{ event: 'signed_up' }] };

export function idsOf(actions: ReadonlyArray<{ id: number }>): number[] {
  return actions.map((action) => action.id);
}

/** The SyncError `promise` rejects with; fails the test if it resolves or rejects otherwise. */
export async function syncError(promise: Promise<unknown>): Promise<SyncError> {
  const caught: unknown = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(SyncError);
  return caught as SyncError;
}
