// The Actions API endpoints: list, create, retrieve, update, soft delete by PATCH, DELETE's 405,
// and our own match endpoint (which records the webhook requests of what matched). Each takes a request context and returns
// a Reply or throws an ApiError; dispatch, auth and the project check happen before.
import { describeEventProblem } from '../event/event-context.js';
import { describeKind, readOwn } from '../event/read-value.js';
import type { ActionStore, StoredAction, WriteContext, WriteDecision, WriteResult } from '../store/action-store.js';
import type { ApiKey } from './api-keys.js';
import { ApiError, notFound, validationError } from './api-error.js';
import { readActionInput } from './action-input.js';
import { applyActionInput, buildNewAction, liveName } from './action-object.js';
import { toCsv } from './csv.js';
import type { Reply } from './http-io.js';
import type { LiveMatchers } from './live-matchers.js';
import type { MatchedEvent, ServerNotifications } from './notifications.js';
import { pageLinks, queryParam, readPage } from './pagination.js';

/** A write the server made, for hooks such as webhooks. `previous` is null on create. */
export interface ActionChange {
  readonly projectId: number;
  readonly action: StoredAction;
  readonly previous: StoredAction | null;
}

/** The events of one match request and their answers, for hooks. */
export interface MatchRecord {
  readonly projectId: number;
  readonly events: readonly unknown[];
  readonly results: readonly MatchResult[];
}

export interface MatchResult {
  readonly uuid: unknown;
  readonly action_ids: number[];
  readonly error?: string;
}

export interface EndpointContext {
  readonly store: ActionStore;
  readonly matchers: LiveMatchers;
  readonly projectId: number;
  /** The id segment of the path (an action, or a destination under /hog_functions/), when the route has one. */
  readonly actionId: string | null;
  readonly key: ApiKey;
  readonly url: URL;
  readonly body: () => Promise<unknown>;
  readonly now: () => number;
  /** Called after every committed write (never awaited by the response). */
  readonly onChange: (change: ActionChange) => void;
  readonly onMatch: (record: MatchRecord) => void;
  /** Webhook notifications, when the server delivers them. */
  readonly notifications: ServerNotifications | null;
  /** Base URL of the links in messages: the configured site URL, else this server's origin. */
  readonly siteUrl: string;
}

export const MAX_MATCH_EVENTS = 10_000;
/** Most events matched in one turn of the event loop; other requests are served in between. */
export const MATCH_SLICE_EVENTS = 100;
/** A slice also ends once it has run this long, however few events it matched (ms). */
const MATCH_SLICE_MS = 10;

/** Lets the event loop serve other requests (and timers, I/O) before the work goes on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `format`: json (default) or csv; anything else is DRF's 404 for an unknown format. */
function readFormat(url: URL): 'json' | 'csv' {
  const format = queryParam(url.searchParams, 'format');
  if (format === null || format === 'json') return 'json';
  if (format === 'csv') return 'csv';
  throw notFound();
}

/** The id segment of the path as a PostHog integer id; 404 otherwise. */
export function readActionId(context: EndpointContext): number {
  const id = context.actionId !== null && /^\d{1,15}$/.test(context.actionId) ? Number(context.actionId) : null;
  if (id === null) throw notFound();
  return id;
}

function uniqueNameError(conflictId: number): ApiError {
  return validationError('unique', `This project already has an action with this name, ID ${conflictId}`, 'name');
}

/** Accepts `action` unless another live action of the project has its name. */
async function checkUniqueName(action: StoredAction, findLiveByName: WriteContext['findLiveByName']): Promise<WriteDecision<ApiError>> {
  const name = liveName(action);
  const conflict = name === null ? null : await findLiveByName(name, action.id);
  return conflict === null ? { ok: true, action } : { ok: false, error: uniqueNameError(conflict) };
}

/**
 * What every action write does once the store has answered: its error (or 404 for a missing
 * action) is thrown, else the live matcher and the change hook learn of the committed action.
 */
export function commitWrite(context: EndpointContext, result: WriteResult<ApiError>): StoredAction {
  if (!result.ok) throw 'error' in result ? result.error : notFound();
  context.matchers.apply(context.projectId, result.action);
  context.onChange({ projectId: context.projectId, action: result.action, previous: result.previous });
  return result.action;
}

function jsonOrCsv(url: URL, status: number, json: unknown, rows: readonly unknown[]): Reply {
  if (readFormat(url) === 'csv') return { status, text: toCsv(rows), contentType: 'text/csv; charset=utf-8' };
  return { status, json };
}

