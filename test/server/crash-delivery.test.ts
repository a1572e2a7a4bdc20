// A server process killed between recording a webhook request and sending it: the match was
// answered (so the request is in the outbox), delivery was paused, the process got SIGKILL.
// A server started again on the same database sends the request, exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../notify/helpers.js';
import { newDatabase } from '../helpers/test-store.js';
import { createOk, createTempDir, request, startChildServer, writeKeys, type ChildServer } from './server-fixture.js';
import { deliveries, eventually, matchEvents, setWebhookUrl } from './notify-fixture.js';

const children: ChildServer[] = [];
let hook: Receiver | null = null;
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await child.exited;
  }
  await hook?.close();
  hook = null;
});

async function start(args: string[]): Promise<ChildServer> {
  const child = await startChildServer(args);
  children.push(child);
  return child;
}

describe('a server killed before sending', () => {
  it('sends the recorded request after a restart, exactly once', async () => {
    const dir = createTempDir();
    const common = ['--db', await newDatabase(dir), '--keys', writeKeys(dir), '--delivery-backoff', '20', '--allow-internal-webhooks'];
    const receiver = await startReceiver(() => 200);
    hook = receiver;

    const first = await start([...common, '--pause-delivery']);
    await setWebhookUrl(first.url, receiver.url);
    const action = await createOk(first.url, { name: 'Crash', post_to_slack: true, steps: [{ event: 'crash' }] });
    expect(await matchEvents(first.url, { uuid: 'evt-crash', event: 'crash', distinct_id: 'd' })).toEqual({ results: [{ uuid: 'evt-crash', action_ids: [action.id] }] });
    expect((await deliveries(first.url)).counts).toEqual({ pending: 1, in_flight: 0, delivered: 0, failed: 0 });
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(receiver.received).toHaveLength(0);

    const second = await start(common);
    await eventually(async () => (await deliveries(second.url)).counts.delivered === 1, 'the delivery after restart');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers['idempotency-key']).toBe(`action:${action.id}/evt-crash`);
    expect(JSON.parse(receiver.received[0]?.body ?? '')).toMatchObject({ text: expect.stringContaining('Crash') as unknown });
    // Replaying the event to the restarted server records nothing new.
    await matchEvents(second.url, { uuid: 'evt-crash', event: 'crash', distinct_id: 'd' });
    const status = await deliveries(second.url);
    expect(status.count).toBe(1);
    expect(status.results[0]).toMatchObject({ status: 'delivered', attempts: 1 });

    // A graceful stop (SIGTERM) exits 0; the delivered request is not sent again by anyone.
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(receiver.received).toHaveLength(1);
  }, 60_000);
});

describe('serve --webhook-url', () => {
  it('sets the webhook URL of the given projects at start, and refuses a URL that is not http(s)', async () => {
    const dir = createTempDir();
    const common = ['--db', await newDatabase(dir), '--keys', writeKeys(dir)];
    const server = await start([...common, '--project', '3', '--webhook-url', 'https://hooks.example.com/three']);
    expect((await request(server.url, 'GET', '/api/projects/3/', { key: 'phx_read' })).json).toEqual({ id: 3, slack_incoming_webhook: 'https://hooks.example.com/three' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const refused = await startChildServer([...common, '--webhook-url', 'mailto:a@b.c']).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(refused).toContain('--webhook-url must be an http:// or https:// URL, got "mailto:a@b.c"');
  }, 60_000);
});
