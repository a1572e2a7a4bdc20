// `actionmatch match` options, run as a child process: --only-matches, --fields, --stats,
// --out, gzip and stdin input, several --actions and globs, duplicate ids, invalid JSON files.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'actionmatch-cli-options-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const pricing = { id: 2, name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] };
const signup = { id: 5, name: 'Signed up', steps: [{ event: 'signed_up' }] };
const actions = file('actions.json', JSON.stringify([pricing, signup]));

const events = [
  { uuid: 'a', event: '$pageview', distinct_id: 'd1', timestamp: '2025-01-01T00:00:00Z', properties: { $current_url: 'https://x.io/pricing' } },
  { uuid: 'b', event: '$pageview', distinct_id: 'd2', properties: { $current_url: 'https://x.io/' } },
  { uuid: 'c', event: 'signed_up', distinct_id: 'd3' },
];
const eventsText = events.map((event) => JSON.stringify(event)).join('\n') + '\n{oops\n';
const eventsFile = file('events.ndjson', eventsText);

describe('match --only-matches', () => {
  it('leaves out events that match nothing but keeps error lines', () => {
    const run = runCli(['match', '--actions', actions, '--events', eventsFile, '--only-matches']);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { uuid: 'a', action_ids: [2] },
      { uuid: 'c', action_ids: [5] },
      { line: 4, error: expect.stringMatching(/^invalid JSON/) as unknown },
    ]);
  });
});

describe('match --fields', () => {
  it('copies the named top-level fields, null when missing', () => {
    const run = runCli(['match', '--actions', actions, '--events', eventsFile, '--fields', 'event,distinct_id,timestamp']);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout).slice(0, 3)).toEqual([
      { uuid: 'a', action_ids: [2], event: '$pageview', distinct_id: 'd1', timestamp: '2025-01-01T00:00:00Z' },
      { uuid: 'b', action_ids: [], event: '$pageview', distinct_id: 'd2', timestamp: null },
      { uuid: 'c', action_ids: [5], event: 'signed_up', distinct_id: 'd3', timestamp: null },
    ]);
  });

  it('copies a field named __proto__ as data', () => {
    const run = runCli(['match', '--actions', actions, '--fields', '__proto__'], '{"uuid":"p","event":"x","__proto__":{"polluted":1}}\n');
    expect(run.stdout).toBe('{"uuid":"p","action_ids":[],"__proto__":{"polluted":1}}\n');
  });

  it.each([['event,,x'], ['action_ids']])('rejects --fields %s with status 2', (fields) => {
    const run = runCli(['match', '--actions', actions, '--fields', fields], '');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^actionmatch: --fields /);
  });
});

