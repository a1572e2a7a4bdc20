// Pulls every action of a project from a PostHog instance (or `actionmatch serve`) through the
// Actions REST API. PostHog has served the list in several shapes over the years — a bare array,
// {results}, {count, results} and the paginated {count, next, previous, results} — so each page
// may take any of them; `next` links are followed until null. The entries go through
// loadActions, exactly as a file would, so deleted and malformed ones are treated the same way.
import { loadActions, type LoadProblem } from '../action/load-actions.js';
import type { ActionPayload } from '../action/types.js';
import { describeKind, isPlainObject, readOwn } from '../event/read-value.js';
import { requestJson } from './request-json.js';
import { SyncError } from './sync-error.js';
import { resolveSyncOptions, type ResolvedSyncOptions, type SyncOptions } from './sync-options.js';

export interface SyncResult {
  /** The live actions, in the order the server listed them (`deleted: true` ones skipped). */
  readonly actions: ActionPayload[];
  /** Entries that are not actions (no object, no integer id) and duplicate ids, as loadActions reports them. */
  readonly problems: LoadProblem[];
  /** How many `deleted: true` entries were skipped. */
  readonly deletedSkipped: number;
  /** How many pages were read. */
  readonly pages: number;
  /** The first page's URL. */
  readonly url: string;
}

interface Page {
  readonly results: unknown[];
  readonly next: string | null;
}

/**
 * Fetches every action of `projectId` from `host`. Rejects with a SyncError (401/403 and other
 * 4xx at once; 429, 5xx and network failures after the retries; a body that is not a list of
 * actions), with a TypeError for bad options, or with the signal's reason when aborted.
 */
export async function syncActions(options: SyncOptions): Promise<SyncResult> {
  return syncResolved(resolveSyncOptions(options));
}

/** syncActions on options already resolved: a watcher checks them once, then syncs with them each interval. */
export async function syncResolved(resolved: ResolvedSyncOptions): Promise<SyncResult> {
  const entries: unknown[] = [];
  const seen = new Set<string>();
  let url: string | null = resolved.url;
  while (url !== null) {
    seen.add(url);
    const page = readPage(await requestJson(url, resolved), url);
    for (const entry of page.results) entries.push(entry);
    url = page.next === null ? null : resolveNext(page.next, url, seen, resolved);
  }
  const loaded = loadActions(entries);
  return { actions: loaded.actions, problems: loaded.problems, deletedSkipped: loaded.deletedSkipped, pages: seen.size, url: resolved.url };
}

/** Accepts a bare array or an object whose `results` is an array, with an optional `next`. */
function readPage(body: unknown, url: string): Page {
  if (Array.isArray(body)) return { results: body, next: null };
  const expected = 'a list of actions (an array, or an object with a "results" array)';
  if (!isPlainObject(body)) throw new SyncError(`GET ${url}: expected ${expected}, got ${describeKind(body)}`, { code: 'invalid_response', url });
  const results = readOwn(body, 'results');
  if (!Array.isArray(results)) {
    const got = results === null ? `an object without "results" (keys: ${Object.keys(body).slice(0, 8).join(', ') || 'none'})` : `"results" of type ${describeKind(results)}`;
    throw new SyncError(`GET ${url}: expected ${expected}, got ${got}`, { code: 'invalid_response', url });
  }
  const next = readOwn(body, 'next');
  if (next !== null && typeof next !== 'string') throw new SyncError(`GET ${url}: "next" must be a URL or null, got ${describeKind(next)}`, { code: 'invalid_response', url });
  return { results, next: next === '' ? null : next };
}

/**
 * The next page's absolute URL. A relative link is resolved against the page it came from. A
 * link to another origin is refused: the API key would go with the request, and a proxy that
 * rewrites links wrongly (http for https, an internal host name) should be fixed, not followed.
 */
function resolveNext(next: string, from: string, seen: ReadonlySet<string>, options: ResolvedSyncOptions): string {
  let url: URL;
  try {
    url = new URL(next, from);
  } catch {
    throw new SyncError(`GET ${from}: "next" is not a URL: ${JSON.stringify(next)}`, { code: 'invalid_response', url: from });
  }
  if (url.origin !== options.origin) {
    const message = `GET ${from}: "next" points to another origin (${url.origin}, not ${options.origin}); the API key is only sent to the host given`;
    throw new SyncError(message, { code: 'foreign_next', url: from });
  }
  if (seen.has(url.href)) {
    throw new SyncError(`GET ${from}: "next" leads back to ${url.href}, a page already read`, { code: 'pagination_loop', url: from });
  }
  if (seen.size >= options.maxPages) {
    throw new SyncError(`GET ${from}: still more pages after ${options.maxPages} (maxPages)`, { code: 'pagination_loop', url: from });
  }
  return url.href;
}
