// `actionmatch check`, `compile --disassemble`, help per command and unknown options, run as
// a child process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'actionmatch-cli-commands-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const good = file('good.json', JSON.stringify([{ id: 2, name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] }]));
const mixed = file(
  'mixed.json',
  JSON.stringify([
    { id: 2, name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] },
    { id: 1, name: 'Broken', steps: [{ url: '(', url_matching: 'regex' }] },
    { id: 4, name: 'Ignored', steps: [{ event: '$pageview', href: '/nope' }] },
  ]),
);

describe('actionmatch check', () => {
  it('exits 0 with a summary when every action compiles', () => {
    const run = runCli(['check', '--actions', good]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('1 action, 0 failed, 0 warnings\n');
  });

  it('exits 1 and reports id, name, file, path and message for each failure', () => {
    const run = runCli(['check', '--actions', mixed]);
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(`error: action 1 "Broken" (${mixed}): at steps[0].url: invalid regex "(": missing )`);
    expect(lines.at(-1)).toBe('3 actions, 1 failed, 1 warning');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^(error|warning): action \d+ /);
  });

  it('lists warnings, with their path, without failing', () => {
    const run = runCli(['check', '--actions', file('only-warnings.json', JSON.stringify([{ id: 7, name: 'W', steps: [{ event: '$pageview', href: '/nope' }] }]))]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^warning: action 7 "W" \(.*only-warnings\.json\): at steps\[0\]\.href: ignored: element fields apply only/m);
    expect(run.stdout).toMatch(/^1 action, 0 failed, 1 warning\n$/m);
  });

  it('fails on entries that are not actions', () => {
    const run = runCli(['check', '--actions', file('no-id.json', JSON.stringify([{ name: 'no id' }]))]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('an action needs an integer "id"');
    expect(run.stdout).toContain('0 actions, 0 failed, 0 warnings, 1 entry that is not an action');
  });
});

describe('actionmatch compile --disassemble', () => {
  it('prints a header per action and its listing, or why it does not compile', () => {
    const run = runCli(['compile', '--actions', mixed, '--disassemble']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# action 2 "Pricing"\n_AM v1\n\s+2 /);
    expect(run.stdout).toContain('# action 1 "Broken": does not compile: steps[0].url: invalid regex "(": missing )');
  });

  it('cannot be combined with --target hogvm', () => {
    const run = runCli(['compile', '--actions', good, '--disassemble', '--target', 'hogvm']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot be combined with --target hogvm');
  });
});

describe('help and usage errors', () => {
  it.each([
    [['match', '--help'], 'Usage: actionmatch match', '--only-matches'],
    [['compile', '--help'], 'Usage: actionmatch compile', '--disassemble'],
    [['check', '--help'], 'Usage: actionmatch check', 'N actions, M failed, K warnings'],
    [['help', 'check'], 'Usage: actionmatch check', 'Examples:'],
    [['--help'], 'actionmatch check --actions FILE', 'Exit status:'],
  ])('%j prints help with examples and exit codes', (args, heading, detail) => {
    const run = runCli(args);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(heading);
    expect(run.stdout).toContain(detail);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('2  usage error');
  });

  it('prints the overview on stderr with status 2 when no command is given', () => {
    const run = runCli([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage:');
  });

  it.each([
    [['compile', '--actions', 'x.json', '--stats'], '--stats applies to match only'],
    [['check', '--actions', 'x.json', '--events', 'e'], '--events applies to match only'],
    [['match', '--actions', 'x.json', '--target', 'hogvm'], '--target applies to compile only'],
    [['check', '--actions', 'x.json', '--bogus'], "Unknown option '--bogus'"],
    [['check', '--actions', 'x.json', 'stray'], "Unexpected argument 'stray'"],
    [['compile', '--actions', 'x.json', '--target', 'wasm'], 'unknown --target "wasm"'],
    [['check'], 'check needs --actions FILE'],
  ])('%j fails with status 2 and one line', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^actionmatch: /);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
