// How a `match` run goes: rejected lines failing it (--max-errors, --strict), the compile-error
// summary (--quiet), oversize lines answered and passed over, byte order marks, --version and
// one-line usage errors; the lint of `check` with --strict; and the help texts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliPath, jsonLines, runCli, tempFiles } from './run-cli.js';

const files = tempFiles('actionmatch-cli-limits-');
const actions = files.file('actions.json', JSON.stringify([{ id: 1, name: 'Pageview', steps: [{ event: '$pageview' }] }]));
const broken = files.file('broken.json', JSON.stringify([{ id: 1, steps: [{ url: '(', url_matching: 'regex' }] }, { id: 2, steps: [{ url: '[', url_matching: 'regex' }] }, { id: 3, steps: [{ event: 'x' }] }]));
const pageview = (uuid: string): string => JSON.stringify({ uuid, event: '$pageview' });

describe('match --max-errors and --strict', () => {
  const input = [pageview('a'), 'nope', pageview('b'), 'nope', pageview('c')].join('\n') + '\n';

  it('passes while the rejected lines are within the limit', () => {
    const run = runCli(['match', '--actions', actions, '--max-errors', '2'], input);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toHaveLength(5);
  });

  it('fails with status 1, naming the limit, once more lines are rejected', () => {
    const run = runCli(['match', '--actions', actions, '--max-errors', '1'], input);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('actionmatch: stopped after line 5: 2 lines rejected, more than --max-errors 1 allows\n');
  });

  it('--strict allows none', () => {
    const run = runCli(['match', '--actions', actions, '--strict'], input);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('actionmatch: stopped after line 5: 2 lines rejected, more than --strict allows (none)\n');
    expect(runCli(['match', '--actions', actions, '--strict'], pageview('a') + '\n').status).toBe(0);
  });

  it.each([
    [['--max-errors=-1'], '--max-errors must be a whole number from 0 to 9007199254740991, got "-1"'],
    [['--max-errors', '1.5'], '--max-errors must be a whole number from 0 to 9007199254740991, got "1.5"'],
    [['--jobs', '0'], '--jobs must be a whole number from 1 to 256, got "0"'],
    [['--strict', '--max-errors', '3'], '--strict is --max-errors 0: give one or the other'],
  ])('refuses %j', (args, message) => {
    const run = runCli(['match', '--actions', actions, ...args], '');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`actionmatch: ${message}\n`);
  });
});

describe('match --quiet', () => {
  it('sums up the actions that do not compile in one line', () => {
    const loud = runCli(['match', '--actions', broken], '');
    expect(loud.stderr.split('\n').filter((line) => line !== '')).toHaveLength(2);
    const quiet = runCli(['match', '--actions', broken, '--quiet'], '');
    expect(quiet.stderr).toBe('actionmatch: 2 actions do not compile and will never match (actionmatch check lists why)\n');
  });
});

describe('lines over the limit', () => {
  it('answers an oversize line with an error line and goes on, in the middle and at the end', () => {
    const long = JSON.stringify({ uuid: 'long', event: '$pageview', properties: { pad: 'x'.repeat(300_000) } });
    const input = [pageview('a'), long, pageview('b'), long].join('\n');
    const run = runCli(['match', '--actions', actions, '--max-line-bytes', '1000'], input);
    expect(run.status).toBe(0);
    const error = `line too long: ${long.length} bytes, more than the limit of 1000 bytes (--max-line-bytes); not read`;
    expect(jsonLines(run.stdout)).toEqual([
      { uuid: 'a', action_ids: [1] },
      { line: 2, error },
      { uuid: 'b', action_ids: [1] },
      { line: 4, error },
    ]);
  });
});

describe('byte order marks', () => {
  it('accepts a UTF-8 BOM at the start of an actions file and of an events file', () => {
    const withBom = files.file('bom-actions.json', '\uFEFF' + readFileSync(actions, 'utf8'));
    const events = files.file('bom-events.ndjson', '\uFEFF' + pageview('a') + '\n' + pageview('b') + '\n');
    const run = runCli(['match', '--actions', withBom, '--events', events]);
    expect(run.stderr).toBe('');
    expect(jsonLines(run.stdout)).toEqual([
      { uuid: 'a', action_ids: [1] },
      { uuid: 'b', action_ids: [1] },
    ]);
    expect(runCli(['check', '--actions', withBom]).status).toBe(0);
    expect(runCli(['explain', '--actions', withBom, '--id', '1', '--events', events, '--uuid', 'a']).status).toBe(0);
  });
});

