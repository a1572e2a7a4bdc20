// Notifications in the server: the outbox and its delivery worker on the server's own database
// (SQLite or PostgreSQL),
// the recording of webhook requests for matched events (in one transaction with the decision),
// and the event key that makes a replayed event a duplicate rather than a second message.
import { createHash } from 'node:crypto';
import type { ActionPayload } from '../action/types.js';
import { planNotifications } from '../notify/plan-notifications.js';
import { openOutbox, type Outbox } from '../notify/outbox.js';
import { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from '../notify/delivery-worker.js';
import { describeInternalDestination } from '../notify/guarded-fetch.js';
import type { WebhookEvent } from '../notify/webhook-message.js';
import type { StoredAction } from '../store/action-store.js';
import type { SqlActionStore } from '../store/sql-action-store.js';

/** How the delivery worker runs; every field is optional (the worker's defaults apply). */
export type DeliverySettings = Omit<DeliveryWorkerOptions, 'outbox'> & {
  /** Record requests but do not send them (until a server without it opens the database). */
  readonly paused?: boolean;
};

/** One event that went through the match endpoint, with the full objects of what it matched. */
export interface MatchedEvent {
  readonly event: Record<string, unknown> & { event: string };
  readonly actions: readonly StoredAction[];
}

export interface ServerNotifications {
  readonly outbox: Outbox;
  /**
   * Records every webhook request the events cause, in one write transaction; resolves once it
   * is committed (the match response is sent after that). Wakes the worker.
   */
  record(projectId: number, siteUrl: string, matched: readonly MatchedEvent[]): Promise<{ enqueued: number; duplicates: number }>;
  /**
   * Why `url` (an http(s) URL) may not be set as a webhook URL, or null: an internal destination,
   * unless the settings allow them (`allowInternalDestinations`). Delivery checks again.
   */
  refuseWebhookUrl(url: string): Promise<string | null>;
  /** Stops the worker, waiting for requests in flight to be recorded. */
  stop(): Promise<void>;
}

/** JSON with object keys sorted at every depth: equal events give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The key that identifies an event in the outbox: its `uuid` when it has a non-empty string one,
 * else `sha256:` and the hash of its canonical JSON, so that sending the same event again is
 * recognised as a replay.
 */
export function eventKey(event: Record<string, unknown>): string {
  const uuid = event['uuid'];
  if (typeof uuid === 'string' && uuid !== '') return uuid;
  return `sha256:${createHash('sha256').update(canonicalJson(event)).digest('hex')}`;
}

/** Opens the outbox on the store's database and starts delivering (unless paused). */
export function startServerNotifications(store: SqlActionStore, settings: DeliverySettings = {}): ServerNotifications {
  const outbox = openOutbox(store.database);
  const { paused, ...workerOptions } = settings;
  const worker: DeliveryWorker | null = paused === true ? null : startDeliveryWorker({ ...workerOptions, outbox });

  return {
    outbox,
    async record(projectId, siteUrl, matched) {
      // One transaction: the requests are recorded under the destinations and the webhook URL
      // read in it (on SQLite no write lands between the read and the insert).
      const result = await store.database.transaction(async (tx) => {
        const configured = outbox.destinations.within(tx);
        const destinations = await configured.listDestinations(projectId);
        const webhookUrl = await configured.getWebhookUrl(projectId);
        let enqueued = 0;
        let duplicates = 0;
        for (const { event, actions } of matched) {
          if (actions.length === 0) continue;
          const key = eventKey(event);
          const requests = planNotifications({
            projectId,
            siteUrl,
            // The formatter reads a missing uuid as missing; the outbox key is set below.
            event: event as WebhookEvent & { uuid: string },
            matchedActions: actions as unknown as readonly ActionPayload[],
            destinations,
            webhookUrl,
          })
            // A destination whose URL renders empty for this event has nowhere to send it.
            .filter((request) => request.url !== '')
            .map((request) => ({ ...request, eventUuid: key }));
          const outcome = await outbox.within(tx).enqueue(requests);
          enqueued += outcome.enqueued;
          duplicates += outcome.duplicates;
        }
        return { enqueued, duplicates };
      });
      if (result.enqueued > 0) worker?.wake();
      return result;
    },
    async refuseWebhookUrl(url) {
      return workerOptions.allowInternalDestinations === true ? null : describeInternalDestination(url);
    },
    async stop() {
      await worker?.stop();
    },
  };
}
