// NATS JetStream as the worker's broker. The workers share one durable pull consumer on the
// input stream (explicit acks): each fetches a bounded batch, publishes each result with the
// event's uuid as the message id, waits for the stream to store it, and only then acknowledges
// the input. A worker that dies leaves its messages unacknowledged; JetStream delivers them
// again after `ackWaitMs`, and a result published twice is dropped by the output stream's
// duplicate window (message id = uuid): at least once, de-duplicated.
import type { NatsConnection } from '@nats-io/transport-node';
import type * as Js from '@nats-io/jetstream';
import { JETSTREAM_CLIENT, NATS_CLIENT, requireOptional } from '../store/optional-module.js';
import type { BatchInput } from './match-batch.js';
import type { StreamEngine } from './stream-engine.js';
import { reconnectDelay, type WorkerLog } from './worker-log.js';

export interface NatsEngineOptions {
  /** `nats://host:port` (default nats://127.0.0.1:4222); several separated by commas. */
  readonly url: string;
  /** The JetStream stream holding the input events. */
  readonly stream: string;
  /** The durable consumer the workers share (created when missing). */
  readonly group: string;
  /** The subject results are published to (a stream must capture it). */
  readonly output: string;
  /** The subject dead letters are published to (a stream must capture it). */
  readonly deadLetter: string;
  readonly onlyMatches: boolean;
  /** A message not acknowledged this long is delivered again (ms). */
  readonly ackWaitMs: number;
  /** Unacknowledged messages the consumer allows over every worker together, set when it is created. */
  /** Messages asked for at a time by each worker's pull. */
  readonly pullBatch: number;
  readonly maxAckPending: number;
  readonly log: WorkerLog;
}

/** Hides credentials in a NATS URL. */
export function redactNatsUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/g, '//***@');
}

