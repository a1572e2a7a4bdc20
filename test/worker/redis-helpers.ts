// Reading and writing the Redis streams of a worker test, with ioredis as a producer would.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Key names no other test or engineer on the machine uses. */
export function uniqueName(prefix: string): string {
  return `actionmatch-test:${prefix}:${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function connectRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  // A broker the test restarts on purpose: the client reconnects; nothing to report.
  redis.on('error', () => undefined);
  return redis;
}

/** XADDs every message (field `data`), pipelined in chunks. */
export async function addMessages(redis: Redis, stream: string, messages: readonly string[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 2000) {
    const pipeline = redis.pipeline();
    for (const message of messages.slice(start, start + 2000)) pipeline.xadd(stream, '*', 'data', message);
    await pipeline.exec();
  }
}

export interface StreamRecord {
  readonly id: string;
  readonly fields: Record<string, string>;
}

/** Every entry of `stream`, in order. */
export async function readAll(redis: Redis, stream: string): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  let start = '-';
  for (;;) {
    const page = (await redis.xrange(stream, start, '+', 'COUNT', 10_000)) as Array<[string, string[]]>;
    for (const [id, list] of page) {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < list.length; i += 2) fields[list[i] as string] = list[i + 1] as string;
      records.push({ id, fields });
    }
    if (page.length < 10_000) return records;
    start = `(${page.at(-1)?.[0] as string}`;
  }
}

/** Entries pending in `group` (read, not acknowledged); 0 before the group exists. */
export async function pendingCount(redis: Redis, stream: string, group: string): Promise<number> {
  try {
    const summary = (await redis.call('XPENDING', stream, group)) as [number, ...unknown[]];
    return Number(summary[0]);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOGROUP')) return 0;
    throw error;
  }
}
