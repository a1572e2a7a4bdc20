// `actionmatch match --from-posthog` run as a child process against a loopback server. The child
// runs asynchronously: spawnSync would block this process and with it the server it talks to.
// Also checks that a watcher alone does not keep a process alive (its timers are unref'd).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliPath, jsonLines } from '../cli/run-cli.js';
import { paginated, pricing, sendJson, serveEachTest, signup } from './test-server.js';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runNode(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Killed after 20 s so that a child that never exits (the failure one test looks for) is not left behind.
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

const baseEnv = { ...process.env };
delete baseEnv['POSTHOG_PERSONAL_API_KEY'];
const withKey = { ...baseEnv, POSTHOG_PERSONAL_API_KEY: 'phx_cli' };

function runCli(args: string[], input = '', env: NodeJS.ProcessEnv = withKey): Promise<Run> {
  return runNode([cliPath, ...args], input, env);
}

const gone = { id: 9, name: 'Gone', deleted: true, steps: [{ event: 'anything' }] };
const events = [
  { uuid: 'a', event: '$pageview', properties: { $current_url: 'https://x.io/pricing' } },
  { uuid: 'b', event: 'signed_up' },
  { uuid: 'c', event: 'anything' },
  { uuid: 'd', event: 'local' },
]
  .map((event) => JSON.stringify(event))
  .join('\n');

const serve = serveEachTest();

describe('actionmatch match --from-posthog', () => {
  it('matches against every page of the project, with the key from the environment', async () => {
    let host = '';
    const server = await serve(paginated([[pricing], [gone], [signup]], () => host));
    host = server.host;
    const run = await runCli(['match', '--from-posthog', host + '/', '--project', '1'], events);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { uuid: 'a', action_ids: [2] },
      { uuid: 'b', action_ids: [5] },
      { uuid: 'c', action_ids: [] },
      { uuid: 'd', action_ids: [] },
    ]);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((request) => request.authorization === 'Bearer phx_cli')).toBe(true);
  });

  it('layers --actions files over the synced actions', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, { results: [pricing, signup] }));
    const dir = mkdtempSync(join(tmpdir(), 'actionmatch-sync-cli-'));
    const local = join(dir, 'local.json');
    writeFileSync(local, JSON.stringify([{ id: 5, name: 'Local override', steps: [{ event: 'local' }] }]));
    const run = await runCli(['match', '--from-posthog', server.host, '--project', '1', '--actions', local], events);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout).map((line) => (line as { action_ids: number[] }).action_ids)).toEqual([[2], [], [], [5]]);
    expect(run.stderr).toContain(`duplicate action id 5 in ${local} and ${server.host}/api/projects/1/actions/; the one in ${local} wins`);
  });

  it('retries a 429 and says so on stderr', async () => {
    const server = await serve((_request, response, n) => {
      if (n === 0) sendJson(response, 429, { detail: 'Request was throttled.' }, { 'retry-after': '0' });
      else sendJson(response, 200, [signup]);
    });
    const run = await runCli(['match', '--from-posthog', server.host, '--project', '1'], events);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('actionmatch: PostHog answered 429: Request was throttled.');
    expect(run.stderr).toContain('retry 1 of 4 in 0.0 s');
    expect(jsonLines(run.stdout).map((line) => (line as { action_ids: number[] }).action_ids)).toEqual([[], [5], [], []]);
  });

  it("ends with status 2 and PostHog's detail on 403", async () => {
    const server = await serve((_request, response) => sendJson(response, 403, { type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'action:read'" }));
    const run = await runCli(['match', '--from-posthog', server.host, '--project', '12'], events);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`actionmatch: PostHog answered 403: API key missing required scope 'action:read' (GET ${server.host}/api/projects/12/actions/)\n`);
    expect(run.stdout).toBe('');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [['--from-posthog', 'http://127.0.0.1:9', '--project', '1'], baseEnv, '--from-posthog needs a personal API key with the action:read scope in the environment variable POSTHOG_PERSONAL_API_KEY'],
    [['--from-posthog', 'http://127.0.0.1:9', '--project', '1'], { ...baseEnv, POSTHOG_PERSONAL_API_KEY: '  ' }, 'in the environment variable POSTHOG_PERSONAL_API_KEY'],
    [['--from-posthog', 'http://127.0.0.1:9'], withKey, '--from-posthog needs --project N'],
    [['--project', '1', '--actions', 'x.json'], withKey, '--project applies only with --from-posthog HOST'],
    [['--from-posthog', 'http://127.0.0.1:9', '--project', 'abc'], withKey, '--project must be a project id (a positive integer) or @current, got "abc"'],
    [['--from-posthog', 'posthog.example', '--project', '1'], withKey, '--from-posthog: host must be an http(s) URL such as https://us.posthog.com, got "posthog.example"'],
    [[], withKey, 'match needs --actions FILE, --from-posthog HOST --project N or --from-postgres URL --project N'],
  ])('is a usage error: %j', async (args, env, message) => {
    const run = await runCli(['match', ...args], '', env);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^actionmatch: [^\n]*\n$/);
    expect(run.stderr).toContain(message);
  });

  it('is described in the help', async () => {
    const run = await runCli(['match', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--from-posthog HOST');
    expect(run.stdout).toContain('POSTHOG_PERSONAL_API_KEY');
  });
});

describe('watchActions in a process', () => {
  it('does not keep the process alive once the first sync is done', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, { results: [signup] }));
    const module = fileURLToPath(new URL('../../dist/sync/watch-actions.js', import.meta.url));
    const script = `
      const { watchActions } = await import(${JSON.stringify(module)});
      const watcher = watchActions({ host: ${JSON.stringify(server.host)}, projectId: 1, apiKey: 'k', intervalMs: 1000 });
      await watcher.ready;
      console.log(JSON.stringify(watcher.match({ event: 'signed_up' })));
    `;
    const run = await runNode(['--input-type=module', '-e', script], '', baseEnv);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('[5]\n');
  });
});
