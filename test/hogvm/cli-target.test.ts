// `actionmatch compile --target hogvm`, run from the TypeScript sources (no build needed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const mainPath = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', mainPath, ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'actionmatch-hogvm-'));
const actionsPath = join(dir, 'actions.json');
writeFileSync(
  actionsPath,
  JSON.stringify({
    count: 3,
    results: [
      { id: 7, name: 'Docs', steps: [{ event: '$pageview', url: 'docs', url_matching: 'contains' }] },
      { id: 8, name: 'Cohort', steps: [{ properties: [{ type: 'cohort', key: 'id', value: 4 }] }] },
      { id: 9, name: 'Gone', deleted: true, steps: [] },
    ],
  }),
);

describe('actionmatch compile --target hogvm', () => {
  it('writes PostHog bytecode or PostHog error per action', () => {
    const run = runCli(['compile', '--actions', actionsPath, '--target', 'hogvm']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { id: 7, name: 'Docs', bytecode: ['_H', 1, 32, '$pageview', 32, 'event', 1, 1, 11, 32, '%docs%', 32, '$current_url', 32, 'properties', 1, 2, 17, 3, 2], bytecode_error: null },
      { id: 8, name: 'Cohort', bytecode: null, bytecode_error: "Can't use cohorts in real-time filters. Please inline the relevant expressions (cohort id=4)." },
    ]);
  });

  it('rejects an unknown target, and a target for match', () => {
    const unknown = runCli(['compile', '--actions', actionsPath, '--target', 'wasm']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown --target "wasm" (expected actionmatch or hogvm)');
    const onMatch = runCli(['match', '--actions', actionsPath, '--target', 'hogvm']);
    expect(onMatch.status).toBe(2);
    expect(onMatch.stderr).toContain('--target applies to compile only');
  });
});
