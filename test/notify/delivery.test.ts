// Delivery end to end: the outbox and worker against real HTTP receivers on loopback.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDeliveryWorker, IDEMPOTENCY_HEADER, backoffDelay, type DeliveryWorker } from '../../src/notify/delivery-worker.js';
import { openOutbox, type Outbox, type OutboxRequest } from '../../src/notify/outbox.js';
import { eventually } from '../helpers/eventually.js';
import { openStoreAt, openTestStore } from '../helpers/test-store.js';
import { startReceiver, type Receiver } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An outbox on a new database of the kind under test (SQLite, or PostgreSQL in its project). */
async function setup(): Promise<Outbox> {
  const { store } = await openTestStore();
  cleanups.push(() => store.close());
  return openOutbox(store.database);
}

async function receiver(answer: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const started = await startReceiver(answer);
  cleanups.push(() => started.close());
  return started;
}

function worker(outbox: Outbox, options: Partial<Parameters<typeof startDeliveryWorker>[0]> = {}): DeliveryWorker {
  // The receivers listen on loopback: allowed explicitly.
  const started = startDeliveryWorker({ outbox, allowInternalDestinations: true, pollMs: 10, backoff: { initialMs: 10, maxMs: 50 }, onError: (error) => { throw error; }, ...options });
  cleanups.push(() => started.stop());
  return started;
}

const request = (url: string, eventUuid = 'evt-1', destinationKey = 'action:1'): OutboxRequest => ({
  eventUuid, destinationKey, projectId: 1, actionId: 1, url, headers: { 'Content-Type': 'application/json' }, body: '{"text":"hello"}',
});

describe('delivery', () => {
  it('delivers a request once, with its idempotency key', async () => {
    const outbox = await setup();
    const target = await receiver(() => 200);
    expect(await outbox.enqueue([request(target.url)])).toEqual({ enqueued: 1, duplicates: 0 });
    worker(outbox);
    await eventually(async () => (await outbox.countDeliveries()).delivered === 1, 'delivery');
    expect(target.received).toHaveLength(1);
    const [received] = target.received;
    expect(received?.method).toBe('POST');
    expect(received?.body).toBe('{"text":"hello"}');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers[IDEMPOTENCY_HEADER.toLowerCase()]).toBe('action:1/evt-1');
    const [row] = await outbox.listDeliveries({ status: 'delivered' });
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200, last_error: null, event_uuid: 'evt-1', project_id: '1' });
    expect(row?.delivered_at).not.toBeNull();
  });

  it('retries a receiver that fails twice, then delivers once', async () => {
    const outbox = await setup();
    const target = await receiver((_request, index) => (index < 2 ? 503 : 200));
    await outbox.enqueue([request(target.url)]);
    worker(outbox, { maxAttempts: 5 });
    await eventually(async () => (await outbox.countDeliveries()).delivered === 1, 'delivery after retries');
    expect(target.received).toHaveLength(3);
    expect(new Set(target.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['action:1/evt-1']));
    expect((await outbox.listDeliveries())[0]).toMatchObject({ status: 'delivered', attempts: 3, last_status: 200, last_error: null });
  });

  it('times out a receiver that never answers, retries, then marks the row failed', async () => {
    const outbox = await setup();
    const target = await receiver(() => null);
    await outbox.enqueue([request(target.url)]);
    worker(outbox, { timeoutMs: 100, maxAttempts: 3 });
    await eventually(async () => (await outbox.countDeliveries()).failed === 1, 'failure after max attempts');
    expect(target.received).toHaveLength(3);
    const [row] = await outbox.listDeliveries({ status: 'failed' });
    expect(row?.attempts).toBe(3);
    expect(row?.last_error).toBe('timed out after 100 ms (gave up after 3 attempts)');
    expect(row?.next_attempt_at).toBeNull();
  });

  it('does not retry a 4xx answer', async () => {
    const outbox = await setup();
    const target = await receiver(() => 404);
    await outbox.enqueue([request(target.url)]);
    worker(outbox);
    await eventually(async () => (await outbox.countDeliveries()).failed === 1, 'final failure');
    expect(target.received).toHaveLength(1);
    expect((await outbox.listDeliveries())[0]).toMatchObject({ attempts: 1, last_status: 404, last_error: 'HTTP 404' });
  });

  it('does not follow a redirect: a POST turned into a GET of another page is no delivery', async () => {
    const outbox = await setup();
    const hits: string[] = [];
    const redirecting = createServer((req, res) => {
      hits.push(`${req.method ?? ''} ${req.url ?? ''}`);
      req.resume();
      if (req.url === '/hook') res.writeHead(302, { Location: '/login' }).end();
      else res.writeHead(200).end('login page');
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => {
      redirecting.closeAllConnections();
      redirecting.close(() => resolve());
    }));
    const { port } = redirecting.address() as AddressInfo;
    await outbox.enqueue([request(`http://127.0.0.1:${port}/hook`)]);
    worker(outbox);
    await eventually(async () => (await outbox.countDeliveries()).failed === 1, 'final failure');
    expect(hits).toEqual(['POST /hook']);
    expect((await outbox.listDeliveries())[0]).toMatchObject({
      attempts: 1,
      last_status: 302,
      last_error: 'HTTP 302: redirect to /login not followed (set the webhook URL to where it leads)',
    });
  });

  it('records a connection error and retries it', async () => {
    const outbox = await setup();
    const closed = await startReceiver(() => 200);
    await closed.close();
    await outbox.enqueue([request(closed.url)]);
    worker(outbox, { maxAttempts: 2 });
    await eventually(async () => (await outbox.countDeliveries()).failed === 1, 'failure');
    expect((await outbox.listDeliveries())[0]?.last_error).toMatch(/^fetch failed: .*\(gave up after 2 attempts\)$/);
  });

  it('delivers many requests with bounded concurrency', async () => {
    const outbox = await setup();
    const target = await receiver(() => 204);
    await outbox.enqueue(Array.from({ length: 25 }, (_, i) => request(target.url, `evt-${i}`)));
    worker(outbox, { concurrency: 3 });
    await eventually(async () => (await outbox.countDeliveries()).delivered === 25, 'all deliveries');
    expect(new Set(target.received.map((r) => r.headers['idempotency-key'])).size).toBe(25);
    expect(target.received).toHaveLength(25);
  });
});

