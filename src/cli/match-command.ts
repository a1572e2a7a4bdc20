// `actionmatch match`: for every line of NDJSON events, one line saying which actions match.
// Streaming end to end: a batch of lines is matched and written, and the next is read only
// once the output has room, so memory stays flat however large the input.
import { createMatcher, describeEventProblem } from '../index.js';
import { openEvents, readLineBatches } from './event-lines.js';
import type { LineWriter } from './output.js';
import { createProgress, noProgress, wantsProgress } from './progress.js';
import { readActions } from './read-actions.js';
import { readField, readName } from './read-field.js';

export interface MatchCommandOptions {
  readonly actions: readonly string[];
  readonly events: string;
  /** Print a summary to stderr at the end. */
  readonly stats: boolean;
  /** Leave out events that match no action (error lines are still written). */
  readonly onlyMatches: boolean;
  /** Extra top-level event fields copied into each output object. */
  readonly fields: readonly string[];
}

export async function runMatch(options: MatchCommandOptions, out: LineWriter, warn: (line: string) => void): Promise<void> {
  const loaded = await readActions(options.actions);
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
  try {
    for await (const lines of readLineBatches(input, options.events)) {
      for (const line of lines) {
        lineNumber++;
        const result = matchLine(matcher.match, line, lineNumber, options.fields);
        if ('error' in result) rejected++;
        else {
          if (result.action_ids.length === 0 && options.onlyMatches) continue;
          for (const id of result.action_ids) matchesPerAction.set(id, (matchesPerAction.get(id) ?? 0) + 1);
          matches += result.action_ids.length;
        }
        const waiting = out.write(JSON.stringify(result));
        if (waiting) await waiting;
      }
      progress.update(lineNumber - rejected, matches);
    }
  } finally {
    progress.clear();
  }
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

function matchLine(match: (event: unknown) => number[], line: string, lineNumber: number, fields: readonly string[]): MatchLine {
  let event: unknown;
  try {
    event = JSON.parse(line) as unknown;
  } catch (caught) {
    return { line: lineNumber, error: line.trim() === '' ? 'empty line' : `invalid JSON: ${(caught as Error).message}` };
  }
  const problem = describeEventProblem(event);
  if (problem !== null) return { line: lineNumber, error: problem };
  const result: MatchLine = { uuid: readField(event, 'uuid'), action_ids: match(event) };
  // defineProperty, not assignment: a field named `__proto__` must be copied, not set the prototype.
  for (const field of fields) Object.defineProperty(result, field, { value: readField(event, field), enumerable: true, writable: true, configurable: true });
  return result;
}
