// What the worker loop needs from a broker, whichever it is (Redis Streams, NATS JetStream):
// read a bounded batch for this consumer, then write the batch's outcomes and acknowledge its
// messages. The loop never holds more than one batch, so `read(max)` is the backpressure.
import type { BatchInput, BatchOutcome } from './match-batch.js';

export interface CommitCounts {
  /** Results written to the output. */
  readonly written: number;
  /** Messages sent to the dead letters. */
  readonly dead: number;
  /** Messages of the batch another consumer had taken over (claimed), left to it. */
  readonly skipped: number;
}

export interface StreamEngine {
  /** `redis` or `nats`, for logs and metrics. */
  readonly name: string;
  /** Where it reads and writes, without secrets. */
  readonly description: string;
  /** Connects and makes sure the group (consumer) exists. Retried by the loop when it fails. */
  start(): Promise<void>;
  /** Up to `max` messages for this consumer; waits about a second at most when there are none. */
  read(max: number): Promise<BatchInput[]>;
  /** Writes the outcomes (results only where `onlyMatches` allows) and acknowledges their messages. */
  commit(outcomes: readonly BatchOutcome[]): Promise<CommitCounts>;
  /** Messages of the stream not yet acknowledged by the group (read or not), when known. */
  lag(): Promise<number | null>;
  /** Whether the connection to the broker is up. */
  connected(): boolean;
  /** Closes the connections. */
  close(): Promise<void>;
}
