import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../conformance/load-cases.js';
import { jsonLines, runCli, tempFiles } from './run-cli.js';

const { dir, file } = tempFiles('actionmatch-cli-');

const actions = file(
  'actions.json',
  JSON.stringify({
    count: 3,
    next: null,
    previous: null,
    results: [
      { id: 2, name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] },
      { id: 1, name: 'Broken', steps: [{ url: '(', url_matching: 'regex' }] },
      { id: 3, name: 'Gone', deleted: true, steps: [] },
    ],
  }),
);

describe('actionmatch match', () => {
  const events = [
    JSON.stringify({ uuid: 'u1', event: '$pageview', properties: { $current_url: 'https://x.io/pricing' } }),
    JSON.stringify({ event: '$pageview', properties: { $current_url: 'https://x.io/' } }),
    '{not json',
    '',
    JSON.stringify({ uuid: 'u4', event: 7 }),
  ].join('\n');

  it('writes one line per input line, from a file or from stdin', () => {
    const expected = [
      { uuid: 'u1', action_ids: [2] },
      { uuid: null, action_ids: [] },
      { line: 3, error: expect.stringMatching(/^invalid JSON: /) as unknown },
      { line: 4, error: 'empty line' },
      { line: 5, error: 'event.event must be a string, got number' },
    ];
    const fromFile = runCli(['match', '--actions', actions, '--events', file('events.ndjson', events + '\n')]);
    expect(fromFile.status).toBe(0);
    expect(jsonLines(fromFile.stdout)).toEqual(expected);
    expect(fromFile.stderr).toContain('action 1 does not compile and will never match: steps[0].url: invalid regex "(": missing )');
    const fromStdin = runCli(['match', '--actions', actions], events);
    expect(jsonLines(fromStdin.stdout)).toEqual(expected);
  });

  it('agrees with the library on a sample of the conformance cases', () => {
    const cases = loadCases('../conformance/core.jsonl').filter((_, i) => i % 3 === 0);
    const actionsFile = file('conformance-actions.json', JSON.stringify(cases.map((c) => c.action)));
    const eventsFile = file('conformance-events.ndjson', cases.map((c) => JSON.stringify({ ...c.event, uuid: c.name })).join('\n'));
    const lines = jsonLines(runCli(['match', '--actions', actionsFile, '--events', eventsFile]).stdout) as Array<{ uuid: string; action_ids: number[] }>;
    expect(lines).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      expect(lines[i]?.uuid).toBe(c.name);
      expect(lines[i]?.action_ids.includes(c.action.id), c.name).toBe(c.expected);
    });
  });

  it.each([
    [['match'], 'match needs --actions FILE'],
    [['frobnicate', '--actions', 'x'], 'unknown command "frobnicate" (expected match, compile, check, explain, serve or playground)'],
    [['match', '--actions', join(dir, 'missing.json')], 'cannot read actions file'],
    [['match', '--actions', file('bad.json', '{"id": 1,')], 'is not valid JSON'],
    [['match', '--actions', actions, '--events', join(dir, 'missing.ndjson')], 'cannot read events file'],
    [['match', '--bogus'], "Unknown option '--bogus'"],
  ])('fails with status 2 and one clear line: %j', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('actionmatch match --out --stats', () => {
  it('writes to a file and summarises on stderr', () => {
    const out = join(dir, 'matches.ndjson');
    const events = [
      { uuid: 'a', event: '$pageview', properties: { $current_url: '/pricing' } },
      { uuid: 'b', event: '$pageview', properties: { $current_url: '/pricing/team' } },
      { uuid: 'c', event: 'other' },
    ];
    const run = runCli(['match', '--actions', actions, '--out', out, '--stats'], events.map((e) => JSON.stringify(e)).join('\n') + '\nnot json\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(jsonLines(readFileSync(out, 'utf8'))).toEqual([
      { uuid: 'a', action_ids: [2] },
      { uuid: 'b', action_ids: [2] },
      { uuid: 'c', action_ids: [] },
      { line: 4, error: expect.stringMatching(/^invalid JSON/) as unknown },
    ]);
    expect(run.stderr).toMatch(/events: 3, lines rejected: 1, \d+ lines\/s/);
    expect(run.stderr).toContain('action 2: 2 matches');
  });
});

describe('actionmatch compile', () => {
  it('writes one line per action, with bytecode or bytecode_error', () => {
    const run = runCli(['compile', '--actions', actions]);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { id: 2, name: 'Pricing', bytecode: expect.arrayContaining(['_AM', 1]) as unknown, bytecode_error: null, warnings: [] },
      { id: 1, name: 'Broken', bytecode: null, bytecode_error: 'steps[0].url: invalid regex "(": missing )', warnings: [] },
    ]);
  });

  it('prints help', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('actionmatch match --actions FILE');
  });
});
