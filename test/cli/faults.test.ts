// `match` under faulty input and a faulty environment, run as a child process: a truncated last
// line, binary garbage, a 50 MB line, a consumer that closes stdout, SIGTERM mid-run. Whatever
// happens, every input line the command has read gets exactly one output line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, jsonLines, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'actionmatch-cli-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const actions = join(dir, 'actions.json');
writeFileSync(actions, JSON.stringify([{ id: 1, name: 'Pageview', steps: [{ event: '$pageview' }] }]));

function eventLine(n: number): string {
  return JSON.stringify({ uuid: String(n), event: '$pageview' });
}

/** Lines `from`..`to` - 1 as NDJSON, each event's uuid its line number. */
function eventLines(from: number, to: number): string {
  let text = '';
  for (let n = from; n < to; n++) text += eventLine(n) + '\n';
  return text;
}

/** Seeded bytes, so that a failure can be replayed. */
function randomBytes(count: number, seed: number): Uint8Array {
  let state = seed;
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function countLines(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? count + 1 : count;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function startMatch(args: string[]): { child: ChildProcessWithoutNullStreams; exited: Promise<Exit>; stderr: () => string } {
  const child = spawn(process.execPath, [cliPath, 'match', '--actions', actions, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => stderr };
}

describe('match with faulty input', () => {
  it('answers a truncated last line (no newline, incomplete JSON) with an error line', () => {
    const run = runCli(['match', '--actions', actions], eventLines(1, 3) + '{"uuid":"3","event":"$pagev');
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { uuid: '1', action_ids: [1] },
      { uuid: '2', action_ids: [1] },
      { line: 3, error: expect.stringMatching(/^invalid JSON: /) as unknown },
    ]);
  });

  it('answers every line of binary garbage (random bytes, NULs, invalid UTF-8) with one line', () => {
    const garbage = randomBytes(64 * 1024, 7);
    const parts = [
      Buffer.from(eventLines(1, 2)),
      Buffer.from([0x00, 0x00, 0x0a, 0xff, 0xfe, 0xfd, 0x0a, 0xc3, 0x28, 0x0a, 0xed, 0xa0, 0x80, 0x0a, 0xf0, 0x9f, 0x0a]),
      Buffer.from('{"uuid":"\u00e9\\u0000","event":"$pageview"}\n'),
      garbage,
      Buffer.from('\n' + eventLine(99)),
    ];
    const input = Buffer.concat(parts);
    const run = runCli(['match', '--actions', actions], input);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const output = jsonLines(run.stdout);
    expect(output).toHaveLength(countLines(input));
    expect(output[0]).toEqual({ uuid: '1', action_ids: [1] });
    expect(output[1]).toEqual({ line: 2, error: expect.stringMatching(/^invalid JSON: /) as unknown });
    expect(output[6]).toEqual({ uuid: '\u00e9\u0000', action_ids: [1] });
    expect(output[output.length - 1]).toEqual({ uuid: '99', action_ids: [1] });
    // Invalid UTF-8 is decoded to U+FFFD, so every output line is valid JSON (checked by jsonLines) and UTF-8.
    expect(Buffer.from(run.stdout, 'utf8').toString('utf8')).toBe(run.stdout);
  });

  it('reads a single 50 MB line, valid or not, and keeps the error line short', () => {
    const big = 'x'.repeat(50 * 1024 * 1024);
    const path = join(dir, 'big.ndjson');
    const fd = openSync(path, 'w');
    writeSync(fd, eventLines(1, 2));
    writeSync(fd, `{"uuid":"2","event":"$pageview","properties":{"$current_url":"https://x.io/${big}"}}\n`);
    writeSync(fd, big + '\n');
    writeSync(fd, eventLine(4));
    closeSync(fd);
    const run = runCli(['match', '--actions', actions, '--events', path]);
    expect(run.status).toBe(0);
    const output = jsonLines(run.stdout);
    expect(output).toEqual([
      { uuid: '1', action_ids: [1] },
      { uuid: '2', action_ids: [1] },
      { line: 3, error: expect.stringMatching(/^invalid JSON: /) as unknown },
      { uuid: '4', action_ids: [1] },
    ]);
    expect(run.stdout.length).toBeLessThan(1000);
  }, 60_000);
});

describe('match in a faulty environment', () => {
  it('exits quietly with status 0 when the consumer closes stdout under load (| head -1)', async () => {
    const path = join(dir, 'many.ndjson');
    const block = eventLines(1, 10_001);
    const fd = openSync(path, 'w');
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    closeSync(fd);
    const run = startMatch(['--events', path]);
    run.child.stdin.end();
    const first = await new Promise<string>((resolve) => run.child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    run.child.stdout.destroy();
    const exit = await run.exited;
    expect(first.split('\n')[0]).toBe('{"uuid":"1","action_ids":[1]}');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toBe('');
  }, 60_000);

  it('on SIGTERM mid-run answers every line it has read, flushes and exits with 143', async () => {
    const run = startMatch(['--stats']);
    // The producer never ends the input: only the signal can stop the command.
    let next = 1;
    let producing = true;
    const produce = (): void => {
      while (producing && run.child.stdin.write(eventLines(next, next + 1000))) next += 1000;
      if (producing) {
        next += 1000;
        run.child.stdin.once('drain', produce);
      }
    };
    run.child.stdin.on('error', () => undefined);
    produce();
    let stdout = '';
    let signalled = false;
    run.child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && stdout.length > 2 * 1024 * 1024) {
        signalled = true;
        run.child.kill('SIGTERM');
      }
    });
    const exit = await run.exited;
    producing = false;
    expect(exit).toEqual({ code: 143, signal: null });
    expect(stdout.endsWith('\n')).toBe(true);
    const output = jsonLines(stdout);
    // Lines 1..N, each once and in order, and N is the number of lines read (from --stats).
    output.forEach((line, index) => expect(line).toEqual({ uuid: String(index + 1), action_ids: [1] }));
    const stats = /events: (\d+), lines rejected: 0,/.exec(run.stderr());
    expect(Number(stats?.[1])).toBe(output.length);
    expect(output.length).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('on %s while waiting for input answers the lines read so far and exits with %i', async (signal, status) => {
    const run = startMatch([]);
    run.child.stdin.write(eventLines(1, 3));
    let stdout = '';
    await new Promise<void>((resolve) => {
      run.child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').length > 2) resolve();
      });
    });
    run.child.kill(signal);
    const exit = await run.exited;
    expect(exit).toEqual({ code: status, signal: null });
    expect(jsonLines(stdout)).toEqual([
      { uuid: '1', action_ids: [1] },
      { uuid: '2', action_ids: [1] },
    ]);
    expect(run.stderr()).toBe('');
  }, 30_000);
});
