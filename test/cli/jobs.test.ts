// `match --jobs N` on worker threads gives the same output, byte for byte, as `--jobs 1`, on
// generated input of every kind of line (matching and not, invalid JSON, not an event, empty,
// CRLF, multi-byte text, a BOM, a line over --max-line-bytes), with the options that shape the
// output, and the same --stats counts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliPath, jsonLines, runCli, tempFiles } from './run-cli.js';

const files = tempFiles('actionmatch-cli-jobs-');
const actions = new URL('../../examples/actions.json', import.meta.url).pathname;
const examples = readFileSync(new URL('../../examples/events.ndjson', import.meta.url), 'utf8').split('\n').filter((line) => line !== '');

/** About 3 MB: the example events, each with its own uuid, and faulty lines among them. */
function generateEvents(): string {
  const lines: string[] = [];
  for (let round = 0; round < 3; round++) {
    examples.forEach((line, index) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      event['uuid'] = `${round}-${index}`;
      if (index % 11 === 0) event['properties'] = { ...(event['properties'] as object), note: 'żółć 👋 "quoted"' };
      lines.push(JSON.stringify(event) + (index % 13 === 0 ? '\r' : ''));
      if (index % 97 === 0) lines.push('{"uuid": "broken", "event": ');
      if (index % 101 === 0) lines.push('');
      if (index % 89 === 0) lines.push('{"uuid": "no-name", "properties": {}}');
      if (index % 499 === 0) lines.push(JSON.stringify({ uuid: `long-${index}`, event: '$pageview', properties: { pad: 'x'.repeat(5000) } }));
    });
  }
  return '\uFEFF' + lines.join('\n');
}

const events = files.file('events.ndjson', generateEvents());

function match(jobs: number, extra: string[] = []): { stdout: string; stats: string[] } {
  const run = runCli(['match', '--actions', actions, '--events', events, '--jobs', String(jobs), '--stats', ...extra]);
  expect(run.status).toBe(0);
  // The rate varies from run to run; the counts must not.
  const stats = run.stderr.split('\n').map((line) => line.replace(/\d+ lines\/s, \d+ events\/s, /, '').replace(/, \d+ threads$/, ''));
  return { stdout: run.stdout, stats };
}

describe('match --jobs', () => {
  const single = match(1);

  it('answers every line, faulty ones included', () => {
    const lines = single.stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBe(generateEvents().split('\n').length);
    expect(lines.filter((line) => line.startsWith('{"line":')).length).toBeGreaterThan(100);
  });

  it.each([2, 3])('with %i threads writes exactly what one thread writes', (jobs) => {
    const parallel = match(jobs);
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stats).toEqual(single.stats);
  });

  it('agrees with one thread with --only-matches, --fields and a line limit', () => {
    const options = ['--only-matches', '--fields', 'event,distinct_id', '--max-line-bytes', '4000'];
    const one = match(1, options);
    expect(one.stdout).toContain('"error":"line too long: ');
    expect(match(2, options).stdout).toBe(one.stdout);
  });
});

describe('match --jobs on a live feed', () => {
  it('answers each line as it arrives and, on SIGTERM, exits 143 after answering what it read', async () => {
    const child = spawn(process.execPath, [cliPath, 'match', '--actions', actions, '--jobs', '2'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let stdout = '';
    const answered = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').length > 2) resolve();
      });
    });
    child.stdin.write(examples.slice(0, 2).join('\n') + '\n');
    await answered;
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(jsonLines(stdout).map((line) => (line as { uuid: unknown }).uuid)).toEqual(examples.slice(0, 2).map((line) => (JSON.parse(line) as { uuid: unknown }).uuid));
    expect(stderr).toContain('action 107 does not compile');
  }, 30_000);
});
