// `actionmatch serve`: the Actions API server from the command line. Parses its own options,
// starts the server, prints where it listens, and stops gracefully on SIGTERM/SIGINT (stop
// accepting, finish open requests, close the database). A database driver that is not installed
// (both are optional dependencies) is a usage error naming the package to install.
import { parseArgs } from 'node:util';
import { commandHelp } from './help.js';
import { UsageError } from './usage-error.js';
import type { DeliverySettings } from '../server/notifications.js';
import { isWebhookUrl } from '../notify/webhook-url.js';

function readPort(value: string | undefined): number {
  if (value === undefined) return 8000;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

function readProjects(values: readonly string[]): number[] {
  return values.map((value) => {
    const id = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
    if (!(id > 0)) throw new UsageError(`--project must be a positive integer, got ${JSON.stringify(value)}`);
    return id;
  });
}

function readPositive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number > 0)) throw new UsageError(`--${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return number;
}

/** The delivery worker's settings from the --delivery-* options. */
function readDelivery(values: Record<string, string | boolean | string[] | undefined>): DeliverySettings {
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  const timeoutMs = readPositive('delivery-timeout', str('delivery-timeout'));
  const maxAttempts = readPositive('delivery-attempts', str('delivery-attempts'));
  const initialMs = readPositive('delivery-backoff', str('delivery-backoff'));
  return {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(initialMs === undefined ? {} : { backoff: { initialMs } }),
    ...(values['pause-delivery'] === true ? { paused: true } : {}),
  };
}

/** Runs `actionmatch serve`; resolves with the exit status once the server has stopped. */
export async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      db: { type: 'string' },
      'db-pool': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      keys: { type: 'string' },
      project: { type: 'string', multiple: true },
      'site-url': { type: 'string' },
      'webhook-url': { type: 'string' },
      'delivery-timeout': { type: 'string' },
      'delivery-attempts': { type: 'string' },
      'delivery-backoff': { type: 'string' },
      'pause-delivery': { type: 'boolean' },
      'allow-internal-webhooks': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${commandHelp['serve'] ?? ''}\n`);
    return 0;
  }
  if (values.keys === undefined) throw new UsageError('serve needs --keys FILE (the personal API keys, their scopes and users)');
  const siteUrl = values['site-url'];
  if (siteUrl !== undefined && !URL.canParse(siteUrl)) throw new UsageError(`--site-url must be an absolute URL, got ${JSON.stringify(siteUrl)}`);
  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined && !isWebhookUrl(webhookUrl)) {
    throw new UsageError(`--webhook-url must be an http:// or https:// URL, got ${JSON.stringify(webhookUrl)}`);
  }
  const delivery = readDelivery(values);
  const database = values.db ?? 'actionmatch.db';
  const poolSize = readPositive('db-pool', values['db-pool']);
  let running;
  try {
    // Loaded here, not at the top: the other commands never load the server.
    const { startServer } = await import('../server/start-server.js');
    running = await startServer({
      database,
      ...(poolSize === undefined ? {} : { poolSize }),
      keysFile: values.keys,
      port: readPort(values.port),
      host: values.host ?? '127.0.0.1',
      projects: readProjects(values.project ?? []),
      ...(siteUrl === undefined ? {} : { siteUrl }),
      ...(webhookUrl === undefined ? {} : { webhookUrl }),
      delivery,
      ...(values['allow-internal-webhooks'] === true ? { allowInternalWebhooks: true } : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const paused = values['pause-delivery'] === true ? '; webhook delivery paused' : '';
  process.stdout.write(`actionmatch serve: listening on ${running.url} (database ${running.database}, projects ${running.projects.join(', ')}${paused})\n`);
  const server = running;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      // A second signal while stopping exits at once.
      if (stopping) process.exit(1);
      stopping = true;
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`actionmatch serve: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