export function createNatsEngine(options: NatsEngineOptions): StreamEngine {
  const { connect } = requireOptional<typeof import('@nats-io/transport-node')>(NATS_CLIENT);
  const js = requireOptional<typeof Js>(JETSTREAM_CLIENT);
  const description = `${redactNatsUrl(options.url)} stream ${options.stream} consumer ${options.group}`;
  let connection: NatsConnection | null = null;
  let client: Js.JetStreamClient | null = null;
  let consumer: Js.Consumer | null = null;
  let up = false;
  let reconnectAttempt = 0;
  // The messages of the batch in hand, by the id given to the loop (the stream sequence).
  const held = new Map<string, Js.JsMsg>();
  const nanos = (ms: number): number => ms * 1_000_000;
  // Messages are pulled in the background, one fetch after another, into `buffered`, and read()
  // takes what has arrived without waiting for a fetch to fill: a fetch ends only when full or
  // after a second, which would otherwise be a second of latency whenever traffic is light. The
  // pump fetches only while fewer than a batch wait, so a worker holds at most three batches
  // (one buffered, one being fetched, one in hand): bounded in flight, and little for another
  // worker to wait for if this one dies.
  const buffered: Js.JsMsg[] = [];
  let pumping: Promise<void> | null = null;
  let pumpStopped = false;
  let pumpError: unknown = null;
  let wakeReader: (() => void) | null = null;
  let wakePump: (() => void) | null = null;

  async function pump(from: Js.Consumer): Promise<void> {
    while (!pumpStopped) {
      const room = options.pullBatch - buffered.length;
      if (room <= 0) {
        await new Promise<void>((resolve) => {
          wakePump = resolve;
        });
        continue;
      }
      try {
        for await (const message of await from.fetch({ max_messages: room, expires: 1000 })) {
          // A stop during the fetch: what still arrives goes straight back for another worker.
          if (pumpStopped) message.nak();
          else buffered.push(message);
          wakeReader?.();
        }
      } catch (error) {
        pumpError = error;
        wakeReader?.();
        // The loop's read reports it; wait a moment rather than spin on a broken connection.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  function waitForMessages(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeReader = null;
        resolve();
      }
      wakeReader = done;
    });
  }

  async function watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        up = false;
        options.log.warn('broker connection lost', { broker: redactNatsUrl(options.url), server: status.server });
      } else if (status.type === 'reconnect') {
        up = true;
        reconnectAttempt = 0;
        options.log.info('broker reachable again', { broker: redactNatsUrl(options.url), server: status.server });
      }
    }
  }

  return {
    name: 'nats',
    description,
    async start() {
      if (connection === null) {
        // The first connection is the loop's to retry (with its log line); after it, the client
        // reconnects by itself, forever.
        const nc = await connect({
          servers: options.url.split(','),
          maxReconnectAttempts: -1,
          // The same backoff as every other broker retry, one log line per attempt.
          reconnectDelayHandler: () => {
            reconnectAttempt++;
            const delay = reconnectDelay(reconnectAttempt);
            options.log.warn('broker unreachable, retrying', { broker: redactNatsUrl(options.url), attempt: reconnectAttempt, retry_in_ms: delay });
            return delay;
          },
          name: `actionmatch worker ${process.pid}`,
        });
        connection = nc;
        up = true;
        void watchStatus(nc);
      }
      const manager = await js.jetstreamManager(connection, { timeout: 10_000 });
      try {
        await manager.consumers.info(options.stream, options.group);
      } catch (error) {
        const code = error instanceof js.JetStreamApiError ? error.code : null;
        if (code === js.JetStreamApiCodes.StreamNotFound) throw new Error(`JetStream stream ${options.stream} does not exist; create it first (it holds the input events)`);
        if (code !== js.JetStreamApiCodes.ConsumerNotFound) throw error;
        await manager.consumers.add(options.stream, {
          durable_name: options.group,
          ack_policy: js.AckPolicy.Explicit,
          ack_wait: nanos(options.ackWaitMs),
          max_ack_pending: options.maxAckPending,
          deliver_policy: js.DeliverPolicy.All,
        });
        options.log.info('durable consumer created', { stream: options.stream, consumer: options.group });
      }
      client = js.jetstream(connection, { timeout: 10_000 });
      consumer = await client.consumers.get(options.stream, options.group);
    },
    async read(max) {
      if (consumer === null) throw new Error('not started');
      if (pumpError !== null) {
        const error = pumpError;
        pumpError = null;
        throw error;
      }
      pumping ??= pump(consumer);
      if (buffered.length === 0) await waitForMessages(1000);
      const taken = buffered.splice(0, max);
      wakePump?.();
      wakePump = null;
      return taken.map((message) => {
        const id = String(message.seq);
        held.set(id, message);
        return { id, data: message.data.length === 0 ? null : message.string() };
      });
    },
    async commit(outcomes) {
      if (client === null || connection === null) throw new Error('not started');
      const jetstream = client;
      let written = 0;
      let dead = 0;
      const publishes: Array<Promise<unknown>> = [];
      for (const outcome of outcomes) {
        if (outcome.kind === 'dead') {
          dead++;
          const body = JSON.stringify({ reason: outcome.reason, stream: options.stream, seq: Number(outcome.id), data: outcome.data });
          publishes.push(jetstream.publish(options.deadLetter, body, { msgID: `dead:${options.stream}:${outcome.id}` }));
        } else if (!options.onlyMatches || outcome.result.action_ids.length > 0) {
          written++;
          const msgID = outcome.result.uuid ?? `${options.stream}:${outcome.id}`;
          publishes.push(jetstream.publish(options.output, JSON.stringify(outcome.result), { msgID }));
        }
      }
      // Every result is stored before any input is acknowledged; a failed publish fails the
      // commit, and the retry publishes again under the same ids (dropped as duplicates).
      const settled = await Promise.allSettled(publishes);
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
      for (const outcome of outcomes) held.get(outcome.id)?.ack();
      // Acks are fire-and-forget; flushing makes sure they left before the next fetch. An ack
      // lost to a broken connection only means a redelivery, answered by a duplicate publish.
      await connection.flush();
      held.clear();
      return { written, dead, skipped: 0 };
    },
    async lag() {
      if (consumer === null) return null;
      const info = await consumer.info(false);
      return info.num_pending + info.num_ack_pending;
    },
    connected: () => up,
    async close() {
      held.clear();
      // Messages that arrived but were never matched go back at once, not after ack_wait: the
      // fetch in progress is let run out (a second at most), naking what it still brings.
      pumpStopped = true;
      wakePump?.();
      for (const message of buffered.splice(0)) message.nak();
      await pumping;
      pumping = null;
      const nc = connection;
      connection = null;
      if (nc !== null) await nc.drain().catch(() => nc.close());
    },
  };
}