describe('--version and usage errors', () => {
  it('prints the version of the package', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`actionmatch ${manifest.version}\n`);
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--max-errors', '-1'], "Option '--max-errors' argument is ambiguous"],
  ])('reports %j on one line', (args, message) => {
    const run = runCli(['match', '--actions', actions, ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`actionmatch: ${message} (run with --help for usage)\n`);
  });
});

describe('check lint', () => {
  const linted = files.file(
    'lint.json',
    JSON.stringify([
      { id: 1, name: 'Typo', steps: [{ event: '$pageview', urll: '/pricing' }] },
      { id: 2, name: 'No steps', steps: [] },
      { id: 3, name: 'Empty step', steps: [{ event: 'signed_up' }, { event: null, url: '' }] },
      { id: 4, name: 'Typo', steps: [{ event: 'x', properties: [{ key: 'plan', operater: 'is_not', value: 'free' }] }] },
      { id: 5, name: 'Old fields', steps: [{ id: 9, name: 'kept from before', isNew: false, event: 'y' }] },
    ]),
  );

  it('warns about what silently changes meaning, and fails under --strict', () => {
    const run = runCli(['check', '--actions', linted]);
    expect(run.status).toBe(0);
    const label = (id: number, name: string): string => `action ${id} "${name}" (${linted})`;
    expect(run.stdout.split('\n')).toEqual([
      `warning: ${label(1, 'Typo')}: at steps[0].urll: unknown step field "urll" is ignored (did you mean "url"?)`,
      `warning: ${label(1, 'Typo')}: at name: the name "Typo" is also the name of action 4`,
      `warning: ${label(2, 'No steps')}: at steps: the action has no steps, so it matches every event`,
      `warning: ${label(3, 'Empty step')}: at steps[1]: the step has no event, url or property filter, so it matches every event`,
      `warning: ${label(4, 'Typo')}: at steps[0].properties[0].operater: unknown filter field "operater" is ignored (did you mean "operator"?)`,
      `warning: ${label(4, 'Typo')}: at name: the name "Typo" is also the name of action 1`,
      '5 actions, 0 failed, 6 warnings',
      '',
    ]);
    const strict = runCli(['check', '--actions', linted, '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('5 actions, 0 failed, 6 warnings (failures under --strict)\n');
  });

  it('fails on a property filter of an unknown type (a compile error)', () => {
    const unknownType = files.file('type.json', JSON.stringify({ id: 1, steps: [{ event: 'x', properties: [{ type: 'evnt', key: 'a', value: 'b' }] }] }));
    const run = runCli(['check', '--actions', unknownType]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error: action 1 (');
    expect(run.stdout).toContain('at steps[0].properties[0].type: filter type "evnt" is not supported in real-time matching');
  });
});

describe('help texts', () => {
  it.each([
    ['compile', ['0', '2'], ['1', '143']],
    ['check', ['0', '1', '2'], ['143']],
    ['match', ['0', '1', '2', '143 / 130'], []],
  ])('%s lists its own exit codes only', (command, listed, absent) => {
    const help = runCli([command, '--help']).stdout;
    const codes = help.slice(help.indexOf('Exit status:')).split('\n').slice(1).map((line) => /^ {2}(\d+(?: \/ \d+)?) /.exec(line)?.[1]).filter((code) => code !== undefined);
    expect(codes).toEqual(listed);
    for (const code of absent) expect(codes).not.toContain(code);
  });

  it('runs the examples of explain as written, on the files in examples/', () => {
    const help = runCli(['explain', '--help']).stdout;
    const examples = help.split('\n').filter((line) => line.startsWith('  actionmatch explain '));
    expect(examples).toHaveLength(2);
    const root = new URL('../..', import.meta.url).pathname;
    for (const example of examples) {
      const run = spawnSync('sh', ['-c', example.trim().replace(/^actionmatch /, `"${process.execPath}" "${cliPath}" `)], { cwd: root, encoding: 'utf8' });
      // 0: it matches, 1: it does not; never 2 (an unknown id, a missing uuid or file).
      expect([0, 1]).toContain(run.status);
      expect(run.stdout).toMatch(/action 101 "Viewed pricing page"/);
    }
  });
});
