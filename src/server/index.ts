// The server entry point (`actionmatch/server`): the Actions API handler and server, its
// webhook notifications, and the store behind them. Kept apart from the main entry so that importing the matcher never loads
// the native SQLite module.
export { createActionsHandler, type ActionsHandler, type ActionsHandlerOptions } from './create-handler.js';
export { startServer, readApiKeysFile, type StartServerOptions, type RunningServer } from './start-server.js';
export { parseApiKeys, type ApiKey, type ApiKeys, type Scope } from './api-keys.js';
export type { ActionChange, MatchRecord, MatchResult } from './action-endpoints.js';
export type { ErrorBody, ErrorType } from './api-error.js';
export { startServerNotifications, eventKey, type ServerNotifications, type DeliverySettings, type MatchedEvent } from './notifications.js';
export { openSqliteStore, type SqliteStoreOptions, type SqliteActionStore } from '../store/sqlite-store.js';
export type { ActionStore, StoredAction, ListQuery, ListPage, WriteContext, WriteDecision, WriteResult } from '../store/action-store.js';
export { openOutbox, DELIVERY_STATUSES, type Outbox, type OutboxRequest, type Delivery, type DeliveryStatus } from '../notify/outbox.js';
export { startDeliveryWorker, IDEMPOTENCY_HEADER, type DeliveryWorker, type DeliveryWorkerOptions, type BackoffOptions } from '../notify/delivery-worker.js';
export { planNotifications, type NotificationPlanInput } from '../notify/plan-notifications.js';
