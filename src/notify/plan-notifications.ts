// The decision of what to send for one matched event: a legacy message for every matched action
// with `post_to_slack` (when the project has a webhook URL) and one request per destination that
// names a matched action. The result goes straight into Outbox.enqueue.
import type { ActionPayload } from '../action/types.js';
import { renderDestinationRequest, destinationWantsAction, type Destination } from './destination.js';
import type { OutboxRequest } from './outbox.js';
import { formatWebhookMessage, type WebhookContext, type WebhookEvent, type WebhookRequest } from './webhook-message.js';

export interface NotificationPlanInput {
  projectId: number | string;
  siteUrl: string;
  /** The matched event; it needs a `uuid` (the idempotency key is built from it). */
  event: WebhookEvent & { uuid: string };
  /** The actions the event matched (full objects: name and message format are needed). */
  matchedActions: readonly ActionPayload[];
  /** The project's destinations (all of them; the ones naming a matched action are used). */
  destinations: readonly Destination[];
  /** The project's incoming webhook URL, or null when none is set. */
  webhookUrl: string | null;
  displayNameProperties?: readonly string[] | null;
  person?: WebhookContext['person'];
  groups?: WebhookContext['groups'];
}

/** The destination key of an action's legacy notification. */
function legacyDestinationKey(actionId: number): string {
  return `action:${actionId}`;
}

/** The destination key of a destination (hog function). */
export function destinationKey(destination: Destination): string {
  return `destination:${destination.id}`;
}

/** Every webhook request `input.event` causes, ready to enqueue. */
export function planNotifications(input: NotificationPlanInput): OutboxRequest[] {
  const requests: OutboxRequest[] = [];
  const optional = {
    ...(input.displayNameProperties === undefined ? {} : { displayNameProperties: input.displayNameProperties }),
    ...(input.person === undefined ? {} : { person: input.person }),
    ...(input.groups === undefined ? {} : { groups: input.groups }),
  };
  const toOutbox = (request: WebhookRequest, key: string, actionId: number | null): OutboxRequest => ({
    eventUuid: input.event.uuid, destinationKey: key, projectId: input.projectId, actionId,
    url: request.url, method: request.method, headers: request.headers, body: request.body,
  });
  if (input.webhookUrl) {
    for (const action of input.matchedActions) {
      if (action.post_to_slack !== true || action.deleted === true) continue;
      const context: WebhookContext = { webhookUrl: input.webhookUrl, siteUrl: input.siteUrl, projectId: input.projectId, ...optional };
      requests.push(toOutbox(formatWebhookMessage(action, input.event, context), legacyDestinationKey(action.id), action.id));
    }
  }
  for (const destination of input.destinations) {
    // One request per destination and event, however many of its actions matched.
    const first = input.matchedActions.find((action) => destinationWantsAction(destination, action.id));
    if (first === undefined) continue;
    const request = renderDestinationRequest(destination, input.event, { siteUrl: input.siteUrl, projectId: input.projectId, ...optional });
    requests.push(toOutbox(request, destinationKey(destination), first.id));
  }
  return requests;
}
