// Structured log lines of the worker: one JSON object per line on stderr, with the time, the
// level, a message that reads on its own and the fields a log pipeline filters on.
import { computeBackoff, type RetryPolicy } from '../sync/retry.js';

export type LogFields = Readonly<Record<string, unknown>>;

export interface WorkerLog {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** A log writing JSON lines to `write` (default: stderr), each carrying `base` (the worker's name). */
export function createWorkerLog(base: LogFields = {}, write: (line: string) => void = (line) => void process.stderr.write(line)): WorkerLog {
  const emit = (level: string, msg: string, fields: LogFields = {}): void => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields })}\n`);
  };
  return {
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** Retries against a broker: from 100 ms doubling to 10 s, with jitter, forever (never a crash loop). */
export const BROKER_RETRY: RetryPolicy = Object.freeze({ retries: Number.MAX_SAFE_INTEGER, baseDelayMs: 200, maxDelayMs: 10_000 });

/** The wait before reconnect attempt `attempt` (1-based, as ioredis counts; the NATS client's too). */
export function reconnectDelay(attempt: number): number {
  return computeBackoff(Math.min(attempt - 1, 30), BROKER_RETRY);
}
