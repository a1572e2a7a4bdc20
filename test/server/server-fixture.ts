// Test fixtures: a real server on 127.0.0.1, port 0, over a real database (a file in a fresh
// temporary directory, or a new PostgreSQL database: test-store.ts); a fetch wrapper; and
// child-process servers started through the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/start-server.js';
import { newDatabase } from '../helpers/test-store.js';

export const keys = {
  phx_write: { scopes: ['action:write'], user: { id: 7, uuid: 'u-7', email: 'writer@example.com', first_name: 'Wri' } },
  phx_read: { scopes: ['action:read'], user: { id: 8, email: 'reader@example.com' } },
  phx_all: { scopes: ['*'], user: { id: 9, email: 'all@example.com' } },
  phx_other: { scopes: ['feature_flag:read'] },
};

export function createTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'actionmatch-server-'));
}

export function writeKeys(dir: string, content: unknown = keys): string {
  const file = join(dir, 'keys.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

export interface TestServer extends RunningServer {
  /** The database: a file path, or a postgres:// URL. */
  readonly dbFile: string;
  readonly dir: string;
}

/** Starts a server on a new (or the given) database. */
export async function startTestServer(options: Partial<StartServerOptions> & { dir?: string } = {}): Promise<TestServer> {
  const dir = options.dir ?? createTempDir();
  const dbFile = options.database ?? options.dbFile ?? (await newDatabase(dir));
  const running = await startServer({ keysFile: writeKeys(dir), ...options, database: dbFile, port: 0, host: '127.0.0.1' });
  return Object.assign(Object.create(null) as object, running, { dbFile, dir, close: running.close }) as TestServer;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body; undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export interface RequestOptions {
  readonly key?: string | null;
  readonly body?: unknown;
  /** A body sent as is (malformed JSON, other content types). */
  readonly raw?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** One request; `key` defaults to the write key, `null` sends no Authorization header. */
export async function request(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? 'phx_write' : options.key;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(new URL(path, baseUrl), { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const cliMain = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the exit code and signal once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `actionmatch serve` (from the sources) in a child process; resolves once it listens. */
export function startChildServer(args: string[]): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliMain, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(stdout);
      if (found !== null) resolve({ child, url: found[1] as string, exited });
    });
    void exited.then(({ code }) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
}

/** An action object as the API returns it (the fields tests read). */
export type ActionJson = Record<string, unknown> & { id: number; name: string; deleted: boolean; bytecode_error: string | null; steps: Array<Record<string, unknown>> };

export interface PageJson {
  count: number;
  next: string | null;
  previous: string | null;
  results: ActionJson[];
}

export function asAction(response: ApiResponse): ActionJson {
  return response.json as ActionJson;
}

export function asPage(response: ApiResponse): PageJson {
  return response.json as PageJson;
}

/** Creates an action and returns it, failing the test when the server refuses. */
export async function createOk(baseUrl: string, body: Record<string, unknown>, project = 1): Promise<ActionJson> {
  const response = await request(baseUrl, 'POST', `/api/projects/${project}/actions/`, { body });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.text}`);
  return asAction(response);
}
