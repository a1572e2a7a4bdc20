// The events input of `match` as a stream of lines: a file, stdin, gzip by extension.
// Lines are cut from each chunk as it arrives and the next chunk is read only after the
// caller has dealt with these, so memory holds one chunk and one partial line, whatever
// the size of the input.
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from './usage-error.js';

/** Opens `path` ('-' = stdin), decompressing `.gz`, and waits until the file is known to be readable. */
export async function openEvents(path: string): Promise<Readable> {
  const raw: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 256 * 1024 });
  if (raw !== process.stdin) {
    await new Promise<void>((resolve, reject) => {
      raw.once('open', () => resolve());
      raw.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot read events file ${path}: ${error.code ?? error.message}`)));
    });
  }
  if (!path.endsWith('.gz')) return raw;
  // pipeline forwards a read error to the gunzip stream, where the line reader sees it.
  return pipeline(raw, createGunzip(), () => undefined);
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
  try {
    for await (const chunk of input as AsyncIterable<string>) {
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
    const error = caught as NodeJS.ErrnoException;
    const code = error.code ?? error.message;
    // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR) mean the .gz file is corrupt or truncated.
    const reason = code.startsWith('Z_') ? `not valid gzip (${code})` : code;
    throw new UsageError(`cannot read events file ${path === '-' ? '(stdin)' : path}: ${reason}`);
  }
  if (pending.length > 0) yield [trimCarriageReturn(pending.join(''))];
}
