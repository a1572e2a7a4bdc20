// Redis Streams as the worker's broker. Every worker process is one consumer of one consumer
// group on the input stream (XREADGROUP … >). A batch's results and dead letters are written
// and its entries acknowledged in one MULTI/EXEC, so an entry is acknowledged exactly when its
// result is written, and a crash leaves it pending, never half-done. Entries pending with a
// consumer that died are taken over by a live one with XAUTOCLAIM once idle for `claimIdleMs`.
// Before each commit the batch is checked against the consumer's pending list (XPENDING): an
// entry another consumer has claimed meanwhile is left to that consumer, and after a lost
// connection only what is still pending is written, so a commit whose reply was lost is not
// written twice.
import type { Redis as RedisClient } from 'ioredis';
import { REDIS_CLIENT, requireOptional } from '../store/optional-module.js';
import type { BatchInput, BatchOutcome } from './match-batch.js';
import type { CommitCounts, StreamEngine } from './stream-engine.js';
import { reconnectDelay, type WorkerLog } from './worker-log.js';

export interface RedisEngineOptions {
  /** `redis://host:port/db` (default redis://127.0.0.1:6379). */
  readonly url: string;
  /** The input stream's key. */
  readonly stream: string;
  /** The consumer group (created at the start of the stream when missing). */
  readonly group: string;
  /** This process's name in the group; unique per process. */
  readonly consumer: string;
  /** The stream results are added to. */
  readonly output: string;
  /** The stream messages that are not events are added to, with the reason. */
  readonly deadLetter: string;
  /** The entry field holding the event JSON (default `data`). */
  readonly field: string;
  /** Write only results with at least one action. */
  readonly onlyMatches: boolean;
  /** An entry pending this long with another consumer is claimed (ms). */
  readonly claimIdleMs: number;
  readonly log: WorkerLog;
}

type StreamEntry = [id: string, fields: string[]];

/** Hides the password of a Redis URL. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return 'an unreadable Redis URL';
  }
}

/**
 * The entries of an XREADGROUP reply on one stream. Over RESP2 it is `[[key, entries]]`; ioredis
 * 6 speaks RESP3, where it is a map, which its default reply mapping flattens to `[key, entries]`.
 */
function entriesOfRead(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const entries: unknown = typeof reply[0] === 'string' || Buffer.isBuffer(reply[0]) ? reply[1] : Array.isArray(reply[0]) ? reply[0][1] : null;
  return Array.isArray(entries) ? (entries as StreamEntry[]) : [];
}

function fieldOf(fields: readonly string[], name: string): string | null {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1] ?? null;
  return null;
}

/**
 * The client options of every connection: wait for the server forever, with backoff, and (when
 * `log` is given) say so on each attempt, with the reason the last one failed.
 */
export function redisClientOptions(log: WorkerLog | null, description: string, role: string) {
  let lastError = '';
  return {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    // A command in flight when the connection drops fails rather than being sent again blindly:
    // the loop decides what is safe to redo (a commit is checked against the pending list).
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: true,
    connectTimeout: 5000,
    // A reply that never comes (a connection that died without closing, a transaction caught in
    // a restart) fails the command after 10 s, so the loop's retry, never a wait forever, follows.
    commandTimeout: 10_000,
    retryStrategy: (attempt: number) => {
      const delay = reconnectDelay(attempt);
      log?.warn('broker unreachable, retrying', { broker: description, connection: role, error: lastError, attempt, retry_in_ms: delay });
      return delay;
    },
    /** Remembers why the connection failed, for the next retry line (ioredis emits 'error' first). */
    noteError: (error: Error) => {
      lastError = error.message;
    },
  };
}

/** A client over `url` with those options, its failures noted, never an unhandled 'error' event. */
export function connectRedisClient(url: string, log: WorkerLog | null, role: string): RedisClient {
  const { Redis } = requireOptional<typeof import('ioredis')>(REDIS_CLIENT);
  const { noteError, ...clientOptions } = redisClientOptions(log, redactRedisUrl(url), role);
  const client: RedisClient = new Redis(url, clientOptions);
  client.on('error', noteError);
  return client;
}