export async function listActions(context: EndpointContext): Promise<Reply> {
  readFormat(context.url);
  const page = readPage(context.url.searchParams);
  const search = queryParam(context.url.searchParams, 'search') ?? undefined;
  const { count, results } = await context.store.list(context.projectId, { ...page, ...(search === undefined ? {} : { search }) });
  const { next, previous } = pageLinks(context.url, count, page);
  return jsonOrCsv(context.url, 200, { count, next, previous, results }, results);
}

export async function retrieveAction(context: EndpointContext): Promise<Reply> {
  readFormat(context.url);
  const action = await context.store.get(context.projectId, readActionId(context));
  if (action === null) throw notFound();
  return jsonOrCsv(context.url, 200, action, [action]);
}

export async function createAction(context: EndpointContext): Promise<Reply> {
  const input = readActionInput(await context.body(), true);
  const now = new Date(context.now()).toISOString();
  const result = await context.store.create<ApiError>(context.projectId, (id, write) =>
    checkUniqueName(buildNewAction(input, { id, projectId: context.projectId, user: context.key.user, now }), write.findLiveByName),
  );
  return { status: 201, json: commitWrite(context, result) };
}

/** PATCH (partial) and PUT (name required); `steps`, when given, replaces every step. */
export function updateAction(requireName: boolean): (context: EndpointContext) => Promise<Reply> {
  return async (context) => {
    const id = readActionId(context);
    // The action must exist before the body is judged: an unknown id is 404 whatever is sent.
    if ((await context.store.get(context.projectId, id)) === null) throw notFound();
    const input = readActionInput(await context.body(), requireName);
    const now = new Date(context.now()).toISOString();
    const result = await context.store.update<ApiError>(context.projectId, id, (current, write) => checkUniqueName(applyActionInput(current, input, now), write.findLiveByName));
    return { status: 200, json: commitWrite(context, result) };
  };
}

/** PostHog forbids hard deletes: 405 with an empty body, once the action is known to exist. */
export async function deleteAction(context: EndpointContext): Promise<Reply> {
  if ((await context.store.get(context.projectId, readActionId(context))) === null) throw notFound();
  return { status: 405, empty: true };
}

/** Our own endpoint: which live actions of the project each event matches. */
export async function matchEvents(context: EndpointContext): Promise<Reply> {
  const body = await context.body();
  const events = Array.isArray(body) ? body : typeof body === 'object' && body !== null ? [body] : null;
  if (events === null) throw validationError('invalid', `Expected an event object or an array of events, got ${describeKind(body)}.`, null);
  if (events.length > MAX_MATCH_EVENTS) throw validationError('max_length', `At most ${MAX_MATCH_EVENTS} events per request, got ${events.length}.`, null);
  const matcher = await context.matchers.get(context.projectId);
  const matched: Array<{ event: MatchedEvent['event']; ids: number[] }> = [];
  const results: MatchResult[] = [];
  // Matched in slices with a yield between them: 10,000 events take seconds on a large project,
  // and other requests must not wait for them. A write landing between two slices is seen by
  // the later ones, as if the batch had been sent as two requests.
  let sliceStart = performance.now();
  for (const [index, event] of events.entries()) {
    if (index > 0 && (index % MATCH_SLICE_EVENTS === 0 || performance.now() - sliceStart >= MATCH_SLICE_MS)) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
    const uuid = readOwn(event, 'uuid');
    const problem = describeEventProblem(event);
    if (problem !== null) {
      results.push({ uuid, action_ids: [], error: Array.isArray(body) ? `events[${index}]: ${problem}` : problem });
      continue;
    }
    const ids = matcher.match(event);
    if (ids.length > 0) matched.push({ event: event as MatchedEvent['event'], ids });
    results.push({ uuid, action_ids: ids });
  }
  // Recorded before answering: a 200 means every request these events cause is in the outbox.
  if (context.notifications !== null && matched.length > 0) {
    // One read for every action matched (on PostgreSQL one round trip rather than one each).
    const found = await context.store.getMany(context.projectId, [...new Set(matched.flatMap((entry) => entry.ids))]);
    const actions = new Map<number, StoredAction>(found.map((action) => [action.id, action]));
    const withActions = matched.map(({ event, ids }) => ({ event, actions: ids.flatMap((id) => actions.get(id) ?? []) }));
    await context.notifications.record(context.projectId, context.siteUrl, withActions);
  }
  context.onMatch({ projectId: context.projectId, events, results });
  return { status: 200, json: { results } };
}
