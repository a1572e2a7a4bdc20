#!/usr/bin/env node
// The actionmatch command. Exit status: 0 success, 2 usage error or unreadable input.
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCompile, type CompileTarget } from './compile-command.js';
import { runMatch } from './match-command.js';
import { createLineWriter } from './output.js';
import { UsageError } from './usage-error.js';

const usage = `Usage:
  actionmatch match --actions FILE [--events FILE]   which actions each NDJSON event matches
  actionmatch compile --actions FILE [--target T]    compile every action, one JSON line each

Options:
  --actions FILE   actions as JSON: one action, an array, or an Actions API list response ('-' = stdin)
  --events FILE    events as NDJSON, one event per line (default and '-': stdin)
  --out FILE       write the output to FILE instead of stdout
  --stats          (match) print a summary to stderr: events, rejected lines, lines/s, matches per action
  --target T       (compile) actionmatch (default) or hogvm: PostHog's HogVM bytecode, {"id","name","bytecode","bytecode_error"}
  --help           show this help

Output (match): one line per input line, {"uuid": ..., "action_ids": [...]}
or {"line": N, "error": "..."} for a line that is not a valid event.

Examples:
  actionmatch match --actions actions.json --events events.ndjson
  actionmatch match --actions actions.json --events events.ndjson --out matches.ndjson --stats
  cat events.ndjson | actionmatch match --actions actions.json
  actionmatch compile --actions actions.json

Exit status: 0 success, 2 usage error or unreadable input.`;

/** Opens `path` for writing, failing as a usage error when it cannot be created. */
function openOutput(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path);
    stream.once('open', () => resolve(stream));
    stream.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot write ${path}: ${error.code ?? error.message}`)));
  });
}

function readTarget(target: string | undefined): CompileTarget {
  if (target === undefined || target === 'actionmatch' || target === 'hogvm') return target ?? 'actionmatch';
  throw new UsageError(`unknown --target "${target}" (expected actionmatch or hogvm)`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage + '\n');
    return command === undefined ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      actions: { type: 'string' },
      events: { type: 'string' },
      out: { type: 'string' },
      stats: { type: 'boolean' },
      target: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  const out = createLineWriter(values.out === undefined || values.out === '-' ? process.stdout : await openOutput(values.out));
  const warn = (line: string): void => void process.stderr.write(line + '\n');
  if (command !== 'match' && command !== 'compile') throw new UsageError(`unknown command "${command}" (expected match or compile)`);
  if (values.actions === undefined) throw new UsageError(`${command} needs --actions FILE`);
  if (command === 'match' && values.target !== undefined) throw new UsageError('--target applies to compile only');
  if (command === 'match') await runMatch({ actions: values.actions, events: values.events ?? '-', stats: values.stats ?? false }, out, warn);
  else await runCompile({ actions: values.actions, target: readTarget(values.target) }, out, warn);
  await out.close();
  return 0;
}

// A consumer that stops reading (`actionmatch match … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (caught: unknown) => {
    // One clear line, never a stack trace: parseArgs and our own usage errors explain themselves.
    const message = caught instanceof Error ? caught.message : String(caught);
    process.stderr.write(`actionmatch: ${message}\n`);
    const code = caught instanceof Error && 'code' in caught ? String(caught.code) : '';
    if (code.startsWith('ERR_PARSE_ARGS')) process.stderr.write('(run with --help for usage)\n');
    process.exitCode = 2;
  },
);
