// The events input of `match` as chunks of whole lines, in bytes: what is matched in one piece,
// on this thread or on a worker (a chunk moves to a worker without being copied or decoded
// here). Cut only after a newline byte, which never occurs inside a UTF-8 sequence, so each
// chunk decodes on its own exactly as the whole would. Memory holds one read and one partial
// line; a line longer than the limit is not gathered at all: it becomes an `oversize` item,
// answered with an error line, and reading goes on after it.
import { constants } from 'node:buffer';
import type { Readable } from 'node:stream';
import { describeReadError } from './event-lines.js';

/** The longest line that can be a JavaScript string once decoded (bytes ≥ UTF-16 units). */
export const MAX_LINE_BYTES = constants.MAX_STRING_LENGTH;

export type EventChunk =
  /** `lines` whole lines (each ends with a newline, except a last line of the input), the first numbered `firstLine`. */
  | { readonly kind: 'lines'; readonly bytes: Uint8Array; readonly firstLine: number; readonly lines: number }
  /** Line `line`, longer than the limit: `bytes` long, not read into memory. */
  | { readonly kind: 'oversize'; readonly line: number; readonly bytes: number };

const NEWLINE = 0x0a;
const BOM = [0xef, 0xbb, 0xbf] as const;

/** Yields `input` as chunks of whole lines; `path` names it in read errors. */
export async function* readEventChunks(input: Readable, path: string, maxLineBytes: number = MAX_LINE_BYTES): AsyncGenerator<EventChunk> {
  let line = 1;
  // The start of a line that spans reads, and its length; `skipped` counts an oversize line's bytes.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipped = -1;
  let first = true;
  const chunks: EventChunk[] = [];

  /** Cuts `region` (whole lines, each ending with a newline) into chunks, setting oversize lines apart. */
  const cut = (region: Buffer): void => {
    let batchStart = 0;
    let lineStart = 0;
    let count = 0;
    for (let newline = region.indexOf(NEWLINE); newline !== -1; newline = region.indexOf(NEWLINE, lineStart)) {
      if (newline - lineStart > maxLineBytes) {
        if (count > 0) chunks.push({ kind: 'lines', bytes: region.subarray(batchStart, lineStart), firstLine: line, lines: count });
        line += count;
        count = 0;
        chunks.push({ kind: 'oversize', line, bytes: newline - lineStart });
        line++;
        batchStart = newline + 1;
      } else count++;
      lineStart = newline + 1;
    }
    if (count > 0) chunks.push({ kind: 'lines', bytes: region.subarray(batchStart), firstLine: line, lines: count });
    line += count;
  };

  try {
    for await (const read of input as AsyncIterable<Buffer>) {
      let chunk = read;
      if (first) {
        first = false;
        if (chunk[0] === BOM[0] && chunk[1] === BOM[1] && chunk[2] === BOM[2]) chunk = chunk.subarray(3);
      }
      let start = 0;
      if (skipped >= 0) {
        const newline = chunk.indexOf(NEWLINE);
        if (newline === -1) {
          skipped += chunk.length;
          continue;
        }
        yield { kind: 'oversize', line: line++, bytes: skipped + newline };
        skipped = -1;
        start = newline + 1;
      }
      const last = chunk.lastIndexOf(NEWLINE);
      if (last < start) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > maxLineBytes) {
          skipped = pendingBytes;
          pending = [];
          pendingBytes = 0;
        }
        continue;
      }
      const whole = chunk.subarray(start, last + 1);
      cut(pending.length === 0 ? whole : Buffer.concat([...pending, whole]));
      pending = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
      pendingBytes = chunk.length - last - 1;
      yield* chunks;
      chunks.length = 0;
    }
  } catch (caught) {
    throw describeReadError(caught, path);
  }
  // A last line without a newline is still a line.
  if (skipped >= 0) yield { kind: 'oversize', line, bytes: skipped };
  else if (pendingBytes > 0) yield { kind: 'lines', bytes: Buffer.concat(pending), firstLine: line, lines: 1 };
}
