// `match` on a large input (about 200 MB) piped through stdin, on one thread and on two: every
// line is answered and memory stays bounded. The child runs with a 64 MB old space (each thread's
// heap), so a run that kept lines, results or output would crash; its peak RSS is also read from
// /proc while it runs.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'actionmatch-cli-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TARGET_BYTES = 200 * 1024 * 1024;
/**
 * Generous for a streaming run (about 120 MB is typical with one thread; a worker thread adds
 * its own heap), below the input size.
 */
const RSS_LIMIT_KB: Readonly<Record<number, number>> = { 1: 180 * 1024, 2: 190 * 1024 };

/** Writes a large NDJSON file from one repeated block, which is fast; returns its line count. */
function writeLargeInput(path: string): number {
  const pad = 'x'.repeat(120);
  const lines = [
    JSON.stringify({ uuid: 'p', event: '$pageview', distinct_id: 'd', properties: { $current_url: 'https://x.io/pricing', pad } }),
    JSON.stringify({ uuid: 'q', event: '$pageview', distinct_id: 'd', properties: { $current_url: 'https://x.io/blog', pad } }),
    JSON.stringify({ uuid: 's', event: 'signed_up', distinct_id: 'd', properties: { pad } }),
    '{not json',
  ];
  let block = lines.join('\n') + '\n';
  let linesPerBlock = lines.length;
  while (block.length < 1024 * 1024) {
    block += block;
    linesPerBlock *= 2;
  }
  const fd = openSync(path, 'w');
  let written = 0;
  let count = 0;
  while (written < TARGET_BYTES) {
    writeSync(fd, block);
    written += block.length;
    count += linesPerBlock;
  }
  closeSync(fd);
  return count;
}

function readPeakRssKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}

describe('match at pipeline scale', () => {
  it.each([1, 2])('streams a ~200 MB input with bounded memory (--jobs %i)', async (jobs) => {
    const actions = join(dir, 'actions.json');
    writeFileSync(actions, JSON.stringify([
      { id: 2, name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] },
      { id: 5, name: 'Signed up', steps: [{ event: 'signed_up' }] },
    ]));
    const input = join(dir, 'events.ndjson');
    const lineCount = writeLargeInput(input);

    const child = spawn(process.execPath, ['--max-old-space-size=64', cliPath, 'match', '--actions', actions, '--stats', '--jobs', String(jobs)], { stdio: ['pipe', 'pipe', 'pipe'] });
    createReadStream(input).pipe(child.stdin);
    let outputLines = 0;
    let matchedLines = 0;
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      // Count without keeping the output: the test itself must not hold 50 MB either.
      const text = tail + chunk.toString('latin1');
      const cut = text.lastIndexOf('\n');
      const complete = text.slice(0, cut + 1);
      tail = text.slice(cut + 1);
      for (let at = complete.indexOf('\n'); at !== -1; at = complete.indexOf('\n', at + 1)) outputLines++;
      for (let at = complete.indexOf('"action_ids":['); at !== -1; at = complete.indexOf('"action_ids":[', at + 1)) {
        if (complete.charAt(at + 14) !== ']') matchedLines++;
      }
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peakKb = 0;
    const poll = setInterval(() => {
      peakKb = Math.max(peakKb, readPeakRssKb(child.pid ?? -1) ?? 0);
    }, 50);
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    clearInterval(poll);

    expect(stderr).toMatch(new RegExp(`events: ${(lineCount / 4) * 3}, lines rejected: ${lineCount / 4}, `));
    expect(status).toBe(0);
    expect(outputLines).toBe(lineCount);
    expect(matchedLines).toBe((lineCount / 4) * 2);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(RSS_LIMIT_KB[jobs] ?? 0);
  }, 120_000);
});
