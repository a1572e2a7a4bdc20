#!/usr/bin/env node
// The actionmatch command: argument parsing, dispatch and the exit status.
// Exit status: 0 success, 1 check failures (or too many rejected lines), 2 usage error or
// unreadable input, 130 / 143 stopped by SIGINT / SIGTERM. What --out promises (docs/cli.md) is
// kept by output-file.ts.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runCheck } from './check-command.js';
import { runCompile, type CompileTarget } from './compile-command.js';
import { runExplain } from './explain-command.js';
import { commandHelp, overview } from './help.js';
import { runMatch } from './match-command.js';
import { readMatchLimits } from './match-limits.js';
import { playgroundHelp, runPlayground } from './playground-command.js';
import { runServe } from './serve-command.js';
import { expandPatterns, readPosthogSource } from './read-actions.js';
import { readPostgresSource } from './read-postgres-source.js';
import { createLineWriter } from './output.js';
import { openOutputFile, type OutputFile } from './output-file.js';
import { refuseInputAsOutput, type CommandInput } from './refuse-input-as-output.js';
import { exitStatusFor, listenForStop } from './shutdown.js';
import { UsageError } from './usage-error.js';
import { hogqlReady } from '../hogql/parser.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

const common: Options = {
  actions: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

// Each command accepts only its own options, so a misplaced one (`compile --stats`) is reported.
const optionsByCommand: Readonly<Record<string, Options>> = {
  match: {
    ...common,
    events: { type: 'string' }, stats: { type: 'boolean' }, 'only-matches': { type: 'boolean' }, fields: { type: 'string' }, 'from-posthog': { type: 'string' }, 'from-postgres': { type: 'string' }, project: { type: 'string' },
    jobs: { type: 'string' }, 'max-errors': { type: 'string' }, strict: { type: 'boolean' }, quiet: { type: 'boolean' }, 'max-line-bytes': { type: 'string' },
  },
  compile: { ...common, target: { type: 'string' }, disassemble: { type: 'boolean' } },
  check: { ...common, strict: { type: 'boolean' } },
};

// Commands that parse their own arguments and print their own help, one module each (explain,
// serve, …): `run(args)` returns the exit status. Add a line here to add such a command.
const selfContainedCommands: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  explain: runExplain,
  serve: runServe,
  playground: runPlayground,
};

const allOptions: Options = Object.assign({}, ...Object.values(optionsByCommand)) as Options;

/** Every file the command reads, for refusing an `--out` that is one of them. */
async function listInputs(actions: readonly string[], events: string | null): Promise<CommandInput[]> {
  const inputs: CommandInput[] = (await expandPatterns(actions)).map((path) => ({ option: '--actions', path }));
  if (events !== null) inputs.push({ option: '--events', path: events });
  return inputs;
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
  // Every command may compile HogQL filters, which needs PostHog's parser loaded.
  await hogqlReady;
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(overview + '\n');
    return 2;
  }
  if (command === '--version') {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`actionmatch ${manifest.version}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h') {
    process.stdout.write(overview + '\n');
    return 0;
  }
  if (command === 'help') {
    const topic = rest[0];
    process.stdout.write((topic === undefined ? overview : topic === 'playground' ? playgroundHelp : (commandHelp[topic] ?? overview)) + '\n');
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
  let output: OutputFile | null = null;
  if (outPath !== undefined && outPath !== '-') {
    // Refused before anything is read or written: `--out events.ndjson` must not lose the events.
    refuseInputAsOutput(outPath, await listInputs(actions, command === 'match' ? events : null));
    output = await openOutputFile(outPath);
  }
  const out = createLineWriter(output?.stream ?? process.stdout);
  const warn = (line: string): void => void process.stderr.write(line + '\n');
  // SIGTERM/SIGINT: match answers the lines already read, flushes and exits with 128 + the
  // signal's number (143 for SIGTERM), so that a supervisor still sees the run as interrupted;
  // compile and check have nothing worth finishing and stop at once. Either way an --out file
  // keeps its old content: the temporary file goes (a second signal exits at once, through the
  // output's exit hook).
  const stop = listenForStop();
  if (command !== 'match') stop.onStop(() => process.exit(exitStatusFor(stop.signal ?? 'SIGTERM')));
  let status = 0;
  try {
    if (command === 'match') {
      const limits = readMatchLimits(values);
      status = await runMatch({ actions, fromPosthog, fromPostgres, events, stats: values['stats'] === true, onlyMatches: values['only-matches'] === true, fields, stop, ...limits }, out, warn);
    } else if (command === 'compile') {
      await runCompile({ actions, target, disassemble: values['disassemble'] === true }, out, warn);
    } else {
      // Status 1 (actions that fail) is a finding, not a failure: the report is complete and kept.
      status = await runCheck({ actions, strict: values['strict'] === true }, out, warn);
    }
    // An interrupted run is not a result, nor a match run stopped by --max-errors / --strict:
    // an --out file keeps its old content, whole; what went to stdout stays written.
    const failed = stop.signal !== null || (command === 'match' && status !== 0);
    if (failed) {
      if (output === null) await out.close();
      else output.discard();
      return stop.signal !== null ? exitStatusFor(stop.signal) : status;
    }
    // From here the run is complete: a signal now no longer undoes it.
    if (output === null) await out.close();
    else {
      // The output file is ended by its commit, which renames it into place.
      await out.flush();
      await output.commit();
    }
  } catch (caught) {
    output?.discard();
    throw caught;
  }
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
    const code = caught instanceof Error && 'code' in caught ? String(caught.code) : '';
    // parseArgs explains at length ("… To specify a positional argument …"): its first sentence
    // and where to look, on one line.
    const first = message.split('\n')[0]?.split('. ')[0]?.replace(/\.$/, '') ?? message;
    const line = code.startsWith('ERR_PARSE_ARGS') ? `${first} (run with --help for usage)` : message;
    process.stderr.write(`actionmatch: ${line}\n`);
    process.exitCode = 2;
  },
);
