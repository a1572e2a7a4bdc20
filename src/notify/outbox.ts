// The durable webhook outbox: one row per (event, destination) request, written in the caller's
// transaction and worked off by the delivery worker. Owns the `webhook_outbox` table of the
// server's database (SQLite or PostgreSQL, created by its migrations): claiming with leases (a
// row held by a dead process is picked up again; concurrent claimers skip each other's rows)
// and delivery status.
import { randomUUID } from 'node:crypto';
import { describeKind } from '../event/read-value.js';
import type { SqlDatabase, SqlSession } from '../store/sql-database.js';
import { openDestinationStore, type DestinationStore } from './destination-store.js';

/** A request to record: what to send, for which event and which destination. */
export interface OutboxRequest {
  /** The event's uuid; with `destinationKey` it makes the idempotency key. */
  eventUuid: string;
  /** `action:{id}` for a legacy notification, `destination:{id}` for a destination. */
  destinationKey: string;
  projectId?: number | string | null;
  actionId?: number | null;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body: string;
}

export type DeliveryStatus = 'pending' | 'in_flight' | 'delivered' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'in_flight', 'delivered', 'failed'];

/** One outbox row as the status listing shows it. Times are ISO strings. */
export interface Delivery {
  id: number;
  idempotency_key: string;
  event_uuid: string;
  destination_key: string;
  project_id: string | null;
  action_id: number | null;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** A row handed to a worker: the request plus the claim that entitles it to complete the row. */
export interface ClaimedDelivery {
  id: number;
  idempotencyKey: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** Attempts including this one. */
  attempts: number;
  claimToken: string;
}

/**
 * What the delivery worker needs of a queue: claims and their outcomes, nothing about how the
 * rows are stored, so that the worker (and any rule added to it) runs the same on every database.
 */
export interface DeliveryQueue {
  /** Claims up to `limit` due rows for `leaseMs`; a row not completed by then is due again. */
  claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** The outcome of a claimed attempt; ignored (false) when the claim has since been lost. */
  markDelivered(claim: ClaimedDelivery, status: number): Promise<boolean>;
  markRetry(claim: ClaimedDelivery, error: string, status: number | null, delayMs: number): Promise<boolean>;
  markFailed(claim: ClaimedDelivery, error: string, status: number | null): Promise<boolean>;
}

export interface EnqueueResult {
  enqueued: number;
  duplicates: number;
}

export interface Outbox extends DeliveryQueue {
  readonly database: SqlDatabase;
  /** Destinations and per-project webhook URLs, kept in the same database. */
  readonly destinations: DestinationStore;
  /**
   * Records `requests` in one transaction. A request whose (event, destination) is already
   * recorded is skipped: replaying events never enqueues twice.
   */
  enqueue(requests: readonly OutboxRequest[]): Promise<EnqueueResult>;
  /** enqueue inside the caller's transaction `session`, so the requests commit with the decision to send them. */
  within(session: SqlSession): { enqueue(requests: readonly OutboxRequest[]): Promise<EnqueueResult> };
  /** The most recent rows, newest first, optionally of one status and one project. */
  listDeliveries(options?: { status?: DeliveryStatus; limit?: number; offset?: number; projectId?: number | string }): Promise<Delivery[]>;
  /** How many rows are in each status (of one project when given). */
  countDeliveries(options?: { projectId?: number | string }): Promise<Record<DeliveryStatus, number>>;
}

/** The key a receiver can use to drop a repeated request: the same for every attempt. */
function idempotencyKeyFor(eventUuid: string, destinationKey: string): string {
  return `${destinationKey}/${eventUuid}`;
}

interface OutboxRow {
  id: number; idempotency_key: string; event_uuid: string; destination_key: string; project_id: string | null;
  action_id: number | null; url: string; method: string; headers: string; body: string; status: DeliveryStatus;
  attempts: number; next_attempt_at: number | null; claim_token: string | null; last_status: number | null;
  last_error: string | null; created_at: number; delivered_at: number | null;
}

const INSERT = `INSERT INTO webhook_outbox
  (idempotency_key, event_uuid, destination_key, project_id, action_id, url, method, headers, body, status, attempts, next_attempt_at, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`;
const FINISH = `UPDATE webhook_outbox SET status = ?, claim_token = NULL, next_attempt_at = ?,
  last_status = ?, last_error = ?, delivered_at = ? WHERE id = ? AND claim_token = ?`;
const COUNTS = 'SELECT status, COUNT(*) AS n FROM webhook_outbox WHERE (CAST(? AS TEXT) IS NULL OR project_id = ?) GROUP BY status';
const SELECT_ROWS = `SELECT * FROM webhook_outbox WHERE (CAST(? AS TEXT) IS NULL OR status = ?) AND (CAST(? AS TEXT) IS NULL OR project_id = ?)
  ORDER BY id DESC LIMIT ? OFFSET ?`;

/**
 * Claims due rows in one statement. In-flight rows keep their lease expiry in next_attempt_at,
 * so one index finds every due row. The due rows are picked once (MATERIALIZED); on PostgreSQL
 * with SKIP LOCKED, so that servers claiming at the same moment take different rows instead of
 * waiting for each other; on SQLite the statement holds the file's write lock.
 */
function claimStatement(skipLocked: string): string {
  return `WITH due AS MATERIALIZED (
      SELECT id FROM webhook_outbox WHERE status IN ('pending', 'in_flight') AND next_attempt_at <= ?
      ORDER BY next_attempt_at, id LIMIT ?${skipLocked})
    UPDATE webhook_outbox SET status = 'in_flight', attempts = attempts + 1, claim_token = ?, next_attempt_at = ?
    WHERE id IN (SELECT id FROM due)
    RETURNING id, idempotency_key, url, method, headers, body, attempts`;
}

/**
 * Opens the outbox on `db` (whose migrations have created its tables, and those of the
 * destinations). `now` is the clock in epoch ms (tests may pass their own).
 */
export function openOutbox(db: SqlDatabase, options: { now?: () => number } = {}): Outbox {
  const now = options.now ?? Date.now;
  const destinations = openDestinationStore(db);
  const claimSql = claimStatement(db.dialect.skipLocked);

  async function enqueueOn(session: SqlSession, requests: readonly OutboxRequest[]): Promise<EnqueueResult> {
    requests.forEach(validateRequest);
    let enqueued = 0;
    const at = now();
    for (const request of requests) {
      enqueued += await session.run(INSERT, [
        idempotencyKeyFor(request.eventUuid, request.destinationKey), request.eventUuid, request.destinationKey,
        request.projectId === undefined || request.projectId === null ? null : String(request.projectId),
        request.actionId ?? null, request.url, request.method ?? 'POST', JSON.stringify(request.headers ?? {}),
        request.body, at, at,
      ]);
    }
    return { enqueued, duplicates: requests.length - enqueued };
  }

  const complete = async (claim: ClaimedDelivery, status: DeliveryStatus, httpStatus: number | null, error: string | null, nextAt: number | null): Promise<boolean> =>
    (await db.run(FINISH, [status, nextAt, httpStatus, error, status === 'delivered' ? now() : null, claim.id, claim.claimToken])) === 1;

  return {
    database: db,
    destinations,
    enqueue: (requests) => db.transaction((tx) => enqueueOn(tx, requests)),
    within: (session) => ({ enqueue: (requests) => enqueueOn(session, requests) }),
    async claim(limit, leaseMs) {
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`claim: limit must be a positive integer, got ${String(limit)}`);
      const at = now();
      // One token for the batch: with the row id it identifies each claim.
      const claimToken = randomUUID();
      const rows = await db.all<Pick<OutboxRow, 'id' | 'idempotency_key' | 'url' | 'method' | 'headers' | 'body' | 'attempts'>>(claimSql, [at, limit, claimToken, at + leaseMs]);
      return rows
        .sort((a, b) => a.id - b.id)
        .map((row) => ({ id: row.id, idempotencyKey: row.idempotency_key, url: row.url, method: row.method, headers: parseHeaders(row.headers), body: row.body, attempts: row.attempts, claimToken }));
    },
    markDelivered: (claim, status) => complete(claim, 'delivered', status, null, null),
    markRetry: (claim, error, status, delayMs) => complete(claim, 'pending', status, error, now() + delayMs),
    markFailed: (claim, error, status) => complete(claim, 'failed', status, error, null),
    async listDeliveries(listOptions = {}) {
      const limit = listOptions.limit ?? 100;
      if (listOptions.status !== undefined && !DELIVERY_STATUSES.includes(listOptions.status)) {
        throw new RangeError(`listDeliveries: status must be one of ${DELIVERY_STATUSES.join(', ')}, got ${JSON.stringify(listOptions.status)}`);
      }
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`listDeliveries: limit must be a positive integer, got ${String(limit)}`);
      const offset = listOptions.offset ?? 0;
      if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`listDeliveries: offset must be a non-negative integer, got ${String(offset)}`);
      const status = listOptions.status ?? null;
      const project = listOptions.projectId === undefined ? null : String(listOptions.projectId);
      return (await db.all<OutboxRow>(SELECT_ROWS, [status, status, project, project, limit, offset])).map(toDelivery);
    },
    async countDeliveries(countOptions = {}) {
      const result: Record<DeliveryStatus, number> = { pending: 0, in_flight: 0, delivered: 0, failed: 0 };
      const project = countOptions.projectId === undefined ? null : String(countOptions.projectId);
      for (const row of await db.all<{ status: DeliveryStatus; n: number }>(COUNTS, [project, project])) result[row.status] = row.n;
      return result;
    },
  };
}

