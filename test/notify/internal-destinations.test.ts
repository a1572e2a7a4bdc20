// Webhooks to internal addresses: refused by default when the URL is set (the project setting,
// startServer's webhookUrl) and again at delivery, on the addresses the connection uses (a name
// rebound to 127.0.0.1 after it was set is refused too); allowed with the server's explicit
// option. Deliveries here go to real receivers on loopback, reached by name through an injected
// resolver where a test needs DNS to answer something chosen.
import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { startDeliveryWorker } from '../../src/notify/delivery-worker.js';
import { createGuardedFetch, describeInternalDestination, type ResolveHost } from '../../src/notify/guarded-fetch.js';
import { classifyAddress } from '../../src/notify/internal-address.js';
import { openOutbox, type Outbox } from '../../src/notify/outbox.js';
import { eventually } from '../helpers/eventually.js';
import { openTestStore } from '../helpers/test-store.js';
import { request, startTestServer } from '../server/server-fixture.js';
import { startReceiver, type Receiver } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(): Promise<Receiver> {
  const started = await startReceiver(() => 200);
  cleanups.push(() => started.close());
  return started;
}

async function outbox(): Promise<Outbox> {
  const { store } = await openTestStore();
  cleanups.push(() => store.close());
  return openOutbox(store.database);
}

function deliverWith(queue: Outbox, options: Omit<Parameters<typeof startDeliveryWorker>[0], 'outbox'> = {}): void {
  const worker = startDeliveryWorker({ outbox: queue, pollMs: 10, backoff: { initialMs: 10, maxMs: 20 }, maxAttempts: 3, onError: (error) => { throw error; }, ...options });
  cleanups.push(() => worker.stop());
}

const enqueue = (queue: Outbox, url: string) =>
  queue.enqueue([{ eventUuid: 'e-1', destinationKey: 'action:1', projectId: 1, actionId: 1, url, headers: { 'Content-Type': 'application/json' }, body: '{}' }]);

/** A resolver answering from `table` (a list of answers is used in turn, the last one repeated). */
function resolverFrom(table: Record<string, string[] | string[][]>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const answers = (Array.isArray(entry[0]) ? entry : [entry]) as string[][];
    const answer = answers[Math.min(calls.filter((name) => name === hostname).length - 1, answers.length - 1)] as string[];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    // PostHog refuses every IPv4-mapped address, public or not (its range is not "unicast").
    ['::ffff:8.8.8.8', 'IPv4 inside IPv6'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450::1'])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });
});

