// `actionmatch match`: for every line of NDJSON events, one line saying which actions match.
// Streaming end to end: the input is cut into chunks of whole lines (event-chunks.ts), each
// answered in one piece (match-chunk.ts) on this thread or, with `--jobs N`, on N worker threads
// (src/pool), and written in input order. Chunks in flight are bounded and the next is read only
// once the output has room, so memory stays flat however large the input.
import { availableParallelism } from 'node:os';
import { createMatcher } from '../index.js';
import { mapOrdered } from '../pool/map-ordered.js';
import { createWorkerPool, type WorkerPool } from '../pool/worker-pool.js';
import { MAX_LINE_BYTES, readEventChunks, type EventChunk } from './event-chunks.js';
import { openEventsInput } from './event-lines.js';
import { matchChunk, type ChunkAnswer, type ChunkOptions } from './match-chunk.js';
import type { MatchThreadData } from './match-thread.js';
import type { LineWriter } from './output.js';
import { plural } from './plural.js';
import { createProgress, noProgress, wantsProgress } from './progress.js';
import { fetchPosthogActions, readActions, type PosthogSource } from './read-actions.js';
import { fetchPostgresActions, type PostgresSource } from './read-postgres-source.js';
import { readName } from './read-field.js';
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
  /** Worker threads for matching; undefined: the number of cores for a large file, else 1. */
  readonly jobs?: number | undefined;
  /** Fail (status 1) and stop reading once more lines than this are rejected; undefined: never. */
  readonly maxErrors?: number | undefined;
  /** One summary line for the actions that do not compile, instead of one line each. */
  readonly quiet?: boolean;
  /** Lines longer than this many bytes are answered with an error line, unread (default and most: Node's string limit). */
  readonly maxLineBytes?: number | undefined;
}

/** Inputs at least this large use every core by default; below, starting threads costs more than it saves. */
export const PARALLEL_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Chunks queued per worker. While this thread matches a chunk of its own it cannot hand out
 * more, so each worker holds enough to stay busy meanwhile (with 2 queued, a worker sat idle a
 * third of the time).
 */
const CHUNKS_PER_WORKER = 4;

/** Chunks this thread may have answered and waiting for their turn to be written, besides the workers'. */
const CHUNKS_ON_THIS_THREAD = 2;

