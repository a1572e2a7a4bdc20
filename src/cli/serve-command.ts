// `actionmatch serve`: the Actions API server from the command line. Parses its own options,
// starts the server, prints where it listens, and stops gracefully on SIGTERM/SIGINT (stop
// accepting, finish open requests, close the database).
import { parseArgs } from 'node:util';
import { commandHelp } from './help.js';
import { UsageError } from './usage-error.js';

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

/** Runs `actionmatch serve`; resolves with the exit status once the server has stopped. */
export async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      keys: { type: 'string' },
      project: { type: 'string', multiple: true },
      'site-url': { type: 'string' },
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
  let running;
  try {
    // Loaded here, not at the top: the other commands never pay for the native SQLite module.
    const { startServer } = await import('../server/start-server.js');
    running = await startServer({
      dbFile: values.db ?? 'actionmatch.db',
      keysFile: values.keys,
      port: readPort(values.port),
      host: values.host ?? '127.0.0.1',
      projects: readProjects(values.project ?? []),
      ...(siteUrl === undefined ? {} : { siteUrl }),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(`actionmatch serve: listening on ${running.url} (database ${values.db ?? 'actionmatch.db'}, projects ${running.projects.join(', ')})\n`);
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
