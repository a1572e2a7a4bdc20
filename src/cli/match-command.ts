// `actionmatch match`: for every line of NDJSON events, one line saying which actions match.
// Streaming end to end: a batch of lines is matched and written, and the next is read only
// once the output has room, so memory stays flat however large the input.
import { describeJsonProblem, findJsonProblem } from '../action/json-limits.js';
import { createMatcher, describeEventProblem } from '../index.js';
import { openEvents, readLineBatches } from './event-lines.js';
import type { LineWriter } from './output.js';
import { createProgress, noProgress, wantsProgress } from './progress.js';
import { fetchPosthogActions, readActions, type PosthogSource } from './read-actions.js';
import { fetchPostgresActions, type PostgresSource } from './read-postgres-source.js';
import { readField, readName } from './read-field.js';
import type { StopRequest } from './shutdown.js';

export interface MatchCommandOptions {
  readonly actions: readonly string[];
  /** `--from-posthog`: the project's live actions, taken before the `actions` files (which layer over them). */
  readonly fromPosthog?: PosthogSource | null;
  /** `--from-postgres`: the project's live actions read from PostHog's database, likewise first. */
  readonly fromPostgres?: PostgresSource | null;
  readonly events: string;
  /** Print a summary to stderr at the end. */
  readonly stats: boolean;
  /** Leave out events that match no action (error lines are still written). */
  readonly onlyMatches: boolean;
  /** Extra top-level event fields copied into each output object. */
  readonly fields: readonly string[];
  /** When a stop is requested, the lines already read are answered and nothing more is read. */
  readonly stop?: StopRequest;
}

export async function runMatch(options: MatchCommandOptions, out: LineWriter, warn: (line: string) => void): Promise<void> {
  const synced = options.fromPostgres
    ? await fetchPostgresActions(options.fromPostgres, warn)
    : options.fromPosthog
      ? await fetchPosthogActions(options.fromPosthog, warn, options.stop)
      : undefined;
  const loaded = await readActions(options.actions, synced);
  for (const line of [...loaded.rejected, ...loaded.duplicates]) warn(`actionmatch: ${line}`);
  const matcher = createMatcher(loaded.actions.map((entry) => entry.action));
  for (const error of matcher.errors) warn(`actionmatch: action ${error.id} does not compile and will never match: ${error.bytecode_error}`);

  const input = await openEvents(options.events);
  const progress = wantsProgress() ? createProgress(process.stderr) : noProgress;
  const started = performance.now();
  // Counts are indexed by action id in a Map built up front, so the per-event cost is one lookup.
  const matchesPerAction = new Map<number, number>(loaded.actions.map((entry) => [entry.id, 0]));
  let lineNumber = 0;
  let rejected = 0;
  let matches = 0;
  const batches = readLineBatches(input, options.events);
  // A stop destroys the input, which ends a read in flight: waiting for input (an idle stdin)
  // must not delay a stop. A batch already read is answered in full before the stop is noticed.
  const unsubscribe = options.stop?.onStop(() => input.destroy());
  const stopRequested = (): boolean => options.stop !== undefined && options.stop.signal !== null;
  try {
    for (;;) {
      if (stopRequested()) break;
      let next: IteratorResult<string[]>;
      try {
        next = await batches.next();
      } catch (caught) {
        // The read the stop interrupted: its failure is the stop, not an unreadable input.
        if (stopRequested()) break;
        throw caught;
      }
      // A batch that arrives once a stop is requested is not taken: it may end in a partial
      // line the destroyed input cut short, which is no line at all.
      if (next.done === true || stopRequested()) break;
      for (const line of next.value) {
        lineNumber++;
        const { result, text } = answerLine(matcher.match, line, lineNumber, options.fields);
        if ('error' in result) rejected++;
        else {
          if (result.action_ids.length === 0 && options.onlyMatches) continue;
          for (const id of result.action_ids) matchesPerAction.set(id, (matchesPerAction.get(id) ?? 0) + 1);
          matches += result.action_ids.length;
        }
        const waiting = out.write(text);
        if (waiting) await waiting;
      }
      // Everything read so far is answered before waiting for more input, so a live feed
      // (`tail -f events | actionmatch match`) sees its answers at once, not 64 KB later.
      const flushing = out.flush();
      if (flushing) await flushing;
      progress.update(lineNumber - rejected, matches);
    }
  } finally {
    unsubscribe?.();
    progress.clear();
  }
  // Stopped early: nothing more is read, and an open stdin must not keep the process alive.
  if (stopRequested()) input.destroy();
  if (options.stats) {
    const seconds = Math.max((performance.now() - started) / 1000, 1e-9);
    const events = lineNumber - rejected;
    warn(`events: ${events}, lines rejected: ${rejected}, ${Math.round(lineNumber / seconds)} lines/s, ${Math.round(events / seconds)} events/s, ${matches} matches`);
    const names = new Map(loaded.actions.map((entry) => [entry.id, readName(entry.action)]));
    const failed = new Set(matcher.errors.map((error) => error.id));
    for (const [id, count] of [...matchesPerAction].sort((a, b) => a[0] - b[0])) {
      if (failed.has(id)) continue;
      const name = names.get(id);
      warn(`action ${id}: ${count} matches${name ? ` (${name})` : ''}`);
    }
  }
}

type MatchLine = { uuid: unknown; action_ids: number[]; [field: string]: unknown } | { line: number; error: string };

/**
 * The answer to one line and its output text. Total: whatever the line holds, it gets a line of
 * output, and the lines around it are answered (an exception here would end the run and lose
 * the answers still buffered for the lines before it).
 */
function answerLine(match: (event: unknown) => number[], line: string, lineNumber: number, fields: readonly string[]): { result: MatchLine; text: string } {
  let result: MatchLine;
  try {
    result = matchLine(match, line, lineNumber, fields);
    return { result, text: JSON.stringify(result) };
  } catch (caught) {
    result = { line: lineNumber, error: `cannot be answered: ${caught instanceof Error ? caught.message : String(caught)}` };
    return { result, text: JSON.stringify(result) };
  }
}

function matchLine(match: (event: unknown) => number[], line: string, lineNumber: number, fields: readonly string[]): MatchLine {
  let event: unknown;
  try {
    event = JSON.parse(line) as unknown;
  } catch (caught) {
    return { line: lineNumber, error: line.trim() === '' ? 'empty line' : `invalid JSON: ${(caught as Error).message}` };
  }
  // The server's rule: nothing deeper than MAX_JSON_DEPTH is taken (echoing `uuid` or a
  // `--fields` value nested thousands deep would overflow JSON.stringify's recursion).
  // Numbers too large for a double are read as ±Infinity, as JSON.parse reads them.
  const shape = findJsonProblem(event, { finiteNumbers: false });
  if (shape !== null) return { line: lineNumber, error: `JSON value at ${describeJsonProblem(shape)}` };
  const problem = describeEventProblem(event);
  if (problem !== null) return { line: lineNumber, error: problem };
  const result: MatchLine = { uuid: readField(event, 'uuid'), action_ids: match(event) };
  // defineProperty, not assignment: a field named `__proto__` must be copied, not set the prototype.
  for (const field of fields) Object.defineProperty(result, field, { value: readField(event, field), enumerable: true, writable: true, configurable: true });
  return result;
}