/** Runs the command; resolves to the exit status (1 when more lines were rejected than allowed). */
export async function runMatch(options: MatchCommandOptions, out: LineWriter, warn: (line: string) => void): Promise<number> {
  const synced = options.fromPostgres
    ? await fetchPostgresActions(options.fromPostgres, warn)
    : options.fromPosthog
      ? await fetchPosthogActions(options.fromPosthog, warn, options.stop)
      : undefined;
  const loaded = await readActions(options.actions, synced);
  for (const line of [...loaded.rejected, ...loaded.duplicates]) warn(`actionmatch: ${line}`);
  const actions = loaded.actions.map((entry) => entry.action);
  const matcher = createMatcher(actions);
  if (options.quiet === true && matcher.errors.length > 0) {
    warn(`actionmatch: ${plural(matcher.errors.length, 'action does', 'actions do')} not compile and will never match (actionmatch check lists why)`);
  } else {
    for (const error of matcher.errors) warn(`actionmatch: action ${error.id} does not compile and will never match: ${error.bytecode_error}`);
  }

  const input = await openEventsInput(options.events);
  const chunkOptions: ChunkOptions = { onlyMatches: options.onlyMatches, fields: options.fields, maxLineBytes: options.maxLineBytes ?? MAX_LINE_BYTES };
  const jobs = options.jobs ?? (input.size !== null && input.size >= PARALLEL_INPUT_BYTES ? availableParallelism() : 1);
  // This thread is one of the N: it reads, writes, and matches a chunk itself whenever every
  // worker already has its share queued. On N cores that is N busy threads, not N + 1, and one
  // thread fewer to start.
  const pool = jobs > 1 ? startMatchThreads(jobs - 1, { actions, options: chunkOptions }) : null;
  const answer = (chunk: EventChunk): Promise<ChunkAnswer> =>
    pool === null || pool.pending >= pool.size * CHUNKS_PER_WORKER ? Promise.resolve(matchChunk(matcher.match, chunk, chunkOptions)) : pool.run(ownedChunk(chunk));
  const inFlight = (pool === null ? 0 : pool.size * CHUNKS_PER_WORKER) + CHUNKS_ON_THIS_THREAD;

  const progress = wantsProgress() ? createProgress(process.stderr) : noProgress;
  const started = performance.now();
  // Counts are indexed by action id in a Map built up front, so the per-event cost is one lookup.
  const matchesPerAction = new Map<number, number>(loaded.actions.map((entry) => [entry.id, 0]));
  let lines = 0;
  let rejected = 0;
  let matches = 0;
  let status = 0;
  // A stop destroys the input, which ends a read in flight: waiting for input (an idle stdin)
  // must not delay a stop. Chunks already read are answered in full before the stop is noticed.
  const unsubscribe = options.stop?.onStop(() => input.stream.destroy());
  const stopRequested = (): boolean => options.stop !== undefined && options.stop.signal !== null;
  try {
    const chunks = untilStopped(readEventChunks(input.stream, options.events, chunkOptions.maxLineBytes), stopRequested);
    for await (const answered of mapOrdered(chunks, answer, { concurrency: inFlight })) {
      lines += answered.lines;
      rejected += answered.rejected;
      matches += answered.matches;
      for (let i = 0; i < answered.counts.length; i += 2) {
        const id = answered.counts[i] as number;
        matchesPerAction.set(id, (matchesPerAction.get(id) ?? 0) + (answered.counts[i + 1] as number));
      }
      if (answered.text !== '') {
        const waiting = out.write(answered.text);
        if (waiting) await waiting;
      }
      // Everything answered so far is written before waiting for more input, so a live feed
      // (`tail -f events | actionmatch match`) sees its answers at once, not 64 KB later.
      const flushing = out.flush();
      if (flushing) await flushing;
      progress.update(lines - rejected, matches, input.size === null || input.size === 0 ? null : input.bytesRead() / input.size);
      if (options.maxErrors !== undefined && rejected > options.maxErrors) {
        warn(`actionmatch: stopped after line ${lines}: ${plural(rejected, 'line')} rejected, more than ${options.maxErrors === 0 ? '--strict allows (none)' : `--max-errors ${options.maxErrors} allows`}`);
        status = 1;
        break;
      }
    }
  } finally {
    unsubscribe?.();
    progress.clear();
    await pool?.close();
  }
  // Stopped early: nothing more is read, and an open stdin must not keep the process alive.
  if (stopRequested() || status !== 0) input.stream.destroy();
  if (options.stats) {
    const seconds = Math.max((performance.now() - started) / 1000, 1e-9);
    const events = lines - rejected;
    warn(`events: ${events}, lines rejected: ${rejected}, ${Math.round(lines / seconds)} lines/s, ${Math.round(events / seconds)} events/s, ${plural(matches, 'match', 'matches')}${jobs > 1 ? `, ${jobs} threads` : ''}`);
    const names = new Map(loaded.actions.map((entry) => [entry.id, readName(entry.action)]));
    const failed = new Set(matcher.errors.map((error) => error.id));
    for (const [id, count] of [...matchesPerAction].sort((a, b) => a[0] - b[0])) {
      if (failed.has(id)) continue;
      const name = names.get(id);
      warn(`action ${id}: ${plural(count, 'match', 'matches')}${name ? ` (${name})` : ''}`);
    }
  }
  return status;
}

function startMatchThreads(size: number, data: MatchThreadData): WorkerPool<EventChunk, ChunkAnswer> {
  return createWorkerPool<EventChunk, ChunkAnswer>({
    script: new URL('./match-thread.js', import.meta.url),
    size,
    workerData: data,
    transferOf: (chunk) => (chunk.kind === 'lines' ? [chunk.bytes.buffer as ArrayBuffer] : []),
  });
}

/** The chunk with its bytes in a buffer of their own, which can be moved to a thread (a read's buffer may be shared). */
function ownedChunk(chunk: EventChunk): EventChunk {
  return chunk.kind === 'lines' ? { ...chunk, bytes: new Uint8Array(chunk.bytes) } : chunk;
}

/**
 * The chunks until a stop is requested. A chunk that arrives once a stop is requested is not
 * taken: it may end in a partial line the destroyed input cut short, which is no line at all.
 */
async function* untilStopped(chunks: AsyncGenerator<EventChunk>, stopRequested: () => boolean): AsyncGenerator<EventChunk> {
  try {
    for (;;) {
      if (stopRequested()) return;
      let next: IteratorResult<EventChunk>;
      try {
        next = await chunks.next();
      } catch (caught) {
        // The read the stop interrupted: its failure is the stop, not an unreadable input.
        if (stopRequested()) return;
        throw caught;
      }
      if (next.done === true || stopRequested()) return;
      yield next.value;
    }
  } finally {
    await chunks.return(undefined);
  }
}
