// ServerNotifications.record on its own: what the match endpoint records for matched events, in
// the cases the endpoint cannot reach through the API alone (a destination saved by another
// program with a templated URL).
import { describe, expect, it } from 'vitest';
import { destinationFromAction } from '../../src/notify/destination.js';
import { startServerNotifications } from '../../src/server/notifications.js';
import { openTestStore } from '../helpers/test-store.js';

describe('startServerNotifications().record', () => {
  it('skips a destination whose URL renders empty for the event, and records it where it does not', async () => {
    const { store } = await openTestStore();
    await store.ensureProject(1);
    const notifications = startServerNotifications(store, { paused: true });
    try {
      const action = { id: 3, name: 'Signed up', steps: [{ event: 'signed_up' }] };
      const migrated = destinationFromAction(action, 'https://hooks.example.com/fixed', { id: 'd-1' });
      await notifications.outbox.destinations.saveDestination(1, { ...migrated, inputs: { ...migrated.inputs, url: { value: '{event.properties.hook}' } } });
      const matched = (uuid: string, properties: Record<string, unknown>) => [{ event: { uuid, event: 'signed_up', properties }, actions: [action] }];

      expect(await notifications.record(1, 'http://site', matched('e-1', {}))).toEqual({ enqueued: 0, duplicates: 0 });
      expect(await notifications.record(1, 'http://site', matched('e-2', { hook: 'https://hooks.example.com/from-event' }))).toEqual({ enqueued: 1, duplicates: 0 });
      expect((await notifications.outbox.listDeliveries()).map((delivery) => [delivery.event_uuid, delivery.url])).toEqual([['e-2', 'https://hooks.example.com/from-event']]);
    } finally {
      await notifications.stop();
      await store.close();
    }
  });
});
