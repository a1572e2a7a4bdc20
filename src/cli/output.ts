// Line-oriented output that respects backpressure: a slow consumer pauses the producer
// instead of letting output pile up in memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface LineWriter {
  write(line: string): Promise<void>;
  close(): Promise<void>;
}

export function createLineWriter(stream: Writable): LineWriter {
  return {
    async write(line: string): Promise<void> {
      if (!stream.write(line + '\n')) await once(stream, 'drain');
    },
    async close(): Promise<void> {
      if (stream === process.stdout) return;
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    },
  };
}
