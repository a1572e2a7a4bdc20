// The options of syncActions, checked once up front: a bad host, project or key is a TypeError
// naming the option, before any request is made, rather than a confusing HTTP failure later.
import type { RetryNotice } from './request-json.js';
import { resolveRetry, type RetryOptions, type RetryPolicy } from './retry.js';

export interface SyncOptions {
  /** The PostHog instance, e.g. `https://us.posthog.com` (a path prefix and a trailing slash are fine). */
  readonly host: string;
  /** The project's numeric id (a number or a string of digits), or `@current` for the key's current project. */
  readonly projectId: number | string;
  /** A personal API key with the `action:read` scope, sent as `Authorization: Bearer <key>`. */
  readonly apiKey: string;
  /** The fetch to use. Default: the global fetch. */
  readonly fetch?: typeof globalThis.fetch;
  /** Aborts the sync (requests and waits between retries); the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Retries of 429, 5xx and network failures. Default `{retries: 4, baseDelayMs: 500, maxDelayMs: 30000}`. */
  readonly retry?: RetryOptions;
  /** Asks for pages of this many actions (`limit=`). Default: the server's page size. */
  readonly pageSize?: number;
  /** Per request, until the whole body has arrived; a timeout is retried like a network failure. Default 30 s. */
  readonly timeoutMs?: number;
  /** Fails the sync when `next` links go on longer than this. Default 10000. */
  readonly maxPages?: number;
  /** Called before each retry (e.g. to log it). */
  readonly onRetry?: (notice: RetryNotice) => void;
}

export interface ResolvedSyncOptions {
  /** The first page's URL. */
  readonly url: string;
  /** Only `next` links on this origin are followed. */
  readonly origin: string;
  readonly apiKey: string;
  readonly fetch: typeof globalThis.fetch;
  readonly signal: AbortSignal | undefined;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly maxPages: number;
  readonly onRetry: ((notice: RetryNotice) => void) | undefined;
}

function readHost(host: unknown): URL {
  const example = 'an http(s) URL such as https://us.posthog.com';
  if (typeof host !== 'string' || host.trim() === '') throw new TypeError(`host must be ${example}, got ${JSON.stringify(host) ?? String(host)}`);
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    throw new TypeError(`host must be ${example}, got ${JSON.stringify(host)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`host must be ${example}, got ${JSON.stringify(host)}`);
  if (url.username !== '' || url.password !== '') throw new TypeError('host must not contain credentials; pass the key as apiKey');
  if (url.search !== '' || url.hash !== '') throw new TypeError(`host must not have a query or fragment, got ${JSON.stringify(host)}`);
  return url;
}

/** A positive integer, as a number or a string of digits, or PostHog's `@current` alias. */
function readProjectId(projectId: unknown): string {
  if (typeof projectId === 'number' && Number.isSafeInteger(projectId) && projectId > 0) return String(projectId);
  if (typeof projectId === 'string' && (/^[1-9]\d{0,15}$/.test(projectId) || projectId === '@current')) return projectId;
  throw new TypeError(`projectId must be a positive integer (or "@current"), got ${JSON.stringify(projectId) ?? String(projectId)}`);
}

function readApiKey(apiKey: unknown): string {
  if (typeof apiKey !== 'string' || apiKey === '') throw new TypeError('apiKey must be a non-empty string (a personal API key with the action:read scope)');
  // Printable ASCII only: anything else cannot travel in a header and is a paste mistake.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) throw new TypeError('apiKey contains spaces, line breaks or non-ASCII characters; check how it was pasted');
  return apiKey;
}

function readPositiveInteger<Fallback>(value: unknown, name: string, fallback: Fallback): number | Fallback {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
}

/** Checks every option and computes the first page's URL. Throws a TypeError naming a bad option. */
export function resolveSyncOptions(options: SyncOptions): ResolvedSyncOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('syncActions needs an options object {host, projectId, apiKey}');
  const host = readHost(options.host);
  const projectId = readProjectId(options.projectId);
  const apiKey = readApiKey(options.apiKey);
  const fetchFunction = options.fetch ?? globalThis.fetch;
  if (typeof fetchFunction !== 'function') {
    throw new TypeError(options.fetch === undefined ? 'there is no global fetch (Node 18 or later has one); pass fetch' : 'fetch must be a function');
  }
  const pageSize = readPositiveInteger(options.pageSize, 'pageSize', null);
  const url = new URL(`${host.pathname.replace(/\/+$/, '')}/api/projects/${projectId}/actions/`, host);
  if (pageSize !== null) url.searchParams.set('limit', String(pageSize));
  if (options.onRetry !== undefined && typeof options.onRetry !== 'function') throw new TypeError('onRetry must be a function');
  return {
    url: url.href,
    origin: host.origin,
    apiKey,
    fetch: fetchFunction,
    signal: options.signal,
    retry: resolveRetry(options.retry),
    timeoutMs: readPositiveInteger(options.timeoutMs, 'timeoutMs', 30_000),
    maxPages: readPositiveInteger(options.maxPages, 'maxPages', 10_000),
    onRetry: options.onRetry,
  };
}
