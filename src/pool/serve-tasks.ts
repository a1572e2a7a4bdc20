// The worker side of a worker pool: answers each task message with `handle(input)`. The handler
// may be made asynchronously (compiling what the tasks share, from workerData): tasks that arrive
// meanwhile wait for it. A handler that throws answers that task with the error's message; the
// thread goes on serving.
import { parentPort, type Transferable } from 'node:worker_threads';
import { isTaskRequest, type TaskReply } from './protocol.js';

/** What a handler returns: the output, and optionally buffers of it to move rather than copy. */
export interface TaskAnswer<O> {
  readonly output: O;
  readonly transfer?: readonly Transferable[];
}

/** Serves the pool's tasks on this worker thread with the handler `setUp` resolves to. */
export function serveTasks<I, O>(setUp: Promise<(input: I) => TaskAnswer<O>> | ((input: I) => TaskAnswer<O>)): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks must run on a worker thread');
  const handler = Promise.resolve(setUp);
  port.on('message', (message: unknown) => {
    if (!isTaskRequest(message)) return;
    void handler.then(
      (handle) => {
        let reply: TaskReply;
        let transfer: readonly Transferable[] | undefined;
        try {
          const answer = handle(message.input as I);
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
