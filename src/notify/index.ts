// Notifications after a match: the legacy action message (formatter), destinations (the
// migrated shape and their rendering), the durable outbox and its delivery worker.
export {
  formatWebhookMessage,
  buildWebhookPayload,
  DEFAULT_MESSAGE_FORMAT,
  DEFAULT_DISPLAY_NAME_PROPERTIES,
  type WebhookContext,
  type WebhookEvent,
  type WebhookGroup,
  type WebhookRequest,
} from './webhook-message.js';
export { detectWebhookKind, type WebhookKind } from './webhook-escape.js';
export {
  destinationFromAction,
  describeMigrateProblem,
  convertMessageFormat,
  destinationWantsAction,
  renderDestinationRequest,
  MIGRATION_DEFAULT_FORMAT,
  type Destination,
} from './destination.js';
export { buildTemplateGlobals, renderTemplateString, type TemplateContext } from './hog-template.js';
export { planNotifications, legacyDestinationKey, destinationKey, type NotificationPlanInput } from './plan-notifications.js';
export {
  openOutbox,
  idempotencyKeyFor,
  DELIVERY_STATUSES,
  type Outbox,
  type OutboxRequest,
  type Delivery,
  type DeliveryStatus,
  type ClaimedDelivery,
} from './outbox.js';
export { openDestinationStore, type DestinationStore } from './destination-store.js';
export {
  startDeliveryWorker,
  backoffDelay,
  IDEMPOTENCY_HEADER,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  type BackoffOptions,
  type FetchLike,
} from './delivery-worker.js';
