// POST actions/:id/migrate end to end: the legacy notification becomes a destination (PostHog's
// migrated shape), post_to_slack turns false, the destination is listed at /hog_functions/ and
// a matching event now sends the destination's request instead of the legacy one.
import { describe, expect, it } from 'vitest';
import { asAction, createOk, request } from './server-fixture.js';
import { closeAfterEach, deliveries, eventually, matchEvents, setWebhookUrl, startHookedServer, startServer } from './notify-fixture.js';

closeAfterEach();

const bought = (uuid: string): Record<string, unknown> => ({
  uuid,
  event: 'bought',
  distinct_id: 'buyer 1',
  timestamp: '2026-02-03T04:05:06.000Z',
  properties: { plan: 'pro' },
  person: { properties: { email: 'buyer@example.com' } },
});

describe('POST /api/projects/:project_id/actions/:id/migrate/', () => {
  it('moves the notification to a destination that then takes over the delivery', async () => {
    const { server, hook } = await startHookedServer();
    const action = await createOk(server.url, {
      name: 'Bought',
      post_to_slack: true,
      slack_message_format: '[person] bought [event.properties.plan]',
      steps: [{ event: 'bought' }],
    });

    const response = await request(server.url, 'POST', `/api/projects/1/actions/${action.id}/migrate/`);
    expect(response.status).toBe(200);
    const destination = response.json as Record<string, unknown> & { id: string };
    expect(destination).toMatchObject({
      type: 'destination',
      name: `Webhook for action ${action.id} (Bought)`,
      template_id: 'template-webhook',
      enabled: true,
      deleted: false,
      inputs: { url: { value: hook.url }, method: { value: 'POST' }, body: { value: { text: '[{person.name}]({person.url}) bought {event.properties.plan}' } } },
      filters: { actions: [{ id: String(action.id), type: 'actions', name: 'Bought', order: 0 }] },
    });
    expect(typeof destination.id).toBe('string');

    expect(asAction(await request(server.url, 'GET', `/api/projects/1/actions/${action.id}/`)).post_to_slack).toBe(false);
    const listed = await request(server.url, 'GET', '/api/projects/1/hog_functions/', { key: 'phx_read' });
    expect(listed.json).toEqual({ count: 1, next: null, previous: null, results: [destination] });
    expect((await request(server.url, 'GET', `/api/projects/1/hog_functions/${destination.id}/`, { key: 'phx_read' })).json).toEqual(destination);
    expect((await request(server.url, 'GET', '/api/projects/2/hog_functions/', { key: 'phx_read' })).json).toMatchObject({ count: 0, results: [] });
    expect((await request(server.url, 'GET', `/api/projects/2/hog_functions/${destination.id}/`, { key: 'phx_read' })).status).toBe(404);

    await matchEvents(server.url, bought('evt-after'));
    await eventually(async () => (await deliveries(server.url)).counts.delivered === 1, 'the destination delivery');
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]?.headers['idempotency-key']).toBe(`destination:${destination.id}/evt-after`);
    expect(JSON.parse(hook.received[0]?.body ?? '')).toEqual({ text: `[buyer@example.com](${server.url}/project/1/person/buyer%201) bought pro` });
    expect((await deliveries(server.url)).results[0]).toMatchObject({ destination_key: `destination:${destination.id}`, action_id: action.id });

    // Nothing is left to migrate.
    const again = await request(server.url, 'POST', `/api/projects/1/actions/${action.id}/migrate/`);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ type: 'validation_error', attr: 'post_to_slack' });
  });

  it('a disabled destination sends nothing; enabled must be a boolean', async () => {
    const { server, hook } = await startHookedServer();
    const action = await createOk(server.url, { name: 'Bought', post_to_slack: true, steps: [{ event: 'bought' }] });
    const destination = (await request(server.url, 'POST', `/api/projects/1/actions/${action.id}/migrate/`)).json as { id: string };
    const path = `/api/projects/1/hog_functions/${destination.id}/`;
    const bad = await request(server.url, 'PATCH', path, { body: { enabled: 'no' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ attr: 'enabled' });
    expect((await request(server.url, 'PATCH', path, { key: 'phx_read', body: { enabled: false } })).status).toBe(403);
    const disabled = await request(server.url, 'PATCH', path, { body: { enabled: false } });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ id: destination.id, enabled: false });

    expect(await matchEvents(server.url, bought('evt-off'))).toEqual({ results: [{ uuid: 'evt-off', action_ids: [action.id] }] });
    expect(await deliveries(server.url)).toMatchObject({ count: 0 });
    await request(server.url, 'PATCH', path, { body: { enabled: true } });
    await matchEvents(server.url, bought('evt-on'));
    await eventually(async () => (await deliveries(server.url)).counts.delivered === 1, 'the delivery once enabled');
    expect(hook.received.map((received) => received.headers['idempotency-key'])).toEqual([`destination:${destination.id}/evt-on`]);
  });

  it('answers 400 for a deleted action and a project without a webhook URL, 404 for an unknown action', async () => {
    const server = await startServer();
    await setWebhookUrl(server.url, 'https://hooks.example.com/x');
    const deleted = await createOk(server.url, { name: 'Gone', post_to_slack: true, steps: [{ event: 'bought' }] });
    await request(server.url, 'PATCH', `/api/projects/1/actions/${deleted.id}/`, { body: { deleted: true } });
    const gone = await request(server.url, 'POST', `/api/projects/1/actions/${deleted.id}/migrate/`);
    expect(gone.status).toBe(400);
    expect(gone.json).toEqual({ type: 'validation_error', code: 'invalid_input', detail: `Cannot migrate: action ${deleted.id} is deleted and cannot be migrated.`, attr: 'deleted' });

    const noUrl = await createOk(server.url, { name: 'No URL', post_to_slack: true, steps: [{ event: 'bought' }] }, 2);
    const refused = await request(server.url, 'POST', `/api/projects/2/actions/${noUrl.id}/migrate/`);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'Cannot migrate: the project has no webhook URL set: there is nothing to migrate the notification to.',
      attr: 'slack_incoming_webhook',
    });
    // A refused migrate changes nothing.
    expect(asAction(await request(server.url, 'GET', `/api/projects/2/actions/${noUrl.id}/`)).post_to_slack).toBe(true);
    expect((await request(server.url, 'GET', '/api/projects/2/hog_functions/')).json).toMatchObject({ count: 0 });

    expect((await request(server.url, 'POST', '/api/projects/1/actions/987654/migrate/')).status).toBe(404);
    // The action belongs to project 1: unknown in project 2.
    expect((await request(server.url, 'POST', `/api/projects/2/actions/${deleted.id}/migrate/`)).status).toBe(404);
    expect((await request(server.url, 'POST', `/api/projects/1/actions/${deleted.id}/migrate/`, { key: 'phx_read' })).status).toBe(403);
  });
});
