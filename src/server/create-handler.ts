// The Actions API as a plain Node request handler, embeddable in any http.Server. A route table
// maps each path to its methods; every request is authenticated, checked for scope and for its
// project, and then dispatched. Nothing thrown escapes: failures become PostHog's error envelope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActionStore } from '../store/action-store.js';
import { ApiError, methodNotAllowed, notFound, serverError } from './api-error.js';
import { authenticate, type ApiKeys, type Scope } from './api-keys.js';
import {
  createAction,
  deleteAction,
  listActions,
  matchEvents,
  retrieveAction,
  updateAction,
  type ActionChange,
  type EndpointContext,
  type MatchRecord,
} from './action-endpoints.js';
import { errorReply, readJsonBody, sendReply, type Reply } from './http-io.js';
import { createLiveMatchers, type LiveMatchers } from './live-matchers.js';
import {
  listHogFunctions,
  listWebhookDeliveries,
  migrateAction,
  retrieveHogFunction,
  retrieveProject,
  updateHogFunction,
  updateProject,
} from './notification-endpoints.js';
import type { ServerNotifications } from './notifications.js';
import { requestUrls } from './pagination.js';

export interface ActionsHandlerOptions {
  readonly store: ActionStore;
  readonly keys: ApiKeys;
  /** Public base URL (`https://actions.example.com`) for next/previous links; else the Host header. */
  readonly siteUrl?: string;
  /** Clock in epoch ms, for created_at and relative dates in matching. Default Date.now. */
  readonly now?: () => number;
  /** Called after every committed create or update (webhooks hook in here). */
  readonly onChange?: (change: ActionChange) => void | Promise<void>;
  /** Called after every match request with its events and answers. */
  readonly onMatch?: (record: MatchRecord) => void | Promise<void>;
  /**
   * Webhook notifications (startServerNotifications over the same SQLite store). Without them,
   * matches record nothing and the notification endpoints answer 501.
   */
  readonly notifications?: ServerNotifications;
  /** Where failures of hooks and unexpected errors are reported. Default: stderr. */
  readonly onError?: (error: unknown) => void;
}

/** A request handler that also exposes its live matchers (to preload them at start). */
export interface ActionsHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly matchers: LiveMatchers;
}

type Endpoint = (context: EndpointContext) => Promise<Reply>;

interface Route {
  readonly path: RegExp;
  readonly methods: Readonly<Record<string, { readonly scope: Scope; readonly run: Endpoint }>>;
}

// `environments` is PostHog's newer name for the same project-scoped routes. Group 1 is the
// project id, group 2 (when present) the id of the object the route addresses.
const project = String.raw`^/api/(?:projects|environments)/([^/]+)`;
const base = `${project}/actions`;
const read = (run: Endpoint) => ({ scope: 'action:read' as const, run });
const write = (run: Endpoint) => ({ scope: 'action:write' as const, run });
const scoped = (scope: Scope, run: Endpoint) => ({ scope, run });

/** Checked in order; the first path that matches decides. Add a line to add an endpoint. */
const routes: readonly Route[] = [
  { path: new RegExp(`${base}/?$`), methods: { GET: read(listActions), POST: write(createAction) } },
  { path: new RegExp(`${base}/match/?$`), methods: { POST: read(matchEvents) } },
  { path: new RegExp(`${base}/([^/]+)/migrate/?$`), methods: { POST: write(migrateAction) } },
  {
    path: new RegExp(`${base}/([^/]+)/?$`),
    methods: { GET: read(retrieveAction), PATCH: write(updateAction(false)), PUT: write(updateAction(true)), DELETE: write(deleteAction) },
  },
  { path: new RegExp(`${project}/?$`), methods: { GET: scoped('project:read', retrieveProject), PATCH: scoped('project:write', updateProject) } },
  { path: new RegExp(`${project}/hog_functions/?$`), methods: { GET: scoped('hog_function:read', listHogFunctions) } },
  {
    path: new RegExp(`${project}/hog_functions/([^/]+)/?$`),
    methods: { GET: scoped('hog_function:read', retrieveHogFunction), PATCH: scoped('hog_function:write', updateHogFunction) },
  },
  { path: new RegExp(`${project}/webhook_deliveries/?$`), methods: { GET: scoped('hog_function:read', listWebhookDeliveries) } },
];