function validateRequest(request: OutboxRequest, index: number): void {
  const where = `enqueue: requests[${index}]`;
  for (const field of ['eventUuid', 'destinationKey', 'url', 'body'] as const) {
    const value: unknown = request[field];
    if (typeof value !== 'string' || (field !== 'body' && value === '')) {
      throw new TypeError(`${where}.${field} must be a non-empty string, got ${value === '' ? 'an empty string' : describeKind(value)}`);
    }
  }
}

function parseHeaders(text: string): Record<string, string> {
  const parsed: unknown = JSON.parse(text);
  const headers: Record<string, string> = {};
  if (parsed !== null && typeof parsed === 'object') {
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') headers[key] = value;
  }
  return headers;
}

function toDelivery(row: OutboxRow): Delivery {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id, idempotency_key: row.idempotency_key, event_uuid: row.event_uuid, destination_key: row.destination_key,
    project_id: row.project_id, action_id: row.action_id, url: row.url, status: row.status, attempts: row.attempts,
    last_status: row.last_status, last_error: row.last_error,
    next_attempt_at: row.status === 'pending' || row.status === 'in_flight' ? iso(row.next_attempt_at) : null,
    created_at: new Date(row.created_at).toISOString(), delivered_at: iso(row.delivered_at),
  };
}
