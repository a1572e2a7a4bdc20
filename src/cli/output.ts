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

/**
 * How much may wait in the stream before the producer waits for it to drain. A file stream's
 * own mark is 16 KB, less than one chunk: waiting for 'drain' at every chunk made the producer
 * stop for each write to complete (a third of a `match` run into a file). Waiting only past
 * this bound lets writing overlap matching, and memory stays bounded all the same.
 */
const MAX_QUEUED = 1024 * 1024;

export function createLineWriter(stream: Writable): LineWriter {
  let buffer = '';
  const flush = (): Promise<void> | undefined => {
    if (buffer === '') return undefined;
    const chunk = buffer;
    buffer = '';
    return stream.write(chunk) || stream.writableLength < MAX_QUEUED ? undefined : once(stream, 'drain').then(() => undefined);
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
