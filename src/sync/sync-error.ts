// The one error type the sync client raises. Callers branch on `code` (stable, snake_case) or
// `status` (the HTTP status when there was one); the message is meant for a human and always
// names the URL, so that a failure in a pipeline's log says where it happened.

/** Why a sync failed. */
export type SyncErrorCode =
  /** 401: the key is missing, unknown or revoked. Never retried. */
  | 'unauthorized'
  /** 403: the key lacks a scope (`action:read`) or access to the project. Never retried. */
  | 'forbidden'
  /** Another 4xx (404 for an unknown project, 400, …). Never retried. */
  | 'http_error'
  /** 429 still answered after every retry, or a Retry-After longer than `maxDelayMs`. */
  | 'rate_limited'
  /** 5xx still answered after every retry. */
  | 'server_error'
  /** The server could not be reached (refused, reset, DNS, timeout) after every retry. */
  | 'network_error'
  /** A 2xx response whose body is not JSON. */
  | 'invalid_json'
  /** JSON that is not a list of actions in any shape PostHog has served. */
  | 'invalid_response'
  /** `next` leads back to a page already read, or past `maxPages`. */
  | 'pagination_loop'
  /** `next` points to another origin; the API key is never sent there. */
  | 'foreign_next';

export interface SyncErrorInit {
  readonly code: SyncErrorCode;
  readonly url: string;
  readonly status?: number | null;
  readonly detail?: string | null;
  readonly cause?: unknown;
}

/** A failed sync: what went wrong (`code`), where (`url`) and what the server said (`detail`). */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly code: SyncErrorCode;
  /** The URL of the request that failed. */
  readonly url: string;
  /** The HTTP status of the last response, or null when there was none. */
  readonly status: number | null;
  /** PostHog's `detail` (its error envelope's message) when the response carried one. */
  readonly detail: string | null;

  constructor(message: string, init: SyncErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.url = init.url;
    this.status = init.status ?? null;
    this.detail = init.detail ?? null;
  }
}