describe('match --stats and --out', () => {
  it('writes the output file and summarises every action on stderr', () => {
    const out = join(dir, 'out.ndjson');
    const run = runCli(['match', '--actions', actions, '--events', eventsFile, '--out', out, '--stats']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(jsonLines(readFileSync(out, 'utf8'))).toHaveLength(4);
    expect(run.stderr).toMatch(/events: 3, lines rejected: 1, \d+ lines\/s, \d+ events\/s, 2 matches/);
    expect(run.stderr).toContain('action 2: 1 match (Pricing)');
    expect(run.stderr).toContain('action 5: 1 match (Signed up)');
  });

  it('fails with status 2 when the output cannot be created', () => {
    const run = runCli(['match', '--actions', actions, '--events', eventsFile, '--out', join(dir, 'no', 'such', 'dir.ndjson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^actionmatch: cannot write .*ENOENT\n$/);
  });
});

describe('match input', () => {
  const expected = jsonLines(runCli(['match', '--actions', actions, '--events', eventsFile]).stdout);

  it('reads gzip by extension', () => {
    const gz = file('events.ndjson.gz', gzipSync(eventsText));
    const run = runCli(['match', '--actions', actions, '--events', gz]);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(expected);
  });

  it('reports a corrupt gzip file with status 2', () => {
    const run = runCli(['match', '--actions', actions, '--events', file('broken.ndjson.gz', 'not gzip at all')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('not valid gzip');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("reads stdin when --events is '-' or absent, with CRLF line endings", () => {
    expect(jsonLines(runCli(['match', '--actions', actions, '--events', '-'], eventsText).stdout)).toEqual(expected);
    expect(jsonLines(runCli(['match', '--actions', actions], eventsText.replaceAll('\n', '\r\n')).stdout)).toEqual(expected);
  });

  it('handles a last line without a newline and an empty input', () => {
    expect(jsonLines(runCli(['match', '--actions', actions], JSON.stringify(events[2])).stdout)).toEqual([{ uuid: 'c', action_ids: [5] }]);
    expect(runCli(['match', '--actions', actions], '').stdout).toBe('');
  });

  it('refuses to read both actions and events from stdin', () => {
    const run = runCli(['match', '--actions', '-'], '[]');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot both read stdin');
  });
});

describe('--actions: several files, globs, duplicates', () => {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'team'), { recursive: true });
  writeFileSync(join(tree, 'a.json'), JSON.stringify(pricing));
  writeFileSync(join(tree, 'team', 'b.json'), JSON.stringify({ results: [signup] }));
  writeFileSync(join(tree, 'team', 'notes.txt'), 'not an actions file');

  it('expands globs and merges several --actions', () => {
    const viaGlob = runCli(['compile', '--actions', `${tree}/**/*.json`]);
    expect(viaGlob.status).toBe(0);
    expect(jsonLines(viaGlob.stdout).map((line) => (line as { id: number }).id)).toEqual([2, 5]);
    const viaTwo = runCli(['match', '--actions', join(tree, 'a.json'), '--actions', join(tree, 'team', 'b.json'), '--events', eventsFile]);
    expect(jsonLines(viaTwo.stdout)).toEqual(expected());
  });

  it('fails with status 2 when a glob matches nothing', () => {
    const run = runCli(['check', '--actions', `${tree}/**/*.yaml`]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no actions files match');
  });

  it('reports duplicate ids across files on stderr and lets the later file win', () => {
    const first = file('first.json', JSON.stringify([{ id: 9, name: 'Old', steps: [{ event: 'old' }] }]));
    const second = file('second.json', JSON.stringify({ id: 9, name: 'New', steps: [{ event: 'new' }] }));
    const run = runCli(['match', '--actions', first, '--actions', second], '{"event":"old"}\n{"event":"new"}\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`actionmatch: duplicate action id 9 in ${second} and ${first}; the one in ${second} wins`);
    expect(jsonLines(run.stdout)).toEqual([
      { uuid: null, action_ids: [] },
      { uuid: null, action_ids: [9] },
    ]);
  });

  it('lets a later file delete an action', () => {
    const second = file('deleting.json', JSON.stringify({ id: 2, name: 'Pricing', deleted: true, steps: [] }));
    const run = runCli(['compile', '--actions', actions, '--actions', second]);
    expect(jsonLines(run.stdout).map((line) => (line as { id: number }).id)).toEqual([5]);
  });

  function expected(): unknown[] {
    return jsonLines(runCli(['match', '--actions', actions, '--events', eventsFile]).stdout);
  }
});

describe('invalid JSON actions files', () => {
  it.each([
    ['{"id": 1,', '1:10'],
    ['[\n  {"id": 1, "steps": []},\n  {"id": 2 "steps": []}\n]', '3:12'],
    ['[1, 2,, 3]', '1:7'],
    ['{"id": 1}\n\n  oops', '3:3'],
    ['{"name": "a\tb"}', '1:12'],
  ])('names the file and line:column: %j', (content, position) => {
    const path = file('invalid.json', content);
    const run = runCli(['check', '--actions', path]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^actionmatch: actions file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON at ${position}: .+\n$`));
  });
});
