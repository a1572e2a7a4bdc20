// The worker side of a worker pool: answers each task message with `handle(input)`. The handler
// may be made asynchronously (compiling what the tasks share, from workerData): tasks that arrive
// meanwhile wait for it. A handler may answer asynchronously too (a task that first reads what it
// needs); tasks are then answered as they finish, each with its own number. A handler that throws
// or rejects answers that task with the error's message; the thread goes on serving.
import { parentPort, type Transferable } from 'node:worker_threads';
import { isTaskRequest, type TaskReply } from './protocol.js';

/** What a handler returns: the output, and optionally buffers of it to move rather than copy. */
export interface TaskAnswer<O> {
  readonly output: O;
  readonly transfer?: readonly Transferable[];
}

/** Answers one task, at once or later. */
export type TaskHandler<I, O> = (input: I) => TaskAnswer<O> | Promise<TaskAnswer<O>>;

/** Serves the pool's tasks on this worker thread with the handler `setUp` resolves to. */
export function serveTasks<I, O>(setUp: Promise<TaskHandler<I, O>> | TaskHandler<I, O>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks must run on a worker thread');
  const handler = Promise.resolve(setUp);
  port.on('message', (message: unknown) => {
    if (!isTaskRequest(message)) return;
    void handler.then(
      async (handle) => {
        let reply: TaskReply;
        let transfer: readonly Transferable[] | undefined;
        try {
          const answer = await handle(message.input as I);
          reply = { task: message.task, ok: true, output: answer.output };
          transfer = answer.transfer;
        } catch (caught) {
          reply = { task: message.task, ok: false, error: caught instanceof Error ? caught.message : String(caught) };
        }
        port.postMessage(reply, transfer);
      },
      (caught: unknown) => port.postMessage({ task: message.task, ok: false, error: `worker set-up failed: ${caught instanceof Error ? caught.message : String(caught)}` } satisfies TaskReply),
    );
  });
}
