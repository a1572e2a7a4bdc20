// The server entry point (`actionmatch/server`): the Actions API handler and server, its
// webhook notifications, and the stores behind them (SQLite, PostgreSQL). Kept apart from the
// main entry; the database drivers are loaded only when a database is opened, and no declaration
// here names a driver's types, so the published types compile without @types for either driver.
// `import` receives this module through import.ts, which waits for the HogQL parser.
export { hogqlReady } from '../hogql/parser.js';
export { createActionsHandler, type ActionsHandler, type ActionsHandlerOptions } from './create-handler.js';
export { startServer, readApiKeysFile, type StartServerOptions, type RunningServer } from './start-server.js';
export { parseApiKeys, type ApiKey, type ApiKeys, type Scope } from './api-keys.js';
export type { ActionChange, MatchRecord, MatchResult } from './action-endpoints.js';
export type { ErrorBody, ErrorType } from './api-error.js';
export { startServerNotifications, eventKey, type ServerNotifications, type DeliverySettings, type MatchedEvent } from './notifications.js';
export { openSqliteStore, type SqliteStoreOptions, type SqliteActionStore } from '../store/sqlite-store.js';
export { openPostgresStore, openActionStore, type PostgresStoreOptions, type PostgresActionStore, type ActionStoreOptions } from '../store/postgres-store.js';
export type { SqlActionStore } from '../store/sql-action-store.js';
export type { SqlDatabase, SqlSession, SqlDialect, SqlValue, SqlRow } from '../store/sql-database.js';
export type { SqliteDatabase, SqliteDatabaseOptions, PostgresDatabase, PostgresDatabaseOptions, PostgresSignalOptions } from '../store/database-types.js';
export { MissingDriverError } from '../store/optional-module.js';
export type { ActionStore, StoredAction, ListQuery, ListPage, WriteContext, WriteDecision, WriteResult, Decided } from '../store/action-store.js';
export { openOutbox, DELIVERY_STATUSES, type Outbox, type OutboxRequest, type Delivery, type DeliveryStatus, type DeliveryQueue, type EnqueueResult } from '../notify/outbox.js';
export { startDeliveryWorker, IDEMPOTENCY_HEADER, type DeliveryWorker, type DeliveryWorkerOptions, type BackoffOptions } from '../notify/delivery-worker.js';
export { planNotifications, type NotificationPlanInput } from '../notify/plan-notifications.js';