export function createRedisEngine(options: RedisEngineOptions): StreamEngine {
  const description = `${redactRedisUrl(options.url)} stream ${options.stream} group ${options.group}`;
  const client = connectRedisClient(options.url, options.log, 'stream');
  // Lag is read on a second connection, only when asked (a scrape): the first spends its time
  // in a blocking read. Its retries are not logged; the stream connection's say the same.
  const admin = connectRedisClient(options.url, null, 'metrics');
  let wasDown = false;
  client.on('close', () => {
    wasDown = true;
  });
  client.on('ready', () => {
    if (wasDown) options.log.info('broker reachable again', { broker: redactRedisUrl(options.url) });
    wasDown = false;
  });
  // Entries delivered to this consumer but not yet answered (a read whose reply was lost, a
  // restart under the same name) are read first, by asking for its own pending entries (id 0).
  let readOwnPending = true;
  let nextClaim = '0-0';
  let lastClaimAt = 0;

  const toInputs = (entries: readonly StreamEntry[]): BatchInput[] => entries.map(([id, fields]) => ({ id, data: fieldOf(fields, options.field) }));

  async function claimIdle(max: number): Promise<BatchInput[]> {
    const reply = (await client.call('XAUTOCLAIM', [options.stream, options.group, options.consumer, options.claimIdleMs, nextClaim, 'COUNT', max])) as [string, StreamEntry[] | null, string[]?];
    nextClaim = reply[0];
    const entries = (reply[1] ?? []).filter((entry): entry is StreamEntry => Array.isArray(entry) && Array.isArray(entry[1]));
    if (entries.length > 0) options.log.info('claimed entries of an idle consumer', { count: entries.length });
    return toInputs(entries);
  }

  async function readBatch(max: number): Promise<BatchInput[]> {
    if (readOwnPending) {
      const entries = entriesOfRead(await client.call('XREADGROUP', ['GROUP', options.group, options.consumer, 'COUNT', max, 'STREAMS', options.stream, '0']));
      // A deleted entry still pending reads as [id, null]: it is acknowledged with the batch as a dead letter.
      if (entries.length > 0) return entries.map(([id, fields]) => ({ id, data: Array.isArray(fields) ? fieldOf(fields, options.field) : null }));
      readOwnPending = false;
    }
    // Claim from dead consumers between reads, at most once per second (or when idle).
    if (Date.now() - lastClaimAt >= Math.min(1000, options.claimIdleMs)) {
      lastClaimAt = Date.now();
      const claimed = await claimIdle(max);
      if (claimed.length > 0) return claimed;
    }
    return toInputs(entriesOfRead(await client.call('XREADGROUP', ['GROUP', options.group, options.consumer, 'COUNT', max, 'BLOCK', 1000, 'STREAMS', options.stream, '>'])));
  }

  return {
    name: 'redis',
    description,
    async start() {
      if (client.status === 'wait') await client.connect().catch(() => undefined);
      try {
        await client.call('XGROUP', ['CREATE', options.stream, options.group, '0', 'MKSTREAM']);
        options.log.info('consumer group created', { stream: options.stream, group: options.group });
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
      }
      readOwnPending = true;
    },
    async read(max) {
      try {
        return await readBatch(max);
      } catch (error) {
        // A reply lost with the connection may have delivered entries to this consumer.
        readOwnPending = true;
        throw error;
      }
    },
    async commit(outcomes) {
      if (outcomes.length === 0) return { written: 0, dead: 0, skipped: 0 };
      let ids = outcomes.map((outcome) => outcome.id);
      try {
        const mine = await pendingWithMe(client, options, ids);
        ids = ids.filter((id) => mine.has(id));
      } catch (error) {
        readOwnPending = true;
        throw error;
      }
      const keep = new Set(ids);
      const transaction = client.multi();
      let written = 0;
      let dead = 0;
      for (const outcome of outcomes) {
        if (!keep.has(outcome.id)) continue;
        if (outcome.kind === 'dead') {
          transaction.xadd(options.deadLetter, '*', 'reason', outcome.reason, 'input_id', outcome.id, 'data', outcome.data ?? '');
          dead++;
        } else if (!options.onlyMatches || outcome.result.action_ids.length > 0) {
          transaction.xadd(options.output, '*', 'result', JSON.stringify(outcome.result), 'input_id', outcome.id);
          written++;
        }
      }
      if (ids.length > 0) transaction.xack(options.stream, options.group, ...ids);
      try {
        const replies = await transaction.exec();
        if (replies === null) throw new Error('the MULTI/EXEC was aborted');
        for (const [error] of replies) if (error) throw error;
      } catch (error) {
        // Whether it ran is unknown: the next commit of this batch writes only what is still pending.
        readOwnPending = true;
        throw error;
      }
      return { written, dead, skipped: outcomes.length - ids.length } satisfies CommitCounts;
    },
    async lag() {
      if (admin.status === 'wait') await admin.connect();
      const groups = (await admin.call('XINFO', ['GROUPS', options.stream])) as unknown[][];
      for (const group of groups) {
        const name = fieldOf(group.map(String), 'name');
        if (name !== options.group) continue;
        const lag = Number(fieldOf(group.map(String), 'lag'));
        const pending = Number(fieldOf(group.map(String), 'pending'));
        return (Number.isFinite(lag) ? lag : 0) + (Number.isFinite(pending) ? pending : 0);
      }
      return null;
    },
    connected: () => client.status === 'ready',
    async close() {
      await Promise.all([closeRedisClient(client), closeRedisClient(admin)]);
    },
  };
}

/** QUIT when connected (replies in flight arrive first); a client still waiting for the server is just dropped. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}

/** The ids among `ids` that are pending with this consumer (not acknowledged, not claimed by another). */
async function pendingWithMe(client: RedisClient, options: RedisEngineOptions, ids: readonly string[]): Promise<Set<string>> {
  const sorted = [...ids].sort(compareIds);
  const first = sorted[0] as string;
  const last = sorted.at(-1) as string;
  // Entries of earlier lost reads may sit in the same range, hence room beyond the batch.
  const count = ids.length * 4 + 100;
  const reply = (await client.call('XPENDING', [options.stream, options.group, first, last, count, options.consumer])) as Array<[string, string, number, number]>;
  const mine = new Set(reply.map((entry) => entry[0]));
  // A reply cut at `count` may have left some out: those are written rather than lost (a duplicate at worst).
  if (reply.length >= count) for (const id of ids) mine.add(id);
  return mine;
}

/** Stream ids `ms-seq` in order. */
export function compareIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  const ms = Number(aMs) - Number(bMs);
  return ms !== 0 ? ms : Number(aSeq) - Number(bSeq);
}
