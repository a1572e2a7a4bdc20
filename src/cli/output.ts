// Line-oriented output that respects backpressure: a slow consumer pauses the producer
// instead of letting output pile up in memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface LineWriter {
  /** Queues a line. Returns a promise only when the caller must wait for the consumer. */
  write(line: string): Promise<void> | undefined;
  /** Hands what is queued to the stream now. Returns a promise only when the caller must wait. */
  flush(): Promise<void> | undefined;
  /** Writes what is queued and, for files, closes them. */
  close(): Promise<void>;
}

/** Lines are gathered into chunks of about this many characters before reaching the stream. */
const CHUNK = 64 * 1024;

export function createLineWriter(stream: Writable): LineWriter {
  let buffer = '';
  const flush = (): Promise<void> | undefined => {
    if (buffer === '') return undefined;
    const chunk = buffer;
    buffer = '';
    return stream.write(chunk) ? undefined : once(stream, 'drain').then(() => undefined);
  };
  return {
    write(line: string): Promise<void> | undefined {
      buffer += line + '\n';
      return buffer.length >= CHUNK ? flush() : undefined;
    },
    flush,
    async close(): Promise<void> {
      if (buffer !== '') await flush();
      if (stream === process.stdout) return;
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    },
  };
}
