// The JetStream streams of a worker test, made and read with the NATS client as a producer and
// a downstream consumer would: an input stream, a stream of results (with the duplicate window
// that de-duplicates republished results) and one of dead letters.
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface NatsStreams {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** Input stream name; events go to subject `${input}.in`. */
  readonly input: string;
  publish(messages: readonly string[]): Promise<void>;
  /** Every message stored on subject `${input}.results` or `${input}.dead`, in order. */
  readAll(which: 'results' | 'dead'): Promise<string[]>;
  /** Messages stored as results and dead letters. */
  stored(): Promise<number>;
  dispose(): Promise<void>;
}

export async function createStreams(url: string): Promise<NatsStreams> {
  const nc = await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const input = `AMTEST_${process.pid}_${randomBytes(4).toString('hex')}`;
  const outputs = { results: `${input}_RESULTS`, dead: `${input}_DEAD` };
  await jsm.streams.add({ name: input, subjects: [`${input}.in`] });
  await jsm.streams.add({ name: outputs.results, subjects: [`${input}.results`], duplicate_window: 5 * 60 * 1_000_000_000 });
  await jsm.streams.add({ name: outputs.dead, subjects: [`${input}.dead`] });
  return {
    nc,
    js,
    jsm,
    input,
    async publish(messages) {
      for (let start = 0; start < messages.length; start += 1000) {
        await Promise.all(messages.slice(start, start + 1000).map((message) => js.publish(`${input}.in`, message)));
      }
    },
    async readAll(which) {
      const stream = outputs[which];
      const info = await jsm.streams.info(stream);
      const last = info.state.last_seq;
      const found: string[] = [];
      if (info.state.messages === 0) return found;
      const consumer = await js.consumers.get(stream);
      const messages = await consumer.consume({ max_messages: 2000 });
      for await (const message of messages) {
        found.push(message.string());
        if (message.seq >= last || message.info.pending === 0) break;
      }
      await messages.close();
      return found;
    },
    async stored() {
      return (await jsm.streams.info(outputs.results)).state.messages + (await jsm.streams.info(outputs.dead)).state.messages;
    },
    async dispose() {
      for (const stream of [input, outputs.results, outputs.dead]) await jsm.streams.delete(stream).catch(() => undefined);
      await nc.close();
    },
  };
}
