// `actionmatch match`: for every line of NDJSON events, one line saying which actions match.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createMatcher } from '../matcher/create-matcher.js';
import { describeEventProblem } from '../event/event-context.js';
import { isPlainObject, readOwn } from '../event/read-value.js';
import type { LineWriter } from './output.js';
import { readActionsFile } from './read-actions.js';
import { UsageError } from './usage-error.js';

export interface MatchCommandOptions {
  readonly actions: string;
  readonly events: string;
  /** Print a summary to stderr at the end. */
  readonly stats: boolean;
}

export async function runMatch(options: MatchCommandOptions, out: LineWriter, warn: (line: string) => void): Promise<void> {
  const matcher = createMatcher(await readActionsFile(options.actions));
  for (const problem of matcher.rejected) warn(`actionmatch: ${options.actions}: ${problem.message}`);
  for (const error of matcher.errors) warn(`actionmatch: action ${error.id} does not compile and will never match: ${error.bytecode_error}`);

  const input = options.events === '-' ? process.stdin : createReadStream(options.events);
  const opened = new Promise<void>((resolve, reject) => {
    if (input === process.stdin) resolve();
    input.once('open', () => resolve());
    input.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot read events file ${options.events}: ${error.code ?? error.message}`)));
  });
  await opened;

  const started = performance.now();
  const matchesPerAction = new Map<number, number>();
  let lineNumber = 0;
  let rejected = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    const result = matchLine(matcher.match, line, lineNumber);
    if ('error' in result) rejected++;
    else for (const id of result.action_ids) matchesPerAction.set(id, (matchesPerAction.get(id) ?? 0) + 1);
    const waiting = out.write(JSON.stringify(result));
    if (waiting) await waiting;
  }
  if (options.stats) {
    const seconds = (performance.now() - started) / 1000;
    const events = lineNumber - rejected;
    warn(`events: ${events}, lines rejected: ${rejected}, ${Math.round(lineNumber / Math.max(seconds, 1e-9))} lines/s`);
    for (const [id, count] of [...matchesPerAction].sort((a, b) => a[0] - b[0])) warn(`action ${id}: ${count} matches`);
  }
}

type MatchLine = { uuid: unknown; action_ids: number[] } | { line: number; error: string };

function matchLine(match: (event: unknown) => number[], line: string, lineNumber: number): MatchLine {
  let event: unknown;
  try {
    event = JSON.parse(line) as unknown;
  } catch (caught) {
    return { line: lineNumber, error: line.trim() === '' ? 'empty line' : `invalid JSON: ${(caught as Error).message}` };
  }
  const problem = describeEventProblem(event);
  if (problem !== null) return { line: lineNumber, error: problem };
  const uuid = isPlainObject(event) ? readOwn(event, 'uuid') : null;
  return { uuid, action_ids: match(event) };
}
