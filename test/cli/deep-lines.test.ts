// `match` on lines nested deeper than the JSON depth limit: each such line gets an error line
// naming where, the lines before and after it in the same chunk are answered, and the run ends
// with status 0. (It used to end with "Maximum call stack size exceeded", exit 2, and the
// buffered answers of the earlier lines lost.)
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, tempFiles } from './run-cli.js';

const files = tempFiles('actionmatch-cli-deep-');
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));
const actions = files.file('actions.json', JSON.stringify([{ id: 1, name: 'Pageview', steps: [{ event: '$pageview' }] }]));

const deepArray = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const deepObject = (depth: number): string => `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
const line = (uuid: string, extra = ''): string => `{"uuid":"${uuid}","event":"$pageview"${extra}}`;

describe('match on deeply nested lines', () => {
  it('a uuid nested 5,000 deep gets an error line and the run goes on', () => {
    const input = [line('1'), `{"event":"$pageview","uuid":${deepArray(5000)}}`, line('3')].join('\n') + '\n';
    const run = runCli(['match', '--actions', actions], input);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { uuid: '1', action_ids: [1] },
      { line: 2, error: `JSON value at uuid${'[0]'.repeat(99)}: nested deeper than 100 levels` },
      { uuid: '3', action_ids: [1] },
    ]);
  });

  it('--fields properties on properties nested 10,000 deep gets an error line, the rest are answered', () => {
    const lines = [line('1'), line('2', `,"properties":{"p":${deepObject(10_000)}}`), line('3', ',"properties":{"p":{"k":1}}')];
    const run = runCli(['match', '--actions', actions, '--fields', 'properties'], lines.join('\n'));
    expect(run.status).toBe(0);
    const output = jsonLines(run.stdout);
    expect(output).toHaveLength(3);
    expect(output[0]).toEqual({ uuid: '1', action_ids: [1], properties: null });
    expect(output[1]).toEqual({ line: 2, error: `JSON value at properties.p${'.k'.repeat(98)}: nested deeper than 100 levels` });
    expect(output[2]).toEqual({ uuid: '3', action_ids: [1], properties: { p: { k: 1 } } });
  });

  it('values up to the limit are matched and echoed, and 1e999 reads as a number', () => {
    const run = runCli(['match', '--actions', actions, '--fields', 'n'], `{"uuid":${deepArray(99)},"event":"$pageview","n":1e999}\n`);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([{ uuid: JSON.parse(deepArray(99)) as unknown, action_ids: [1], n: null }]);
  });
});
