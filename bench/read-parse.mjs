// The yardstick of `match` at scale: read an NDJSON file as `match` reads it (the same chunks of
// whole lines, decoded and split the same way) and JSON.parse every line, matching nothing and
// writing nothing. `match --stats` lines/s over this one's lines/s is what matching costs on top.
// Run after `npm run build`: node bench/read-parse.mjs FILE
import { createReadStream } from 'node:fs';
import { readEventChunks } from '../dist/cli/event-chunks.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: node bench/read-parse.mjs FILE');
const started = performance.now();
let lines = 0;
let parsed = 0;
for await (const chunk of readEventChunks(createReadStream(path, { highWaterMark: 256 * 1024 }), path)) {
  if (chunk.kind !== 'lines') continue;
  const text = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength).toString('utf8').split('\n');
  if (text.length > chunk.lines) text.pop();
  for (const line of text) {
    lines++;
    try {
      JSON.parse(line);
      parsed++;
    } catch {
      // counted as read, as match counts a rejected line
    }
  }
}
const seconds = (performance.now() - started) / 1000;
process.stderr.write(`lines: ${lines}, parsed: ${parsed}, ${Math.round(lines / seconds)} lines/s\n`);