describe('at delivery', () => {
  it('refuses a loopback receiver by default: failed for good, nothing sent, the address named', async () => {
    const queue = await outbox();
    const target = await receiver();
    await enqueue(queue, target.url);
    deliverWith(queue);
    await eventually(async () => (await queue.countDeliveries()).failed === 1, 'the refusal');
    const [row] = await queue.listDeliveries();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_status: null });
    expect(row?.last_error).toMatch(/^refused to send to 127\.0\.0\.1: a loopback address; webhooks to internal addresses are refused unless the server allows them/);
    expect(target.received).toHaveLength(0);
  });

  it.each(['http://localhost:1/hook', 'http://[::1]:1/hook', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://[::ffff:127.0.0.1]:1/'])('refuses %s before connecting', async (url) => {
    const send = createGuardedFetch({ allowInternal: false, resolve: resolverFrom({}) });
    await expect(send(url, { method: 'POST', headers: {}, body: '', signal: AbortSignal.timeout(2000), redirect: 'manual' })).rejects.toThrow(/^refused to send to /);
  });

  it('refuses a name that resolves to an internal address, checking the addresses the connection would use', async () => {
    const target = await receiver();
    const port = new URL(target.url).port;
    const resolve = resolverFrom({ 'hooks.example.test': ['93.184.216.34', '127.0.0.1'] });
    const send = createGuardedFetch({ allowInternal: false, resolve });
    await expect(send(`http://hooks.example.test:${port}/hook`, { method: 'POST', headers: {}, body: '', signal: AbortSignal.timeout(2000), redirect: 'manual' })).rejects.toThrow(
      'refused to send to hooks.example.test (127.0.0.1): a loopback address',
    );
    expect(resolve.calls).toEqual(['hooks.example.test']);
    expect(target.received).toHaveLength(0);
  });

  it('DNS rebinding: public when the URL is set, loopback at delivery: refused at delivery', async () => {
    const target = await receiver();
    const port = new URL(target.url).port;
    const resolve = resolverFrom({ 'rebind.example.test': [['93.184.216.34'], ['127.0.0.1']] });
    const url = `http://rebind.example.test:${port}/hook`;
    expect(await describeInternalDestination(url, resolve)).toBeNull();
    const queue = await outbox();
    await enqueue(queue, url);
    deliverWith(queue, { fetch: createGuardedFetch({ allowInternal: false, resolve }) });
    await eventually(async () => (await queue.countDeliveries()).failed === 1, 'the refusal');
    expect((await queue.listDeliveries())[0]?.last_error).toMatch(/^refused to send to rebind\.example\.test \(127\.0\.0\.1\): a loopback address/);
    expect(target.received).toHaveLength(0);
  });

  it('with allowInternal, the connection goes to the address the resolver gave: delivered', async () => {
    const target = await receiver();
    const port = new URL(target.url).port;
    const queue = await outbox();
    await enqueue(queue, `http://receiver.example.test:${port}/hook`);
    deliverWith(queue, { fetch: createGuardedFetch({ allowInternal: true, resolve: resolverFrom({ 'receiver.example.test': ['127.0.0.1'] }) }) });
    await eventually(async () => (await queue.countDeliveries()).delivered === 1, 'the delivery');
    expect(target.received).toHaveLength(1);
    expect(target.received[0]?.headers['host']).toBe(`receiver.example.test:${port}`);
  });

  it('allowInternalDestinations lets the default sender reach loopback', async () => {
    const queue = await outbox();
    const target = await receiver();
    await enqueue(queue, target.url);
    deliverWith(queue, { allowInternalDestinations: true });
    await eventually(async () => (await queue.countDeliveries()).delivered === 1, 'the delivery');
    expect(target.received).toHaveLength(1);
  });
});

describe('when the URL is set', () => {
  it.each(['http://127.0.0.1:9/hook', 'http://localhost:8000/', 'http://app.localhost/', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data/', 'https://192.168.0.10/hook'])(
    'PATCH slack_incoming_webhook %s is a 400 naming the address, and nothing is stored',
    async (url) => {
      const server = await startTestServer();
      cleanups.push(() => server.close());
      const response = await request(server.url, 'PATCH', '/api/projects/1/', { key: 'phx_all', body: { slack_incoming_webhook: url } });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ type: 'validation_error', code: 'invalid', attr: 'slack_incoming_webhook' });
      expect((response.json as { detail: string }).detail).toMatch(/^refused to send to .*: a (loopback|link-local|private) address; /);
      expect((await request(server.url, 'GET', '/api/projects/1/', { key: 'phx_all' })).json).toEqual({ id: 1, slack_incoming_webhook: null });
    },
  );

  it('a public or unresolvable name is accepted (delivery checks again)', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const response = await request(server.url, 'PATCH', '/api/projects/1/', { key: 'phx_all', body: { slack_incoming_webhook: 'https://hooks.example.invalid/x' } });
    expect(response.status).toBe(200);
  });

  it('a server started with allowInternalWebhooks accepts loopback URLs', async () => {
    const server = await startTestServer({ allowInternalWebhooks: true });
    cleanups.push(() => server.close());
    const response = await request(server.url, 'PATCH', '/api/projects/1/', { key: 'phx_all', body: { slack_incoming_webhook: 'http://127.0.0.1:9/hook' } });
    expect(response.status).toBe(200);
  });

  it("startServer's webhookUrl to an internal address is refused at start", async () => {
    await expect(startTestServer({ webhookUrl: 'http://10.0.0.5/hook' })).rejects.toThrow('the webhook URL http://10.0.0.5/hook: refused to send to 10.0.0.5: a private address');
  });
});
