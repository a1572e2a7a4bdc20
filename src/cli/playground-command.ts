// `actionmatch playground`: the playground page alone, without a database or keys. Parses its
// own options and prints its own help; stops on SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

export const playgroundHelp = `Usage: actionmatch playground [--port N] [--host H]

Serves the playground page: paste or build an action and an event and see, as you type, whether
the event matches, each step and each condition with the expected and the actual value, where a
compile error is in the action, the disassembly and the HogVM export. The state is kept in the
page's URL, so a link shows the same case to someone else. \`actionmatch serve\` serves the same
page at /playground, with a picker of the server's stored actions.

Options:
  --port N   port to listen on (default 8000; 0 picks a free one)
  --host H   interface to listen on (default 127.0.0.1)
  --help     show this help

Examples:
  actionmatch playground
  actionmatch playground --port 8010

Exit status: 0 after SIGTERM or SIGINT, 2 usage error (or the port cannot be used)`;

function readPort(value: string | undefined): number {
  if (value === undefined) return 8000;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

/** Runs `actionmatch playground`; resolves with the exit status once the server has stopped. */
export async function runPlayground(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help === true) {
    process.stdout.write(`${playgroundHelp}\n`);
    return 0;
  }
  const port = readPort(values.port);
  const { startPlayground } = await import('../playground/start-playground.js');
  let running;
  try {
    running = await startPlayground({ port, host: values.host ?? '127.0.0.1' });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(`actionmatch playground: open ${running.url}\n`);
  const server = running;
  return new Promise<number>((resolve) => {
    const stop = (): void => void server.close().then(() => resolve(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
