// The endpoints around notifications: migrate (an action's legacy webhook to a destination), the
// project's incoming webhook URL (PostHog's team field `slack_incoming_webhook`), destinations
// at /hog_functions/, and the delivery status of the outbox.
import type { ActionPayload } from '../action/types.js';
import { describeKind } from '../event/read-value.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../notify/outbox.js';
import { describeMigrateProblem, destinationFromAction, type Destination } from '../notify/destination.js';
import { isWebhookUrl } from '../notify/webhook-url.js';
import type { WriteDecision } from '../store/action-store.js';
import { ApiError, notFound, notImplemented, validationError } from './api-error.js';
import { commitWrite, readActionId, type EndpointContext } from './action-endpoints.js';
import type { Reply } from './http-io.js';
import { readDictionary } from './validate-fields.js';
import type { ServerNotifications } from './notifications.js';
import { pageLinks, queryParam, readPage } from './pagination.js';

function notificationsOf(context: EndpointContext): ServerNotifications {
  if (context.notifications === null) throw notImplemented('Notifications need the server database; this server runs without them.');
  return context.notifications;
}

/**
 * POST actions/:id/migrate: in one transaction, the action's legacy notification becomes a
 * destination and `post_to_slack` turns false. 400 when there is nothing to migrate.
 */
export async function migrateAction(context: EndpointContext): Promise<Reply> {
  const { outbox } = notificationsOf(context);
  const id = readActionId(context);
  let destination: Destination | null = null;
  const result = await context.store.update<ApiError>(context.projectId, id, async (current, write): Promise<WriteDecision<ApiError>> => {
    // Runs inside the store's write transaction: the destination commits with the action.
    const destinations = outbox.destinations.within(write.session);
    const webhookUrl = await destinations.getWebhookUrl(context.projectId);
    const action = current as unknown as ActionPayload;
    const problem = describeMigrateProblem(action, webhookUrl);
    if (problem !== null || webhookUrl === null) {
      const attr = action.deleted === true ? 'deleted' : action.post_to_slack !== true ? 'post_to_slack' : 'slack_incoming_webhook';
      return { ok: false, error: validationError('invalid_input', `Cannot migrate: ${problem ?? 'no webhook URL'}.`, attr) };
    }
    destination = destinationFromAction(action, webhookUrl, { now: new Date(context.now()) });
    await destinations.saveDestination(context.projectId, destination);
    return { ok: true, action: { ...current, post_to_slack: false } };
  });
  commitWrite(context, result);
  return { status: 200, json: destination };
}

function projectJson(context: EndpointContext, webhookUrl: string | null): Record<string, unknown> {
  return { id: context.projectId, slack_incoming_webhook: webhookUrl };
}

/** GET /api/projects/:project_id/: the project's notification settings. */
export async function retrieveProject(context: EndpointContext): Promise<Reply> {
  const { outbox } = notificationsOf(context);
  return { status: 200, json: projectJson(context, await outbox.destinations.getWebhookUrl(context.projectId)) };
}

/** PATCH /api/projects/:project_id/ with `slack_incoming_webhook`: an http(s) URL, or null/"" to clear. */
export async function updateProject(context: EndpointContext): Promise<Reply> {
  const { outbox } = notificationsOf(context);
  const body = readDictionary(await context.body(), null);
  if ('slack_incoming_webhook' in body) {
    const value = body['slack_incoming_webhook'];
    if (value !== null && typeof value !== 'string') throw validationError('invalid', `Expected a URL string or null, got ${describeKind(value)}.`, 'slack_incoming_webhook');
    const url = value === null || value.trim() === '' ? null : value.trim();
    if (url !== null && !isWebhookUrl(url)) {
      throw validationError('invalid', `Enter a valid http:// or https:// URL, got ${JSON.stringify(url)}.`, 'slack_incoming_webhook');
    }
    const refused = url === null ? null : await notificationsOf(context).refuseWebhookUrl(url);
    if (refused !== null) throw validationError('invalid', `${refused}.`, 'slack_incoming_webhook');
    await outbox.destinations.setWebhookUrl(context.projectId, url);
  }
  return retrieveProject(context);
}

/** GET hog_functions/: the project's destinations, oldest first, in the list envelope. */
export async function listHogFunctions(context: EndpointContext): Promise<Reply> {
  const { outbox } = notificationsOf(context);
  const all = await outbox.destinations.listDestinations(context.projectId);
  const page = readPage(context.url.searchParams);
  const { next, previous } = pageLinks(context.url, all.length, page);
  return { status: 200, json: { count: all.length, next, previous, results: all.slice(page.offset, page.offset + page.limit) } };
}

async function findDestination(context: EndpointContext): Promise<Destination> {
  const { outbox } = notificationsOf(context);
  const destination = context.actionId === null ? null : await outbox.destinations.getDestination(context.projectId, context.actionId);
  if (destination === null || destination.deleted) throw notFound();
  return destination;
}

export async function retrieveHogFunction(context: EndpointContext): Promise<Reply> {
  return { status: 200, json: await findDestination(context) };
}

/** PATCH hog_functions/:id: `enabled` (a boolean) is the one field that can change here. */
export async function updateHogFunction(context: EndpointContext): Promise<Reply> {
  const { outbox } = notificationsOf(context);
  const current = await findDestination(context);
  const body = readDictionary(await context.body(), null);
  const enabled = body['enabled'];
  if (enabled !== undefined && typeof enabled !== 'boolean') throw validationError('invalid', `Must be a valid boolean, got ${JSON.stringify(enabled)}.`, 'enabled');
  const updated: Destination = enabled === undefined ? current : { ...current, enabled, updated_at: new Date(context.now()).toISOString() };
  if (updated !== current) await outbox.destinations.saveDestination(context.projectId, updated);
  return { status: 200, json: updated };
}

/**
 * GET webhook_deliveries/?status=&limit=&offset=: the project's outbox rows, newest first, with
 * `count` (rows of the requested status, or all) and `counts` per status.
 */
export async function listWebhookDeliveries(context: EndpointContext): Promise<Reply> {
  const { outbox } = notificationsOf(context);
  const statusParam = queryParam(context.url.searchParams, 'status');
  if (statusParam !== null && !DELIVERY_STATUSES.includes(statusParam as DeliveryStatus)) {
    throw validationError('invalid_choice', `status must be one of ${DELIVERY_STATUSES.join(', ')}, got ${JSON.stringify(statusParam)}.`, 'status');
  }
  const status = statusParam === null ? undefined : (statusParam as DeliveryStatus);
  const page = readPage(context.url.searchParams);
  const counts = await outbox.countDeliveries({ projectId: context.projectId });
  const count = status === undefined ? Object.values(counts).reduce((sum, n) => sum + n, 0) : counts[status];
  const results = await outbox.listDeliveries({ projectId: context.projectId, limit: page.limit, offset: page.offset, ...(status === undefined ? {} : { status }) });
  const { next, previous } = pageLinks(context.url, count, page);
  return { status: 200, json: { count, next, previous, counts, results } };
}
