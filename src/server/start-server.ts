// `actionmatch serve` without the command line: open the store, read the keys, make sure the
// projects exist, listen, and close everything in order on request.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { ActionStore } from '../store/action-store.js';
import { parseApiKeys, type ApiKeys } from './api-keys.js';
import { createActionsHandler, type ActionsHandlerOptions } from './create-handler.js';
import { startServerNotifications, type DeliverySettings, type ServerNotifications } from './notifications.js';

export interface StartServerOptions {
  /** SQLite database file, created on first start. */
  readonly dbFile: string;
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
}

export interface RunningServer {
  readonly server: Server;
  readonly store: ActionStore;
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

/** Reads and validates the keys file; errors name the file. */
export async function readApiKeysFile(file: string): Promise<ApiKeys> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read keys file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`keys file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseApiKeys(json);
  } catch (error) {
    throw new Error(`keys file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Starts the Actions API server. Resolves once it is listening. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const keys = await readApiKeysFile(options.keysFile);
  if (options.webhookUrl !== undefined && !(/^https?:\/\//i.test(options.webhookUrl) && URL.canParse(options.webhookUrl))) {
    throw new Error(`the webhook URL must be an http:// or https:// URL, got ${JSON.stringify(options.webhookUrl)}`);
  }
  const store = openSqliteStore(options.dbFile);
  let notifications: ServerNotifications | null = null;
  try {
    for (const project of options.projects ?? []) await store.ensureProject(project);
    if ((options.projects ?? []).length === 0 && (await store.listProjects()).length === 0) await store.ensureProject(1);
    notifications = startServerNotifications(store, options.delivery);
    if (options.webhookUrl !== undefined) {
      const targets = (options.projects ?? []).length > 0 ? (options.projects ?? []) : await store.listProjects();
      for (const project of targets) notifications.outbox.destinations.setWebhookUrl(project, options.webhookUrl);
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
    const server = createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8000, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closing: Promise<void> | null = null;
    const running = notifications;
    return {
      server,
      store,
      notifications: running,
      url: `http://${host}:${address.port}`,
      port: address.port,
      projects: await store.listProjects(),
      close: () =>
        (closing ??= new Promise<void>((resolve) => {
          server.close(() => resolve());
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
