// `actionmatch serve` without the command line: open the store, read the keys, make sure the
// projects exist, listen, and close everything in order on request.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findJsonErrorOffset, lineColumnOf, shortJsonMessage } from '../action/json-position.js';
import { openActionStore } from '../store/postgres-store.js';
import { redactPostgresUrl, isPostgresUrl } from '../store/postgres-errors.js';
import type { SqlActionStore } from '../store/sql-action-store.js';
import { isWebhookUrl } from '../notify/webhook-url.js';
import { parseApiKeys, type ApiKeys } from './api-keys.js';
import { createActionsHandler, type ActionsHandlerOptions } from './create-handler.js';
import { createPlaygroundHandler } from '../playground/handler.js';
import { startServerNotifications, type DeliverySettings, type ServerNotifications } from './notifications.js';

export interface StartServerOptions {
  /**
   * The database: a SQLite file (created on first start), or a postgres:// URL (its tables are
   * created in the schema `actionmatch` on first start). `dbFile` is the older name of this
   * option; one of the two is required.
   */
  readonly database?: string;
  /** The SQLite database file (or a postgres:// URL): the same as `database`. */
  readonly dbFile?: string;
  /** PostgreSQL: connections in the pool at most (default 10). */
  readonly poolSize?: number;
  /** JSON keys file: `{"phx_…": {"scopes": [...], "user": {...}}}`. */
  readonly keysFile: string;
  /** Port to listen on; 0 picks a free one. Default 8000. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /**
   * Projects to create if missing. When none are given and the database has no project yet,
   * project 1 is created, so that a fresh server answers under /api/projects/1/.
   */
  readonly projects?: readonly number[];
  readonly siteUrl?: string;
  readonly onChange?: ActionsHandlerOptions['onChange'];
  readonly onMatch?: ActionsHandlerOptions['onMatch'];
  /**
   * Sets the incoming webhook URL (`slack_incoming_webhook`) of the projects given in `projects`
   * (of every project when none are given) at start, replacing what was stored.
   */
  readonly webhookUrl?: string;
  /** Timeout, attempts, backoff of webhook delivery; `paused` records without sending. */
  readonly delivery?: DeliverySettings;
  /**
   * Allow webhook URLs and deliveries to loopback, private and link-local addresses (default
   * false: refused when the URL is set, and again at delivery on the addresses it resolves to).
   */
  readonly allowInternalWebhooks?: boolean;
  /** How long `close()` lets open requests finish before cutting their connections, in ms. Default 10000. */
  readonly closeGraceMs?: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly store: SqlActionStore;
  /** The database as messages name it (a PostgreSQL URL without its password). */
  readonly database: string;
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** The projects the database holds. */
  readonly projects: readonly number[];
  /** The outbox and its worker. */
  readonly notifications: ServerNotifications;
  /** Stops accepting connections, finishes open requests, then closes the database. */
  close(): Promise<void>;
}

const fileErrors: Readonly<Record<string, string>> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' };

/** Reads and validates the keys file; errors name the file. */
export async function readApiKeysFile(file: string): Promise<ApiKeys> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === undefined ? String(error) : `${code} (${fileErrors[code] ?? 'cannot read'})`;
    throw new Error(`cannot read keys file ${file}: ${reason}`);
  }
  // Editors on Windows start UTF-8 files with a byte order mark; it is not part of the JSON.
  const jsonText = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (error) {
    // Named by line:column as the actions file is (read-actions.ts).
    const message = shortJsonMessage(error instanceof Error ? error.message : String(error));
    const offset = findJsonErrorOffset(jsonText);
    if (offset < 0) throw new Error(`keys file ${file} is not valid JSON: ${message}`);
    const { line, column } = lineColumnOf(jsonText, offset);
    throw new Error(`keys file ${file} is not valid JSON at ${line}:${column}: ${message}`);
  }
  try {
    return parseApiKeys(json);
  } catch (error) {
    throw new Error(`keys file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Opens the database; errors name it (SQLite's own messages do not) and say what failed. */
async function openDatabase(location: string, poolSize: number | undefined): Promise<SqlActionStore> {
  try {
    return await openActionStore(location, poolSize === undefined ? {} : { poolSize });
  } catch (error) {
    const shown = isPostgresUrl(location) ? redactPostgresUrl(location) : location;
    throw new Error(`cannot open database ${shown}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Listens on host:port; a port in use or not allowed is an error that says so. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => {
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') reject(new Error(`cannot listen on ${where}: the port is already in use (choose another --port, or 0 for a free one)`));
      else if (error.code === 'EACCES') reject(new Error(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new Error(`cannot listen on ${where}: no such local address`));
      else reject(new Error(`cannot listen on ${where}: ${error.message}`));
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** Starts the Actions API server. Resolves once it is listening. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const keys = await readApiKeysFile(options.keysFile);
  if (options.webhookUrl !== undefined && !isWebhookUrl(options.webhookUrl)) {
    throw new Error(`the webhook URL must be an http:// or https:// URL, got ${JSON.stringify(options.webhookUrl)}`);
  }
  const projects = options.projects ?? [];
  const location = options.database ?? options.dbFile;
  if (location === undefined) throw new TypeError('startServer: give the database (a SQLite file path or a postgres:// URL)');
  const store = await openDatabase(location, options.poolSize);
  let notifications: ServerNotifications | null = null;
  try {
    for (const project of projects) await store.ensureProject(project);
    if (projects.length === 0 && (await store.listProjects()).length === 0) await store.ensureProject(1);
    const allowInternal = options.allowInternalWebhooks === true || options.delivery?.allowInternalDestinations === true;
    notifications = startServerNotifications(store, { ...options.delivery, allowInternalDestinations: allowInternal });
    if (options.webhookUrl !== undefined) {
      const refused = await notifications.refuseWebhookUrl(options.webhookUrl);
      if (refused !== null) throw new Error(`the webhook URL ${options.webhookUrl}: ${refused}`);
      const targets = projects.length > 0 ? projects : await store.listProjects();
      for (const project of targets) await notifications.outbox.destinations.setWebhookUrl(project, options.webhookUrl);
    }
    const handler = createActionsHandler({
      store,
      keys,
      notifications,
      ...(options.siteUrl === undefined ? {} : { siteUrl: options.siteUrl }),
      ...(options.onChange === undefined ? {} : { onChange: options.onChange }),
      ...(options.onMatch === undefined ? {} : { onMatch: options.onMatch }),
    });
    await handler.matchers.preload();
    // The playground page at /playground, beside the API; its stored-action picker reads the API.
    const playground = createPlaygroundHandler({ storedActions: true });
    const server = createServer((req, res) => {
      if (!playground(req, res)) handler(req, res);
    });
    await listen(server, options.port ?? 8000, options.host ?? '127.0.0.1');
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closing: Promise<void> | null = null;
    const running = notifications;
    return {
      server,
      store,
      database: store.database.location,
      notifications: running,
      url: `http://${host}:${address.port}`,
      port: address.port,
      projects: await store.listProjects(),
      close: () =>
        (closing ??= new Promise<void>((resolve) => {
          // Open requests get `closeGraceMs` to finish; a client still sending a body (or never
          // reading the answer) after that is cut off, so a stop cannot hang on it.
          const grace = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 10_000);
          grace.unref();
          server.close(() => {
            clearTimeout(grace);
            resolve();
          });
          server.closeIdleConnections();
        })
          .then(() => running.stop())
          .then(() => store.close())),
    };
  } catch (error) {
    await notifications?.stop();
    await store.close();
    throw error;
  }
}
