// Legacy notifications end to end: an action with post_to_slack and a project webhook URL, an
// event through the match endpoint, and a real receiver on loopback that gets the formatted
// message; retries, timeouts and replays, all visible at /webhook_deliveries/.
import { describe, expect, it } from 'vitest';
import { createOk, request } from './server-fixture.js';
import { closeAfterEach, deliveries, eventually, matchEvents, quickDelivery, setWebhookUrl, startHook, startHookedServer, startServer } from './notify-fixture.js';

closeAfterEach();

const signup = (uuid: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...(uuid === undefined ? {} : { uuid }),
  event: 'signed_up',
  distinct_id: 'user-42',
  timestamp: '2026-01-02T03:04:05.000Z',
  properties: { $browser: 'Firefox' },
  person: { properties: { email: 'ann&bo@example.com' } },
  ...extra,
});

describe('project webhook URL (slack_incoming_webhook)', () => {
  it('is read and set on the project, http(s) only, with project scopes', async () => {
    const server = await startServer();
    expect((await request(server.url, 'GET', '/api/projects/1/', { key: 'phx_read' })).json).toEqual({ id: 1, slack_incoming_webhook: null });
    await setWebhookUrl(server.url, 'https://hooks.example.com/a');
    expect((await request(server.url, 'GET', '/api/projects/1/', { key: 'phx_read' })).json).toEqual({ id: 1, slack_incoming_webhook: 'https://hooks.example.com/a' });
    // Project 2 has its own setting.
    expect((await request(server.url, 'GET', '/api/projects/2/', { key: 'phx_read' })).json).toEqual({ id: 2, slack_incoming_webhook: null });

    const bad = await request(server.url, 'PATCH', '/api/projects/1/', { body: { slack_incoming_webhook: 'ftp://example.com/x' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ type: 'validation_error', code: 'invalid', detail: 'Enter a valid http:// or https:// URL, got "ftp://example.com/x".', attr: 'slack_incoming_webhook' });
    const wrongType = await request(server.url, 'PATCH', '/api/projects/1/', { body: { slack_incoming_webhook: 5 } });
    expect(wrongType.status).toBe(400);
    // A body that is not an object gets DRF's message, as the action endpoints answer it.
    for (const [body, type] of [[null, 'NoneType'], [[1], 'list'], [5, 'int']] as const) {
      const notObject = await request(server.url, 'PATCH', '/api/projects/1/', { body });
      expect(notObject.json).toEqual({ type: 'validation_error', code: 'invalid', detail: `Invalid data. Expected a dictionary, but got ${type}.`, attr: null });
    }

    const readOnly = await request(server.url, 'PATCH', '/api/projects/1/', { key: 'phx_read', body: { slack_incoming_webhook: null } });
    expect(readOnly.status).toBe(403);
    expect(readOnly.json).toMatchObject({ detail: "API key missing required scope 'project:write'" });
    expect((await request(server.url, 'GET', '/api/projects/1/', { key: 'phx_other' })).status).toBe(403);
    expect((await request(server.url, 'GET', '/api/projects/99/', { key: 'phx_read' })).status).toBe(404);

    await setWebhookUrl(server.url, '');
    expect((await request(server.url, 'GET', '/api/projects/1/', { key: 'phx_read' })).json).toEqual({ id: 1, slack_incoming_webhook: null });
  });
});

describe('delivery of post_to_slack messages', () => {
  it('sends the Slack-shaped message for a URL containing slack.com, once per matched action', async () => {
    const server = await startServer();
    const hook = await startHook();
    const slackUrl = hook.url.replace('/hook', '/hooks.slack.com/services/T1/B1');
    await setWebhookUrl(server.url, slackUrl);
    const action = await createOk(server.url, { name: 'Signed up', post_to_slack: true, slack_message_format: '[action.name] by [person] on [user.browser]', steps: [{ event: 'signed_up' }] });
    // Matches too, but has no notification.
    const quiet = await createOk(server.url, { name: 'Quiet', steps: [{ event: 'signed_up' }] });

    expect(await matchEvents(server.url, signup('evt-1'))).toEqual({ results: [{ uuid: 'evt-1', action_ids: [action.id, quiet.id] }] });
    await eventually(async () => (await deliveries(server.url)).counts.delivered === 1, 'the delivery');

    expect(hook.received).toHaveLength(1);
    const received = hook.received[0];
    expect(received?.path).toBe('/hooks.slack.com/services/T1/B1');
    expect(received?.headers['idempotency-key']).toBe(`action:${action.id}/evt-1`);
    expect(received?.headers['content-type']).toBe('application/json');
    const site = server.url;
    expect(JSON.parse(received?.body ?? '')).toEqual({
      // As in PostHog, values are escaped for Slack in the plain text too.
      text: 'Signed up by ann&amp;bo@example.com on Firefox',
      blocks: [{
        type: 'section',
        text: { type: 'mrkdwn', text: `<${site}/project/1/action/${action.id}|Signed up> by <${site}/project/1/person/user-42|ann&amp;bo@example.com> on Firefox` },
      }],
    });
    const status = await deliveries(server.url);
    expect(status.count).toBe(1);
    expect(status.results[0]).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200, event_uuid: 'evt-1', destination_key: `action:${action.id}`, action_id: action.id, url: slackUrl });
  });

  it('sends the Markdown shape elsewhere, and nothing for a project without a webhook URL', async () => {
    const { server, hook } = await startHookedServer();
    const action = await createOk(server.url, { name: 'Signed_up', post_to_slack: true, steps: [{ event: 'signed_up' }] });
    await createOk(server.url, { name: 'Elsewhere', post_to_slack: true, steps: [{ event: 'signed_up' }] }, 2);
    await matchEvents(server.url, signup('evt-md', { person: { properties: { name: 'Zoë *' } } }));
    await matchEvents(server.url, signup('evt-other'), 2);
    await eventually(async () => (await deliveries(server.url)).counts.delivered === 1, 'the delivery');
    expect(JSON.parse(hook.received[0]?.body ?? '')).toEqual({
      text: `[Signed\\_up](${server.url}/project/1/action/${action.id}) was triggered by [Zoë \\*](${server.url}/project/1/person/user-42)`,
    });
    expect(await deliveries(server.url, '', 2)).toMatchObject({ count: 0, results: [] });
  });

  it('retries a receiver that fails twice: delivered exactly once after 3 attempts', async () => {
    const { server, hook } = await startHookedServer((_request, index) => (index < 2 ? 503 : 200));
    const action = await createOk(server.url, { name: 'Flaky', post_to_slack: true, steps: [{ event: 'signed_up' }] });
    await matchEvents(server.url, signup('evt-flaky'));
    await eventually(async () => (await deliveries(server.url)).counts.delivered === 1, 'the delivery');
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((received) => received.body)).size).toBe(1);
    expect(hook.received.map((received) => received.headers['idempotency-key'])).toEqual(Array(3).fill(`action:${action.id}/evt-flaky`));
    const status = await deliveries(server.url, '?status=delivered');
    expect(status).toMatchObject({ count: 1, counts: { pending: 0, in_flight: 0, delivered: 1, failed: 0 } });
    expect(status.results[0]).toMatchObject({ status: 'delivered', attempts: 3, last_status: 200, last_error: null });
  });

  it('marks a request failed after timeouts and the last attempt, visible by status', async () => {
    const { server, hook } = await startHookedServer(() => null, { ...quickDelivery, timeoutMs: 400, maxAttempts: 2 });
    await createOk(server.url, { name: 'Silent', post_to_slack: true, steps: [{ event: 'signed_up' }] });
    await matchEvents(server.url, signup('evt-silent'));
    await eventually(async () => (await deliveries(server.url)).counts.failed === 1, 'the failure');
    expect(hook.received).toHaveLength(2);
    const failed = await deliveries(server.url, '?status=failed');
    expect(failed.count).toBe(1);
    expect(failed.results[0]).toMatchObject({ status: 'failed', attempts: 2, last_status: null, last_error: 'timed out after 400 ms (gave up after 2 attempts)', delivered_at: null });
    expect(await deliveries(server.url, '?status=delivered')).toMatchObject({ count: 0, results: [] });
    const bad = await request(server.url, 'GET', '/api/projects/1/webhook_deliveries/?status=lost', { key: 'phx_read' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ attr: 'status', detail: 'status must be one of pending, in_flight, delivered, failed, got "lost".' });
  });

  it('does not send a replayed event twice, with or without a uuid', async () => {
    const { server, hook } = await startHookedServer();
    const action = await createOk(server.url, { name: 'Once', post_to_slack: true, steps: [{ event: 'signed_up' }] });
    const noUuid = signup(undefined);
    // The same event with its keys in another order is the same event.
    const reordered = Object.fromEntries(Object.entries(noUuid).reverse());
    await matchEvents(server.url, [signup('evt-replay'), noUuid]);
    await matchEvents(server.url, [signup('evt-replay'), reordered]);
    await matchEvents(server.url, signup('evt-replay'));
    await eventually(async () => (await deliveries(server.url)).counts.delivered === 2, 'two deliveries');
    const status = await deliveries(server.url);
    expect(status.count).toBe(2);
    expect(hook.received).toHaveLength(2);
    const keys = hook.received.map((received) => received.headers['idempotency-key']).sort();
    expect(keys[0]).toBe(`action:${action.id}/evt-replay`);
    expect(keys[1]).toMatch(new RegExp(`^action:${action.id}/sha256:[0-9a-f]{64}$`));
    // A different event without a uuid is a new event.
    await matchEvents(server.url, signup(undefined, { distinct_id: 'user-43' }));
    await eventually(async () => (await deliveries(server.url)).counts.delivered === 3, 'the third delivery');
    expect(hook.received).toHaveLength(3);
  });
});
