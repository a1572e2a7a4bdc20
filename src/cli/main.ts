#!/usr/bin/env node
// The actionmatch command: argument parsing, dispatch and the exit status.
// Exit status: 0 success, 1 check failures, 2 usage error or unreadable input.
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runCheck } from './check-command.js';
import { runCompile, type CompileTarget } from './compile-command.js';
import { runExplain } from './explain-command.js';
import { commandHelp, overview } from './help.js';
import { runMatch } from './match-command.js';
import { runServe } from './serve-command.js';
import { runWorker } from './worker-command.js';
import { readPosthogSource } from './read-actions.js';
import { readPostgresSource } from './read-postgres-source.js';
import { createLineWriter } from './output.js';
import { exitStatusFor, listenForStop } from './shutdown.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

const common: Options = {
  actions: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

// Each command accepts only its own options, so a misplaced one (`compile --stats`) is reported.
const optionsByCommand: Readonly<Record<string, Options>> = {
  match: { ...common, events: { type: 'string' }, stats: { type: 'boolean' }, 'only-matches': { type: 'boolean' }, fields: { type: 'string' }, 'from-posthog': { type: 'string' }, 'from-postgres': { type: 'string' }, project: { type: 'string' } },
  compile: { ...common, target: { type: 'string' }, disassemble: { type: 'boolean' } },
  check: common,
};

// Commands that parse their own arguments and print their own help, one module each (explain,
// serve, …): `run(args)` returns the exit status. Add a line here to add such a command.
const selfContainedCommands: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  explain: runExplain,
  serve: runServe,
  worker: runWorker,
};

const allOptions: Options = Object.assign({}, ...Object.values(optionsByCommand)) as Options;

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

function readString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function readStrings(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** `--fields a,b`: names of top-level event fields; the output's own keys cannot be overridden. */
function readFields(list: string | undefined): string[] {
  if (list === undefined) return [];
  const fields = [...new Set(list.split(',').map((field) => field.trim()))];
  if (fields.some((field) => field === '')) throw new UsageError(`--fields needs comma-separated field names, got ${JSON.stringify(list)}`);
  for (const reserved of ['action_ids', 'line', 'error']) {
    if (fields.includes(reserved)) throw new UsageError(`--fields cannot include "${reserved}": it is part of every output line`);
  }
  return fields.filter((field) => field !== 'uuid');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(overview + '\n');
    return 2;
  }
  if (command === '--help' || command === '-h') {
    process.stdout.write(overview + '\n');
    return 0;
  }
  if (command === 'help') {
    const topic = rest[0];
    process.stdout.write((topic === undefined ? overview : (commandHelp[topic] ?? overview)) + '\n');
    return 0;
  }
  const selfContained = selfContainedCommands[command];
  if (selfContained !== undefined) return selfContained(rest);
  const options = optionsByCommand[command];
  if (options === undefined) {
    const known = [...Object.keys(optionsByCommand), ...Object.keys(selfContainedCommands)];
    throw new UsageError(`unknown command "${command}" (expected ${known.slice(0, -1).join(', ')} or ${known.at(-1)})`);
  }
  // Parsed against every command's options, so that an option given to the wrong command is
  // named with the command it belongs to rather than reported as unknown.
  const values = parseArgs({ args: rest, options: allOptions, strict: true, allowPositionals: false }).values as OptionValues;
  for (const name of Object.keys(values)) {
    if (name in options) continue;
    const owners = Object.keys(optionsByCommand).filter((other) => name in (optionsByCommand[other] ?? {}));
    throw new UsageError(`--${name} applies to ${owners.join(' and ')} only`);
  }
  if (values['help'] === true) {
    process.stdout.write((commandHelp[command] ?? overview) + '\n');
    return 0;
  }
  const actions = readStrings(values, 'actions');
  // --from-posthog and --actions combine: the files layer over the synced set (later wins).
  const fromPostgres = command === 'match' ? readPostgresSource(readString(values, 'from-postgres'), readString(values, 'project'), readString(values, 'from-posthog')) : null;
  const fromPosthog = command === 'match' && fromPostgres === null ? readPosthogSource(readString(values, 'from-posthog'), readString(values, 'project'), process.env) : null;
  if (actions.length === 0 && fromPosthog === null && fromPostgres === null) {
    throw new UsageError(`${command} needs --actions FILE${command === 'match' ? ', --from-posthog HOST --project N or --from-postgres URL --project N' : ''}`);
  }
  const target = readTarget(readString(values, 'target'));
  const fields = readFields(readString(values, 'fields'));
  if (values['disassemble'] === true && target === 'hogvm') throw new UsageError('--disassemble lists our own programs; it cannot be combined with --target hogvm');
  const events = readString(values, 'events') ?? '-';
  if (command === 'match' && events === '-' && actions.includes('-')) throw new UsageError('--actions and --events cannot both read stdin');

  const outPath = readString(values, 'out');
  const out = createLineWriter(outPath === undefined || outPath === '-' ? process.stdout : await openOutput(outPath));
  const warn = (line: string): void => void process.stderr.write(line + '\n');
  let status = 0;
  if (command === 'match') {
    // SIGTERM/SIGINT: answer the lines already read, flush, exit with 128 + the signal's number
    // (143 for SIGTERM), so that a supervisor still sees the run as interrupted.
    const stop = listenForStop();
    await runMatch({ actions, fromPosthog, fromPostgres, events, stats: values['stats'] === true, onlyMatches: values['only-matches'] === true, fields, stop }, out, warn);
    if (stop.signal !== null) status = exitStatusFor(stop.signal);
  } else if (command === 'compile') {
    await runCompile({ actions, target, disassemble: values['disassemble'] === true }, out, warn);
  } else {
    status = await runCheck({ actions }, out, warn);
  }
  await out.close();
  return status;
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