describe('outbox', () => {
  it('never enqueues the same (event, destination) twice', async () => {
    const outbox = await setup();
    expect(await outbox.enqueue([request('http://x.test/'), request('http://x.test/'), request('http://x.test/', 'evt-1', 'action:2')]))
      .toEqual({ enqueued: 2, duplicates: 1 });
    expect(await outbox.enqueue([request('http://x.test/')])).toEqual({ enqueued: 0, duplicates: 1 });
    expect(await outbox.countDeliveries()).toEqual({ pending: 2, in_flight: 0, delivered: 0, failed: 0 });
  });

  it('records nothing when the caller rolls back the transaction it enqueued in', async () => {
    const outbox = await setup();
    const decide = outbox.database.transaction(async (tx) => {
      await outbox.within(tx).enqueue([request('http://x.test/')]);
      throw new Error('decision failed');
    });
    await expect(decide).rejects.toThrow('decision failed');
    expect(await outbox.listDeliveries()).toEqual([]);
  });

  it('rejects a malformed request without recording any of the batch', async () => {
    const outbox = await setup();
    await expect(outbox.enqueue([request('http://x.test/'), { ...request('http://x.test/'), eventUuid: '' }]))
      .rejects.toThrow('enqueue: requests[1].eventUuid must be a non-empty string, got an empty string');
    expect(await outbox.listDeliveries()).toEqual([]);
    await expect(outbox.listDeliveries({ status: 'done' as never })).rejects.toThrow(/status must be one of/);
  });

  it('stores a project webhook URL only when it is an absolute http(s) URL', async () => {
    const { destinations } = await setup();
    await destinations.setWebhookUrl(1, 'HTTPS://hooks.example.com/a');
    expect(await destinations.getWebhookUrl(1)).toBe('HTTPS://hooks.example.com/a');
    for (const url of ['ftp://hooks.example.com/a', 'https://', 'hooks.example.com/a']) {
      await expect(destinations.setWebhookUrl(1, url)).rejects.toThrow(`setWebhookUrl: the webhook URL must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
    }
    await destinations.setWebhookUrl(1, null);
    expect(await destinations.getWebhookUrl(1)).toBeNull();
  });

  it('gives a claim whose lease expired to the next worker and ignores the stale one', async () => {
    const outbox = await setup();
    const target = await receiver(() => 200);
    await outbox.enqueue([request(target.url)]);
    const [stale] = await outbox.claim(1, 30);
    expect(await outbox.claim(1, 30)).toEqual([]);
    worker(outbox);
    await eventually(async () => (await outbox.countDeliveries()).delivered === 1, 'delivery after the lease');
    expect(stale && (await outbox.markFailed(stale, 'late', null))).toBe(false);
    expect((await outbox.listDeliveries())[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(target.received).toHaveLength(1);
  });

  it('claimers on separate connections to one database never take the same row', async () => {
    const { store, location } = await openTestStore();
    const others = await Promise.all([1, 2, 3].map(() => openStoreAt(location)));
    cleanups.push(async () => {
      for (const each of [store, ...others]) await each.close();
    });
    const outboxes = [store, ...others].map((each) => openOutbox(each.database));
    await outboxes[0]?.enqueue(Array.from({ length: 40 }, (_, i) => request('http://x.test/', `evt-${i}`)));
    const claimed: number[] = [];
    for (let round = 0; round < 10 && claimed.length < 40; round += 1) {
      const batches = await Promise.all(outboxes.map((outbox) => outbox.claim(7, 60_000)));
      for (const batch of batches) claimed.push(...batch.map((claim) => claim.id));
    }
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
    expect(await outboxes[1]?.countDeliveries()).toEqual({ pending: 0, in_flight: 40, delivered: 0, failed: 0 });
  });

  it('computes exponential backoff with a cap', () => {
    expect([1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, { initialMs: 100, maxMs: 1000 }))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('rejects bad worker options by name', async () => {
    const outbox = await setup();
    expect(() => startDeliveryWorker({ outbox, concurrency: 0 })).toThrow('startDeliveryWorker: concurrency must be a positive number, got 0');
  });
});
