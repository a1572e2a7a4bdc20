// The messages between a worker pool and its workers: a task with its number, and the answer
// to that number (its output, or the message of the error it threw).

export interface TaskRequest {
  readonly task: number;
  readonly input: unknown;
}

export type TaskReply = { readonly task: number; readonly ok: true; readonly output: unknown } | { readonly task: number; readonly ok: false; readonly error: string };

export function isTaskRequest(message: unknown): message is TaskRequest {
  return typeof message === 'object' && message !== null && typeof (message as { task?: unknown }).task === 'number' && 'input' in message;
}

export function isTaskReply(message: unknown): message is TaskReply {
  return typeof message === 'object' && message !== null && typeof (message as { task?: unknown }).task === 'number' && typeof (message as { ok?: unknown }).ok === 'boolean';
}
