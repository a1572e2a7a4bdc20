// `--out FILE` run as a user runs it: an output that is also an input is refused before
// anything is touched, the file is replaced only by a run that succeeded, and a failure or a
// signal leaves the old file as it was with no temporary file beside it.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, jsonLines, runCli, tempFiles } from './run-cli.js';

const { dir, file } = tempFiles('actionmatch-out-file-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const actionsText = JSON.stringify([{ id: 1, name: 'Pageview', steps: [{ event: '$pageview' }] }]);
const eventsText = '{"uuid":"1","event":"$pageview"}\n{"uuid":"2","event":"signup"}\n';
const OLD = 'earlier results\n';

let folders = 0;
/** A folder of its own per test, so that "no temporary file left" looks at this run only. */
function folder(): { path: (name: string) => string; write: (name: string, content: string | Uint8Array) => string; names: () => string[] } {
  const name = `case-${++folders}`;
  const root = join(dir, name);
  mkdirSync(root);
  return {
    path: (entry) => join(root, entry),
    write: (entry, content) => file(`${name}/${entry}`, content),
    names: () => readdirSync(root).sort(),
  };
}

function expectRefused(run: { status: number | null; stdout: string; stderr: string }, input: string): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^actionmatch: --out .* is also an input \\(${input}\\); write the output to another file$`));
}

describe('--out that is also an input is refused up front', () => {
  it('match --events e.ndjson --out e.ndjson: exit 2, one line, the events untouched', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    const events = f.write('e.ndjson', eventsText);
    expectRefused(runCli(['match', '--actions', actions, '--events', events, '--out', events]), `--events ${events.replace(/[.]/g, '\\.')}`);
    expect(readFileSync(events, 'utf8')).toBe(eventsText);
    expect(f.names()).toEqual(['a.json', 'e.ndjson']);
  });

  it('the actions file, named differently (./, ..) from the working directory', () => {
    const f = folder();
    f.write('a.json', actionsText);
    f.write('e.ndjson', eventsText);
    const run = spawnSync(process.execPath, [cliPath, 'match', '--actions', 'a.json', '--events', 'e.ndjson', '--out', `../${basename(f.path(''))}/./a.json`], { cwd: f.path(''), encoding: 'utf8' });
    expectRefused(run, '--actions a\\.json');
    expect(readFileSync(f.path('a.json'), 'utf8')).toBe(actionsText);
  });

  it('through a symbolic link, either way round, and through a hard link', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    const events = f.write('e.ndjson', eventsText);
    symlinkSync(events, f.path('link.ndjson'));
    linkSync(events, f.path('hard.ndjson'));
    expectRefused(runCli(['match', '--actions', actions, '--events', f.path('link.ndjson'), '--out', events]), '--events .*link\\.ndjson');
    expectRefused(runCli(['match', '--actions', actions, '--events', events, '--out', f.path('link.ndjson')]), '--events .*e\\.ndjson');
    expectRefused(runCli(['match', '--actions', actions, '--events', f.path('hard.ndjson'), '--out', events]), '--events .*hard\\.ndjson');
    expect(readFileSync(events, 'utf8')).toBe(eventsText);
    expect(lstatSync(f.path('link.ndjson')).isSymbolicLink()).toBe(true);
  });

  it('standard input redirected from the output file', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    const events = f.write('e.ndjson', eventsText);
    const fd = openSync(events, 'r');
    try {
      const run = spawnSync(process.execPath, [cliPath, 'match', '--actions', actions, '--out', events], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      expectRefused(run, 'standard input, read as --events');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(events, 'utf8')).toBe(eventsText);
  });

  it('compile and check: an actions file or a file a glob expands to', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    f.write('b.json', actionsText.replace('"id":1', '"id":2'));
    expectRefused(runCli(['compile', '--actions', actions, '--out', actions]), '--actions .*a\\.json');
    expectRefused(runCli(['compile', '--actions', f.path('*.json'), '--target', 'hogvm', '--out', f.path('b.json')]), '--actions .*b\\.json');
    expectRefused(runCli(['check', '--actions', f.path('*.json'), '--out', f.path('a.json')]), '--actions .*a\\.json');
    expect(readFileSync(actions, 'utf8')).toBe(actionsText);
  });
});

describe('--out is replaced only by a run that succeeded', () => {
  it('a missing actions file (a typo) leaves the earlier results whole', () => {
    const f = folder();
    const previous = f.write('prev.ndjson', OLD);
    const run = runCli(['match', '--actions', f.path('nope.json'), '--out', previous], eventsText);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`actionmatch: cannot read actions file ${f.path('nope.json')}: ENOENT\n`);
    expect(readFileSync(previous, 'utf8')).toBe(OLD);
    expect(f.names()).toEqual(['prev.ndjson']);
  });

  it('invalid JSON actions (compile, check) leave the file whole', () => {
    const f = folder();
    const broken = f.write('broken.json', '[{"id": 1,');
    const previous = f.write('prev.txt', OLD);
    for (const command of ['compile', 'check']) {
      const run = runCli([command, '--actions', broken, '--out', previous]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/is not valid JSON at 1:11/);
    }
    expect(readFileSync(previous, 'utf8')).toBe(OLD);
    expect(f.names()).toEqual(['broken.json', 'prev.txt']);
  });

  it('events that fail mid-run (a truncated .gz) after output was written leave the file whole', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    let lines = '';
    for (let n = 0; n < 200_000; n++) lines += `{"uuid":"${n}","event":"$pageview"}\n`;
    const gz = gzipSync(lines);
    const events = f.write('e.ndjson.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const previous = f.write('prev.ndjson', OLD);
    const run = runCli(['match', '--actions', actions, '--events', events, '--out', previous]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot read events file .*: not valid gzip \(Z_BUF_ERROR\)|unexpected end of file/);
    expect(readFileSync(previous, 'utf8')).toBe(OLD);
    expect(f.names()).toEqual(['a.json', 'e.ndjson.gz', 'prev.ndjson']);
  });

  it('a successful run replaces the file, keeps its permissions and leaves nothing else', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    const events = f.write('e.ndjson', eventsText);
    const previous = f.write('prev.ndjson', OLD);
    chmodSync(previous, 0o640);
    const run = runCli(['match', '--actions', actions, '--events', events, '--out', previous]);
    expect(run.status).toBe(0);
    expect(jsonLines(readFileSync(previous, 'utf8'))).toEqual([
      { uuid: '1', action_ids: [1] },
      { uuid: '2', action_ids: [] },
    ]);
    expect(statSync(previous).mode & 0o777).toBe(0o640);
    expect(f.names()).toEqual(['a.json', 'e.ndjson', 'prev.ndjson']);
  });

  it('writes through a symbolic link: the link stays, its target is replaced', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    const target = f.write('results.txt', OLD);
    symlinkSync('results.txt', f.path('latest.txt'));
    const run = runCli(['check', '--actions', actions, '--out', f.path('latest.txt')]);
    expect(run.status).toBe(0);
    expect(lstatSync(f.path('latest.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('1 actions, 0 failed, 0 warnings\n');
  });

  it('check that finds failing actions still writes its report (status 1 is a finding)', () => {
    const f = folder();
    const actions = f.write('a.json', JSON.stringify([{ id: 3, steps: [{ url: '(', url_matching: 'regex' }] }]));
    const report = f.write('report.txt', OLD);
    const run = runCli(['check', '--actions', actions, '--out', report]);
    expect(run.status).toBe(1);
    expect(readFileSync(report, 'utf8')).toMatch(/^error: action 3 .*\n1 actions, 1 failed, 0 warnings\n$/);
    expect(f.names()).toEqual(['a.json', 'report.txt']);
  });

  it('a new file in a folder that does not exist fails before any input is read', () => {
    const f = folder();
    const run = runCli(['match', '--actions', f.path('nope.json'), '--out', f.path('missing/out.ndjson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`actionmatch: cannot write ${f.path('missing/out.ndjson')}: ENOENT\n`);
  });

  it('a folder is refused; a device is written directly', () => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    const refused = runCli(['compile', '--actions', actions, '--out', f.path('')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/cannot write .*: it is a directory\n$/);
    const discarded = runCli(['compile', '--actions', actions, '--out', '/dev/null']);
    expect(discarded.status).toBe(0);
    expect(discarded.stdout).toBe('');
  });
});

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Resolves once `test()` holds, polling; the child is slow to start on a busy machine. */
async function waitFor(test: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 20) {
    if (test()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a signal leaves the old file untouched and no temporary file', () => {
  it.each([
    ['SIGTERM', 143, 1],
    ['SIGINT', 130, 1],
    // The second signal exits at once, through process.exit: the exit hook still removes the file.
    ['SIGTERM', 143, 2],
  ] as const)('match on %s mid-run exits %i (signals sent: %i)', async (signal, status, times) => {
    const f = folder();
    const actions = f.write('a.json', actionsText);
    const previous = f.write('prev.ndjson', OLD);
    const child = spawn(process.execPath, [cliPath, 'match', '--actions', actions, '--out', previous], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<Exit>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => undefined);
    // A producer that never ends: only the signal stops the command.
    let producing = true;
    let next = 0;
    const produce = (): void => {
      while (producing && child.stdin.write(`{"uuid":"${next++}","event":"$pageview"}\n`)) if (next % 5000 === 0) break;
      if (producing) setImmediate(produce);
    };
    produce();
    const temporary = (): string | undefined => f.names().find((name) => name.startsWith('.prev.ndjson.') && name.endsWith('.tmp'));
    // Answers have reached the temporary file: the run is well under way.
    await waitFor(() => {
      const name = temporary();
      return name !== undefined && statSync(f.path(name)).size > 256 * 1024;
    }, 'output in the temporary file');
    for (let i = 0; i < times; i++) child.kill(signal);
    const exit = await exited;
    producing = false;
    expect(exit).toEqual({ code: status, signal: null });
    expect(stderr).toBe('');
    expect(readFileSync(previous, 'utf8')).toBe(OLD);
    expect(f.names()).toEqual(['a.json', 'prev.ndjson']);
  }, 60_000);

  it.each([
    ['compile', 'SIGTERM', 143],
    ['check', 'SIGINT', 130],
  ] as const)('%s on %s while reading its actions exits %i', async (command, signal, status) => {
    const f = folder();
    const previous = f.write('prev.txt', OLD);
    // Actions from a stdin that stays open: the command waits, its output file already open.
    const child = spawn(process.execPath, [cliPath, command, '--actions', '-', '--out', previous], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<Exit>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
    child.stdin.write('[{"id": 1, "steps": [');
    await waitFor(() => f.names().some((name) => name.startsWith('.prev.txt.') && name.endsWith('.tmp')), 'the temporary file');
    child.kill(signal);
    expect(await exited).toEqual({ code: status, signal: null });
    expect(readFileSync(previous, 'utf8')).toBe(OLD);
    expect(f.names()).toEqual(['prev.txt']);
  }, 60_000);
});
