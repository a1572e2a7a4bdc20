// Matching batches across threads (the built dist/worker, as a worker script loads it): where a
// batch is cut, the threaded matcher answering exactly as the in-process one over batches of
// every size (order, results and dead letters), a reload reaching every thread, the counts
// adding up the threads, and a crashed thread costing one failed batch, not the worker.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromActionFiles } from '../../src/projects/file-projects.js';
import { createProjectMatchers } from '../../src/projects/project-matchers.js';
import type * as BatchMatcherModule from '../../src/worker/batch-matcher.js';
import type { BatchInput } from '../../src/worker/match-batch.js';
import { createWorkerLog } from '../../src/worker/worker-log.js';
import { tempFiles } from '../cli/run-cli.js';
import { generateWorkload, writeActions } from './workload.js';

// The threaded matcher starts dist/worker/match-batch-thread.js beside itself, so it comes from dist.
const built = (await import(new URL('../../dist/worker/batch-matcher.js', import.meta.url).href)) as typeof BatchMatcherModule;
const { inProcessBatchMatcher, sliceBounds, threadedBatchMatcher, MIN_SLICE } = built;

const closing: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const matcher of closing.splice(0)) await matcher.close();
});

const settings = { maxProjects: 100, idleMs: 60_000 };

function open(actionsPath: string, threads: number, logLines: string[] = [], script?: URL, extraData: Record<string, unknown> = {}): BatchMatcherModule.BatchMatcher {
  const projects = createProjectMatchers({ source: fromActionFiles([actionsPath]), ...settings });
  const log = createWorkerLog({}, (line) => void logLines.push(line));
  const matcher =
    threads === 1
      ? inProcessBatchMatcher(projects, 'team_id')
      : threadedBatchMatcher({
          projects,
          threads,
          threadData: { source: { kind: 'files', paths: [actionsPath] }, settings, teamField: 'team_id', logFields: {}, ...extraData },
          log,
          ...(script === undefined ? {} : { script }),
        });
  closing.push(matcher);
  return matcher;
}

const asInputs = (messages: readonly string[], from = 0): BatchInput[] => messages.map((data, index) => ({ id: `${from + index}-0`, data }));

describe('sliceBounds', () => {
  it.each([
    [0, 3, [[0, 0]]],
    [MIN_SLICE * 2 - 1, 3, [[0, MIN_SLICE * 2 - 1]]],
    [MIN_SLICE * 2, 3, [[0, MIN_SLICE], [MIN_SLICE, MIN_SLICE * 2]]],
    [100, 3, [[0, 33], [33, 66], [66, 100]]],
    [500, 1, [[0, 500]]],
  ])('cuts %i messages for %i threads into %j', (length, threads, expected) => {
    expect(sliceBounds(length, threads)).toEqual(expected);
  });

  it('covers every message once, in order, for any length and thread count', () => {
    for (let threads = 1; threads <= 8; threads++) {
      for (let length = 0; length <= 300; length++) {
        const bounds = sliceBounds(length, threads);
        expect(bounds[0]?.[0]).toBe(0);
        expect(bounds.at(-1)?.[1]).toBe(length);
        for (let index = 1; index < bounds.length; index++) expect(bounds[index]?.[0]).toBe(bounds[index - 1]?.[1]);
        expect(bounds.length).toBeLessThanOrEqual(threads);
        if (bounds.length > 1) expect(Math.min(...bounds.map(([from, to]) => to - from))).toBeGreaterThanOrEqual(MIN_SLICE);
      }
    }
  });
});

describe('threadedBatchMatcher', () => {
  it('answers batches of every size exactly as the in-process matcher does, in order', async () => {
    const files = tempFiles('actionmatch-batch-matcher-');
    const actionsPath = writeActions(files.dir);
    const workload = generateWorkload(4000, 31);
    const reference = open(actionsPath, 1);
    const threaded = open(actionsPath, 3);
    // Batch sizes from 1 (never cut) to well past three slices, over the whole workload.
    const sizes = [1, 5, MIN_SLICE, MIN_SLICE * 2, MIN_SLICE * 3 + 1, 100, 257, 500, 1000];
    let from = 0;
    let batches = 0;
    for (let round = 0; from < workload.messages.length; round++) {
      const size = sizes[round % sizes.length] as number;
      const inputs = asInputs(workload.messages.slice(from, from + size), from);
      expect(await threaded.match(inputs)).toEqual(await reference.match(inputs));
      from += size;
      batches++;
    }
    expect(batches).toBeGreaterThan(20);
    // Every thread holds the projects it has seen: all five here, on each of the three.
    expect(threaded.counts()).toEqual({ projects: reference.counts().projects * 3, actions: reference.counts().actions * 3 });
    expect(reference.counts().projects).toBe(5);
  });

  it('reloads a project on every thread', async () => {
    const files = tempFiles('actionmatch-batch-matcher-');
    const actionsPath = files.file('actions.json', JSON.stringify([{ id: 1, team_id: 4, steps: [{ event: 'signup' }] }]));
    const threaded = open(actionsPath, 3);
    const batch = (prefix: string): BatchInput[] => asInputs(Array.from({ length: 60 }, (_, index) => JSON.stringify({ uuid: `${prefix}${index}`, team_id: 4, event: 'signup' })));
    const idsOf = async (inputs: BatchInput[]): Promise<string[]> => (await threaded.match(inputs)).map((outcome) => (outcome.kind === 'result' ? outcome.result.action_ids.join() : 'dead'));
    expect(new Set(await idsOf(batch('a')))).toEqual(new Set(['1']));
    writeFileSync(actionsPath, JSON.stringify([{ id: 1, team_id: 4, steps: [{ event: 'signup' }] }, { id: 2, team_id: 4, steps: [{ event: 'signup' }] }, { id: 3, team_id: 4, steps: [{ event: 'paid' }] }]));
    await threaded.reload(4);
    expect(new Set(await idsOf(batch('b')))).toEqual(new Set(['1,2']));
    expect(threaded.counts()).toEqual({ projects: 3, actions: 9 });
  });

  it('a thread that crashes fails the batch in hand; the next batch starts the threads again and is answered', async () => {
    const files = tempFiles('actionmatch-batch-matcher-');
    const actionsPath = writeActions(files.dir);
    const workload = generateWorkload(300, 32);
    const inputs = asInputs(workload.messages);
    const logLines: string[] = [];
    const script = new URL('./fixtures/crash-once-thread.mjs', import.meta.url);
    const threaded = open(actionsPath, 2, logLines, script, { crashFlag: join(files.dir, 'crashed') });
    await expect(threaded.match(inputs)).rejects.toThrow(/worker thread 1 exited with code 1/);
    const reference = open(actionsPath, 1);
    expect(await threaded.match(inputs)).toEqual(await reference.match(inputs));
    expect(logLines.map((line) => JSON.parse(line) as { level: string; msg: string })).toEqual([
      expect.objectContaining({ level: 'error', msg: 'a matching thread failed; starting the matching threads again', threads: 1 }),
    ]);
  });
});
