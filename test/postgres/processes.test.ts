// Several server processes on one PostgreSQL database: every webhook request delivered once
// however many workers claim at the same moment (SKIP LOCKED), and a store whose LISTEN
// connection was cut learns of the writes it missed from the action-write counter.
import { afterEach, describe, expect, it } from 'vitest';
import { openActionStore } from '../../src/store/postgres-store.js';
import { eventually } from '../helpers/eventually.js';
import { adminQuery, createTestDatabase } from '../helpers/postgres.js';
import { startReceiver, type Receiver } from '../notify/helpers.js';
import { deliveries, matchEvents, setWebhookUrl } from '../server/notify-fixture.js';
import { createOk, createTempDir, startChildServer, writeKeys, type ChildServer } from '../server/server-fixture.js';

const children: ChildServer[] = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGTERM');
    await child.exited;
  }
  for (const receiver of receivers.splice(0)) await receiver.close();
});

async function start(args: string[]): Promise<ChildServer> {
  const child = await startChildServer(args);
  children.push(child);
  return child;
}

const listeners = async (database: string): Promise<number> =>
  (await adminQuery<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'actionmatch listener'", [database]))[0]?.n ?? 0;

describe('webhook delivery from several processes', () => {
  it('three servers working one outbox send each request exactly once', async () => {
    const dir = createTempDir();
    const common = ['--db', await createTestDatabase(), '--keys', writeKeys(dir), '--allow-internal-webhooks'];
    // Slow answers keep rows in flight, so the workers claim while the others hold rows.
    const receiver = await startReceiver(() => 200);
    receivers.push(receiver);
    const recorder = await start([...common, '--pause-delivery']);
    await setWebhookUrl(recorder.url, receiver.url);
    const action = await createOk(recorder.url, { name: 'Paid', post_to_slack: true, steps: [{ event: 'paid' }] });
    const events = Array.from({ length: 30 }, (_, index) => ({ uuid: `evt-${index}`, event: 'paid', distinct_id: `d${index}` }));
    await matchEvents(recorder.url, events);
    expect((await deliveries(recorder.url)).counts.pending).toBe(30);

    await Promise.all([1, 2, 3].map(() => start([...common, '--delivery-backoff', '20'])));
    await eventually(async () => (await deliveries(recorder.url)).counts.delivered === 30, 'every delivery');
    // Nothing arrives twice, also a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const keys = receiver.received.map((received) => received.headers['idempotency-key']);
    expect(keys).toHaveLength(30);
    expect(new Set(keys)).toEqual(new Set(events.map((event) => `action:${action.id}/${event.uuid}`)));
    expect((await deliveries(recorder.url, '?status=delivered&limit=100')).results.every((row) => row['attempts'] === 1)).toBe(true);
  }, 60_000);
});

describe('live updates after the LISTEN connection is lost', () => {
  it('a write made while no one listened still moves the other store’s externalVersion', async () => {
    const url = await createTestDatabase();
    const database = new URL(url).pathname.slice(1);
    // A long reconnect delay holds the gap open while the other store writes.
    const reader = await openActionStore(url, { reconnectDelayMs: 1000, onError: () => undefined });
    const writer = await openActionStore(url, { reconnectDelayMs: 1000, onError: () => undefined });
    try {
      await reader.ensureProject(1);
      const before = await reader.externalVersion();
      expect(await listeners(database)).toBe(2);
      await adminQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'actionmatch listener'", [database]);
      await eventually(async () => (await listeners(database)) === 0, 'the listeners to be gone');
      const created = await writer.create<never>(1, (id) => ({ ok: true, action: { id, name: 'In the gap', deleted: false, steps: [] } }));
      expect(created.ok).toBe(true);
      expect(await reader.externalVersion()).toBe(before);
      await eventually(async () => (await listeners(database)) === 2, 'the listeners to reconnect');
      await eventually(async () => (await reader.externalVersion()) !== before, 'the missed write to be noticed');
    } finally {
      await writer.close();
      await reader.close();
    }
  }, 30_000);
});