/** The `Allow` header of a route: its methods, and HEAD wherever GET is. */
function allowedMethods(route: Route): string {
  const methods = Object.keys(route.methods);
  return (methods.includes('GET') ? [...methods, 'HEAD'] : methods).join(', ');
}

// `.` and `..` path segments, also percent-encoded or after a backslash (which URL parsing
// treats as a slash). PostHog's router matches the raw path, so `actions/../` is no route there;
// resolving it here would answer another endpoint than the one the path names.
const dotSegment = /(?:^|[/\\])(?:\.|%2e){1,2}(?=[/\\]|$)/i;

/**
 * The project a path segment names. `@current` is PostHog's alias for the key's current project;
 * keys here belong to no project, so it is the first one the database holds.
 */
async function resolveProject(store: ActionStore, segment: string): Promise<number | null> {
  if (segment === '@current') return (await store.listProjects())[0] ?? null;
  return /^\d{1,15}$/.test(segment) ? Number(segment) : null;
}

/**
 * Whether `error` is the request stream failing because the client went away mid-body: not a
 * server failure worth reporting. (`req.destroyed` cannot tell: Node sets it on every request
 * whose body has been read.)
 */
function isClientAbort(error: unknown, req: IncomingMessage): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return req.socket.destroyed && (code === 'ECONNRESET' || code === 'ECONNABORTED' || (error instanceof Error && error.message === 'aborted'));
}

function reportToStderr(error: unknown): void {
  process.stderr.write(`actionmatch serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}

/** Creates the request handler of the Actions API over `store`. */
export function createActionsHandler(options: ActionsHandlerOptions): ActionsHandler {
  if (options.siteUrl !== undefined && !URL.canParse(options.siteUrl)) throw new TypeError(`siteUrl must be an absolute URL, got ${JSON.stringify(options.siteUrl)}`);
  // The configured site URL without its trailing slashes, once: the base of links and messages.
  const siteUrl = options.siteUrl?.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const onError = options.onError ?? reportToStderr;
  const matchers = createLiveMatchers(options.store, options.now);
  // Hooks run after the response is decided; their failures are reported, never answered.
  const runHook = <T>(hook: ((value: T) => void | Promise<void>) | undefined) => (value: T): void => {
    if (hook === undefined) return;
    try {
      Promise.resolve(hook(value)).catch(onError);
    } catch (error) {
      onError(error);
    }
  };
  const onChange = runHook(options.onChange);
  const onMatch = runHook(options.onMatch);

  async function respond(req: IncomingMessage): Promise<Reply> {
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    if (dotSegment.test(rawPath)) throw notFound();
    const { route: target, public: url } = requestUrls(req.url ?? '/', req.headers.host, siteUrl);
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of routes) {
      match = candidate.path.exec(target.pathname);
      if (match !== null) {
        route = candidate;
        break;
      }
    }
    if (route === undefined || match === null) throw notFound();
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const endpoint = route.methods[method];
    // As in DRF: authentication and permissions first, then the method.
    const key = authenticate(req.headers, options.keys, endpoint?.scope ?? 'action:read');
    const projectSegment = match[1] ?? '';
    const projectId = await resolveProject(options.store, projectSegment);
    if (projectId === null || !(await options.store.projectExists(projectId))) throw notFound();
    const allow = allowedMethods(route);
    if (endpoint === undefined) throw methodNotAllowed(req.method ?? '', allow);
    let body: Promise<unknown> | null = null;
    const reply = await endpoint.run({
      store: options.store,
      matchers,
      projectId,
      actionId: match[2] ?? null,
      key,
      url,
      body: () => (body ??= readJsonBody(req)),
      now,
      onChange,
      onMatch,
      notifications: options.notifications ?? null,
      siteUrl: siteUrl ?? url.origin,
    });
    // DELETE's 405 comes from its endpoint (once the action is known to exist).
    return reply.status === 405 ? { ...reply, headers: { ...reply.headers, Allow: allow } } : reply;
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    respond(req).then(
      (reply) => sendReply(res, reply, onError),
      (error: unknown) => {
        if (!(error instanceof ApiError) && !isClientAbort(error, req)) onError(error);
        sendReply(res, errorReply(error instanceof ApiError ? error : serverError()), onError);
      },
    )
      // sendReply is total; this catches a failure of onError itself, so that no rejection
      // is left unhandled (which would end the process).
      .catch(reportToStderr);
  };
  return Object.assign(handler, { matchers });
}
