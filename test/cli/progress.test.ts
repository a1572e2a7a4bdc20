// The live progress line: its refresh rule with an injected clock, and, as a child process,
// that it appears on a terminal and never in a pipe or under CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, REFRESH_MS } from '../../src/cli/progress.js';
import { cliPath, runCli } from './run-cli.js';

function capture(): { stream: Writable; written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return { stream, written };
}

describe('createProgress', () => {
  it('redraws at most every 250 ms and erases the line at the end', () => {
    let time = 0;
    const { stream, written } = capture();
    const progress = createProgress(stream, () => time);
    time = REFRESH_MS - 1;
    progress.update(10, 1);
    expect(written).toEqual([]);
    time = REFRESH_MS;
    progress.update(2000, 5);
    time = REFRESH_MS + 100;
    progress.update(3000, 6);
    expect(written).toEqual(['\r\x1b[K2,000 events, 8,000 events/s, 5 matches']);
    progress.clear();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('shows the share read and the time left when the input size is known', () => {
    let time = 0;
    const { stream, written } = capture();
    const progress = createProgress(stream, () => time);
    time = 2000;
    progress.update(4000, 7, 0.25);
    time = 4000;
    progress.update(8000, 9, 0.5);
    time = 6000;
    progress.update(9000, 9, 0);
    expect(written).toEqual([
      '\r\x1b[K25%, 4,000 events, 2,000 events/s, 7 matches, ETA 6s',
      '\r\x1b[K50%, 8,000 events, 2,000 events/s, 9 matches, ETA 4s',
      '\r\x1b[K9,000 events, 1,500 events/s, 9 matches',
    ]);
  });

  it.each([
    [0, '0s'],
    [0.2, '1s'],
    [59, '59s'],
    [61, '1m 01s'],
    [3725, '1h 02m'],
  ])('formats %f seconds left as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('erases nothing when nothing was drawn', () => {
    const { stream, written } = capture();
    createProgress(stream, () => 0).clear();
    expect(written).toEqual([]);
  });
});

describe('progress in the command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actionmatch-cli-progress-'));
  const actions = join(dir, 'actions.json');
  writeFileSync(actions, JSON.stringify([{ id: 1, steps: [{ event: 'x' }] }]));
  const events = join(dir, 'events.ndjson');
  writeFileSync(events, '{"event":"x"}\n'.repeat(20000));

  it('is never drawn when stderr is not a terminal', () => {
    const env = { ...process.env };
    delete env['CI'];
    const run = runCli(['match', '--actions', actions, '--events', events], undefined, env);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  // `script` gives the child a terminal; where it is missing the check is skipped.
  // `script` (util-linux, on every Debian machine) gives the child a real terminal.
  it('is drawn on a terminal unless CI is set, and erased at the end', () => {
    expect(spawnSync('script', ['--version']).status).toBe(0);
    const slow = join(dir, 'slow.ndjson');
    writeFileSync(slow, ('{"event":"x","properties":{"pad":"' + 'p'.repeat(20) + '"}}\n').repeat(300000));
    const command = `${process.execPath} ${cliPath} match --actions ${actions} --events ${slow} --out /dev/null`;
    const env = { ...process.env };
    delete env['CI'];
    const onTerminal = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
    expect(onTerminal.status).toBe(0);
    // A file's size is known: the share read and the time left come first and last.
    expect(onTerminal.stdout).toMatch(/\r\x1b\[K\d{1,3}%, [\d,]+ events, [\d,]+ events\/s, [\d,]+ matches, ETA (\d+h )?(\d+m )?\d+s/);
    expect(onTerminal.stdout.endsWith('\r\x1b[K')).toBe(true);
    const underCi = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...env, CI: 'true' } });
    expect(underCi.stdout).not.toContain('events/s');
  });
});
