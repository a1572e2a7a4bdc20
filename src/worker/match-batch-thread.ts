// A matching thread of `actionmatch worker --threads N`: opens the actions source its workerData
// describes, holds its own project matchers over it, and answers slices of batches with
// matchBatch (the same call the main thread makes), and reload messages by reading that project
// again. A source that cannot be opened answers the task with the reason, so the worker's loop
// retries the batch and logs why, as it does when its own source fails; the next task tries to
// open it again (a database that was down a moment costs retries, not the thread).
import { threadId, workerData } from 'node:worker_threads';
import { hogqlReady } from '../hogql/parser.js';
import { serveTasks, type TaskAnswer } from '../pool/serve-tasks.js';
import type { ProjectMatchers } from '../projects/project-matchers.js';
import type { BatchThreadAnswer, BatchThreadData, BatchThreadTask } from './batch-thread-protocol.js';
import { matchBatch } from './match-batch.js';
import { createWorkerLog } from './worker-log.js';
import { countsOf, openWorkerProjects, openWorkerSource } from './worker-projects.js';

const data = workerData as BatchThreadData;
const log = createWorkerLog({ ...data.logFields, thread: threadId });

type Handler = (task: BatchThreadTask) => Promise<TaskAnswer<BatchThreadAnswer>>;

async function setUp(): Promise<Handler> {
  await hogqlReady;
  const source = await openWorkerSource(data.source, data.settings, log);
  const projects: ProjectMatchers = openWorkerProjects(source, data.source, data.settings, log);
  const answer = (outcomes: BatchThreadAnswer['outcomes']): TaskAnswer<BatchThreadAnswer> => ({ output: { thread: threadId, outcomes, counts: countsOf(projects) } });
  return async (task) => {
    switch (task.kind) {
      case 'match':
        return answer(await matchBatch(projects, task.inputs, { teamField: data.teamField }));
      case 'reload':
        await projects.reload(task.teamId);
        return answer([]);
    }
  };
}

let ready: Promise<Handler> | null = null;
serveTasks<BatchThreadTask, BatchThreadAnswer>(async (task) => {
  ready ??= setUp();
  let handle: Handler;
  try {
    handle = await ready;
  } catch (error) {
    ready = null;
    throw new Error(`matching thread: opening the actions source failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return handle(task);
});
