// The worker thread of `match --jobs N`: compiles the actions it is given (workerData) into its
// own matcher, once, then answers chunks of event lines with matchChunk.
import { workerData } from 'node:worker_threads';
import { createMatcher } from '../matcher/create-matcher.js';
import { hogqlReady } from '../hogql/parser.js';
import { serveTasks } from '../pool/serve-tasks.js';
import type { EventChunk } from './event-chunks.js';
import { matchChunk, type ChunkAnswer, type ChunkOptions } from './match-chunk.js';

/** What every match thread is started with. */
export interface MatchThreadData {
  readonly actions: readonly unknown[];
  readonly options: ChunkOptions;
}

async function setUp(): Promise<(chunk: EventChunk) => { output: ChunkAnswer }> {
  const data = workerData as MatchThreadData;
  await hogqlReady;
  const { match } = createMatcher(data.actions);
  return (chunk) => ({ output: matchChunk(match, chunk, data.options) });
}

serveTasks(setUp());
