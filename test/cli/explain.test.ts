// `actionmatch explain`, run as a child process: the explanation, the exit status as the answer,
// events found by uuid, usage errors; and when colour is used.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../src/cli/explain-command.js';
import { runCli, tempFiles } from './run-cli.js';

const { dir, file } = tempFiles('actionmatch-cli-explain-');

const actions = file(
  'actions.json',
  JSON.stringify({
    results: [
      { id: 101, name: 'Viewed pricing page', steps: [{ event: '$pageview', url: '/pricing' }] },
      { id: 107, name: 'Broken', steps: [{ url: '(', url_matching: 'regex' }] },
      { id: 108, name: 'Old', deleted: true, steps: [{ event: '$pageview' }] },
    ],
  }),
);
const pricing = { uuid: 'e-1', event: '$pageview', properties: { $current_url: 'https://example.com/pricing' } };
const about = { uuid: 'e-2', event: '$pageview', properties: { $current_url: 'https://example.com/about' } };
const eventLines = [JSON.stringify(pricing), 'not json', JSON.stringify(about)].join('\n') + '\n';
const events = file('events.ndjson', eventLines);
const gzipped = file('events.ndjson.gz', gzipSync(eventLines));

describe('actionmatch explain', () => {
  it('exits 0 and says why when the event matches', () => {
    const run = runCli(['explain', '--actions', actions, '--id', '101', '--event', JSON.stringify(pricing)]);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('✓ event "$pageview" matches action 101 "Viewed pricing page"');
    expect(run.stdout).toContain('    ✓ URL ($current_url): contains "/pricing", got "https://example.com/pricing"');
    expect(run.stderr).toBe('');
  });

  it('exits 1 and marks the first failing condition when it does not', () => {
    const run = runCli(['explain', '--actions', actions, '--id', '101', '--event', JSON.stringify(about)]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('✗ URL ($current_url): contains "/pricing", got "https://example.com/about"  <- first failure');
    // Not a terminal: no colour.
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('finds the event by uuid in an NDJSON file, gzipped or not, skipping lines that are not JSON', () => {
    expect(runCli(['explain', '--actions', actions, '--id', '101', '--events', events, '--uuid', 'e-1']).status).toBe(0);
    const run = runCli(['explain', '--actions', actions, '--id', '101', '--events', gzipped, '--uuid', 'e-2']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('got "https://example.com/about"');
    expect(runCli(['explain', '--actions', actions, '--id', '101', '--events', '-', '--uuid', 'e-1'], eventLines).status).toBe(0);
  });

  it('prints the explanation as JSON with --json', () => {
    const run = runCli(['explain', '--actions', actions, '--id', '101', '--event', JSON.stringify(about), '--json']);
    expect(run.status).toBe(1);
    const trace = JSON.parse(run.stdout) as { matched: boolean; steps: { firstFailure: number }[] };
    expect(trace.matched).toBe(false);
    expect(trace.steps[0]?.firstFailure).toBe(1);
  });

  it('explains an action that does not compile and an event that is malformed (exit 1)', () => {
    const broken = runCli(['explain', '--actions', actions, '--id', '107', '--event', JSON.stringify(pricing)]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toBe('✗ action 107 "Broken" does not compile: steps[0].url: invalid regex "(": missing )\n');
    const malformed = runCli(['explain', '--actions', actions, '--id', '101', '--event', '{"event": 1}']);
    expect(malformed.status).toBe(1);
    expect(malformed.stdout).toBe('✗ the event cannot be matched: event.event must be a string, got number\n');
  });

  it('explains a deleted action rather than saying there is none (exit 1)', () => {
    const run = runCli(['explain', '--actions', actions, '--id', '108', '--event', JSON.stringify(pricing)]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('✗ event "$pageview" does not match action 108 "Old"\n  no match: the action is deleted (deleted: true), and deleted actions never match\n');
    expect(run.stderr).toBe('');
  });

  it('explains the definition from the later file and reports the duplicate id on stderr', () => {
    const override = file('override.json', JSON.stringify([{ id: 101, name: 'Viewed about page', steps: [{ event: '$pageview', url: '/about' }] }]));
    const run = runCli(['explain', '--actions', actions, '--actions', override, '--id', '101', '--event', JSON.stringify(about)]);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('✓ event "$pageview" matches action 101 "Viewed about page"');
    expect(run.stderr).toBe(`actionmatch: duplicate action id 101 in ${override} and ${actions}; the one in ${override} wins\n`);
  });

  it.each([
    [['--id', '101', '--event', '{}'], 'explain needs --actions FILE'],
    [['--actions', actions, '--event', '{}'], 'explain needs --id N, the id of the action to explain'],
    [['--actions', actions, '--id', 'abc', '--event', '{}'], '--id needs an integer action id, got "abc"'],
    [['--actions', actions, '--id', '101'], 'explain needs either --event JSON or --events FILE --uuid U'],
    [['--actions', actions, '--id', '101', '--event', '{}', '--events', events], '--event and --events cannot be used together: give one event as --event JSON, or --events FILE --uuid U'],
    [['--actions', actions, '--id', '101', '--events', events], '--events needs --uuid U, the uuid of the event to explain'],
    [['--actions', actions, '--id', '101', '--event', '{}', '--uuid', 'x'], '--uuid applies to --events only'],
    [['--actions', '-', '--id', '101', '--events', '-', '--uuid', 'e-1'], '--actions and --events cannot both read stdin'],
    [['--actions', actions, '--id', '101', '--event', '{nope'], '--event is not valid JSON at character 2 ({⟨here⟩nope): Expected property name or \'}\''],
    // Node's message quotes a snippet cut with "..." here; the position and excerpt replace it.
    [['--actions', actions, '--id', '101', '--event', '{"event": "x", "properties": {"list": [1, 2, 3, 4, 5, 6, 7, 8,], "more": "ccccccccccccccccccccc"}}'], '--event is not valid JSON at character 63 (…2, 3, 4, 5, 6, 7, 8,⟨here⟩], "more": "cccccccc…): Unexpected token \']\''],
    [['--actions', actions, '--id', '101', '--event', '  '], '--event is empty: give the event as a JSON object, like --event \'{"event":"$pageview","properties":{}}\''],
    [['--actions', actions, '--id', '5', '--event', '{}'], `no action with id 5 in ${actions}`],
    [['--actions', actions, '--id', '101', '--events', events, '--uuid', 'missing'], `no event with uuid "missing" in ${events}`],
    [['--actions', join(dir, 'absent.json'), '--id', '1', '--event', '{}'], /^cannot read actions file .*absent\.json: ENOENT$/],
    [['--actions', actions, '--id', '101', '--event', '{}', '--stats'], /Unknown option '--stats'/],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const run = runCli(['explain', ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const first = run.stderr.split('\n')[0] ?? '';
    expect(first.startsWith('actionmatch: ')).toBe(true);
    if (typeof message === 'string') expect(first).toBe(`actionmatch: ${message}`);
    else expect(first.slice('actionmatch: '.length)).toMatch(message);
  });

  it('has a help page, also listed in the overview', () => {
    const run = runCli(['explain', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: actionmatch explain --actions FILE --id N --event JSON/);
    expect(runCli(['help', 'explain']).stdout).toBe(run.stdout);
    expect(runCli(['--help']).stdout).toContain('actionmatch explain --actions FILE --id N --event JSON');
  });
});

describe('wantsColor', () => {
  it('colours a terminal only, and never with NO_COLOR set', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
  });
});
