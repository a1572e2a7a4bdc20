// The events input of `match` and `explain` as a stream of lines: a file, stdin, gzip by
// extension. Lines are cut from each chunk as it arrives and the next chunk is read only after
// the caller has dealt with these, so memory holds one chunk and one partial line, whatever the
// size of the input. A UTF-8 byte order mark at the start is not part of the first line.
import { createReadStream, fstatSync } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from './usage-error.js';

const CHUNK_BYTES = 256 * 1024;

/** An opened events input, with what progress needs: its size on disk and how much is read. */
export interface EventsInput {
  readonly stream: Readable;
  /** The file's size in bytes (compressed for .gz); null for stdin and other unsized inputs. */
  readonly size: number | null;
  /** Bytes of the file read so far (compressed for .gz). */
  bytesRead(): number;
}

/** Opens `path` ('-' = stdin), decompressing `.gz`, and waits until the file is known to be readable. */
export async function openEventsInput(path: string): Promise<EventsInput> {
  if (path === '-') return { stream: process.stdin, size: null, bytesRead: () => 0 };
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const fd = await new Promise<number>((resolve, reject) => {
    raw.once('open', (opened: number) => resolve(opened));
    raw.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot read events file ${path}: ${error.code ?? error.message}`)));
  });
  const stat = fstatSync(fd);
  const size = stat.isFile() ? stat.size : null;
  // pipeline forwards a read error to the gunzip stream, where the line reader sees it.
  const stream = path.endsWith('.gz') ? pipeline(raw, createGunzip({ chunkSize: CHUNK_BYTES }), () => undefined) : raw;
  return { stream, size, bytesRead: () => raw.bytesRead };
}

/** Opens `path` ('-' = stdin), decompressing `.gz`, and waits until the file is known to be readable. */
export async function openEvents(path: string): Promise<Readable> {
  return (await openEventsInput(path)).stream;
}

/** The reason a read failed, as one line naming the file. */
export function describeReadError(caught: unknown, path: string): UsageError {
  const error = caught as NodeJS.ErrnoException;
  const code = error.code ?? error.message;
  // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR) mean the .gz file is corrupt or truncated.
  const reason = code.startsWith('Z_') ? `not valid gzip (${code})` : code;
  return new UsageError(`cannot read events file ${path === '-' ? '(stdin)' : path}: ${reason}`);
}

/** Removes the `\r` of a CRLF line ending. */
function trimCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Yields the lines of `input` as arrays (one per chunk), without their line endings. A final
 * line without a newline is still a line; an empty input has none.
 */
export async function* readLineBatches(input: Readable, path: string): AsyncGenerator<string[]> {
  input.setEncoding('utf8');
  // The start of a line that spans chunks, kept as pieces and joined once when its newline
  // arrives: appending each chunk to one string and splitting it again would copy the line
  // once per chunk, quadratic in its length (a 50 MB line took seconds of copying).
  let pending: string[] = [];
  let first = true;
  try {
    for await (const read of input as AsyncIterable<string>) {
      const chunk = first && read.startsWith('\uFEFF') ? read.slice(1) : read;
      first = false;
      const firstNewline = chunk.indexOf('\n');
      if (firstNewline === -1) {
        pending.push(chunk);
        continue;
      }
      const lines = chunk.slice(firstNewline + 1).split('\n');
      const tail = lines.pop() ?? '';
      pending.push(chunk.slice(0, firstNewline));
      lines.unshift(pending.join(''));
      pending = tail === '' ? [] : [tail];
      for (let i = 0; i < lines.length; i++) lines[i] = trimCarriageReturn(lines[i] as string);
      yield lines;
    }
  } catch (caught) {
    throw describeReadError(caught, path);
  }
  if (pending.length > 0) yield [trimCarriageReturn(pending.join(''))];
}
