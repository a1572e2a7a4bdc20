// Fixtures of the notification tests: a server over a fresh database with quick delivery
// settings, a real webhook receiver (test/notify/helpers.ts), and waiting on the API's answers.
import { afterEach } from 'vitest';
import { startReceiver, type Receiver, type ReceivedRequest } from '../notify/helpers.js';
import type { DeliverySettings } from '../../src/server/notifications.js';
import { request, startTestServer, type TestServer } from './server-fixture.js';

export { eventually } from '../helpers/eventually.js';

const cleanups: Array<() => Promise<void>> = [];

/** Registers the afterEach that closes what a test started, newest first. */
export function closeAfterEach(): void {
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
}

/** Short timeouts and backoff so retries happen within a test; polling stays the worker's own. */
export const quickDelivery: DeliverySettings = { pollMs: 20, timeoutMs: 2000, maxAttempts: 5, backoff: { initialMs: 30, maxMs: 200 } };

export async function startServer(delivery: DeliverySettings = quickDelivery, projects: number[] = [1, 2]): Promise<TestServer> {
  // The receivers listen on loopback, which a server refuses unless told otherwise.
  const server = await startTestServer({ projects, delivery, allowInternalWebhooks: true });
  cleanups.push(() => server.close());
  return server;
}

export async function startHook(answer: (request: ReceivedRequest, index: number) => number | null = () => 200): Promise<Receiver> {
  const receiver = await startReceiver(answer);
  cleanups.push(() => receiver.close());
  return receiver;
}

/** PATCHes the project's slack_incoming_webhook and fails the test unless it is accepted. */
export async function setWebhookUrl(baseUrl: string, url: string | null, project = 1): Promise<void> {
  const response = await request(baseUrl, 'PATCH', `/api/projects/${project}/`, { body: { slack_incoming_webhook: url } });
  if (response.status !== 200) throw new Error(`setting the webhook URL failed: ${response.status} ${response.text}`);
}

export interface DeliveriesJson {
  count: number;
  counts: Record<'pending' | 'in_flight' | 'delivered' | 'failed', number>;
  results: Array<Record<string, unknown>>;
}

export async function deliveries(baseUrl: string, query = '', project = 1): Promise<DeliveriesJson> {
  const response = await request(baseUrl, 'GET', `/api/projects/${project}/webhook_deliveries/${query}`, { key: 'phx_read' });
  if (response.status !== 200) throw new Error(`webhook_deliveries: ${response.status} ${response.text}`);
  return response.json as DeliveriesJson;
}

/** Matches events in the project; returns the answer body. */
export async function matchEvents(baseUrl: string, events: unknown, project = 1): Promise<unknown> {
  const response = await request(baseUrl, 'POST', `/api/projects/${project}/actions/match/`, { key: 'phx_read', body: events });
  if (response.status !== 200) throw new Error(`match: ${response.status} ${response.text}`);
  return response.json;
}

/** A server whose project 1 posts its webhooks to a fresh receiver answering with `answer`. */
export async function startHookedServer(
  answer?: (request: ReceivedRequest, index: number) => number | null,
  delivery: DeliverySettings = quickDelivery,
): Promise<{ server: TestServer; hook: Receiver }> {
  const server = await startServer(delivery);
  const hook = await startHook(answer);
  await setWebhookUrl(server.url, hook.url);
  return { server, hook };
}
