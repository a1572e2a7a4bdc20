// Answering one chunk of event lines (event-chunks.ts): decode, split, parse, match, and the
// output lines as one text. The same function runs on the main thread (`--jobs 1`) and on the
// worker threads (match-thread.ts), so both give the same answers line for line by construction.
import { describeJsonProblem, findJsonProblem } from '../action/json-limits.js';
import { describeEventProblem } from '../event/event-context.js';
import type { EventChunk } from './event-chunks.js';
import { readField } from './read-field.js';

export interface ChunkOptions {
  /** Leave out events that match no action. */
  readonly onlyMatches: boolean;
  /** Extra top-level event fields copied into each output object. */
  readonly fields: readonly string[];
  /** The line limit, for the message of an oversize line. */
  readonly maxLineBytes: number;
}

export interface ChunkAnswer {
  /** The output lines, joined by newlines, without a final one ('' when there are none). */
  readonly text: string;
  readonly lines: number;
  readonly rejected: number;
  readonly matches: number;
  /** Matches per action in this chunk, as [id, count, id, count, …] (cheap to pass between threads). */
  readonly counts: number[];
}

type MatchLine = { uuid: unknown; action_ids: number[]; [field: string]: unknown } | { line: number; error: string };

/** Answers every line of `chunk` with `match`. Never throws for what a line holds. */
export function matchChunk(match: (event: unknown) => number[], chunk: EventChunk, options: ChunkOptions): ChunkAnswer {
  if (chunk.kind === 'oversize') {
    const error = `line too long: ${chunk.bytes} bytes, more than the limit of ${options.maxLineBytes} bytes (--max-line-bytes); not read`;
    return { text: JSON.stringify({ line: chunk.line, error }), lines: 1, rejected: 1, matches: 0, counts: [] };
  }
  const text = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength).toString('utf8');
  const lines = text.split('\n');
  // Every line but an input's last ends with a newline: the piece after it is no line.
  if (lines.length > chunk.lines) lines.pop();
  const out: string[] = [];
  const perAction = new Map<number, number>();
  let rejected = 0;
  let matches = 0;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    const { result, text: answer } = answerLine(match, raw.endsWith('\r') ? raw.slice(0, -1) : raw, chunk.firstLine + index, options.fields);
    if ('error' in result) rejected++;
    else {
      if (result.action_ids.length === 0 && options.onlyMatches) continue;
      for (const id of result.action_ids) perAction.set(id, (perAction.get(id) ?? 0) + 1);
      matches += result.action_ids.length;
    }
    out.push(answer);
  }
  const counts: number[] = [];
  for (const [id, count] of perAction) counts.push(id, count);
  return { text: out.join('\n'), lines: lines.length, rejected, matches, counts };
}

/**
 * The answer to one line and its output text. Total: whatever the line holds, it gets a line of
 * output, and the lines around it are answered (an exception here would end the run and lose
 * the answers of the rest of the chunk).
 */
function answerLine(match: (event: unknown) => number[], line: string, lineNumber: number, fields: readonly string[]): { result: MatchLine; text: string } {
  try {
    const result = matchLine(match, line, lineNumber, fields);
    return { result, text: JSON.stringify(result) };
  } catch (caught) {
    const result: MatchLine = { line: lineNumber, error: `cannot be answered: ${caught instanceof Error ? caught.message : String(caught)}` };
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
