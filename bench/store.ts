// The Actions API on SQLite and on PostgreSQL, as a client sees it: `actionmatch serve` processes
// (the built CLI), one or two on one database, taking writes (creates, several in flight) and
// match requests (batches of events against a few hundred actions). Each figure is the median
// of the rounds, shown next to SQLite with one process, measured in the same run.
// Run: npm run build && npm run bench:store [-- --rounds 3]
// Weak spots on purpose: writes to one project (PostgreSQL serialises a project's writes on its
// row; SQLite serialises every write on the file), and a second process (sharing SQLite means
// sharing one write lock; PostgreSQL matchers are told of writes asynchronously).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as pg from 'pg';
import { generateActions, generateEvents } from './workload.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' }, writes: { type: 'string' }, batches: { type: 'string' } } });
const rounds = Number(values.rounds ?? 3);
const writeCount = Number(values.writes ?? 300);
const batchCount = Number(values.batches ?? 60);
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
if (!existsSync(cli)) throw new Error('bench:store runs the built CLI: npm run build first');
const postgresAdmin = process.env['ACTIONMATCH_BENCH_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const key = 'phx_bench';
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

function serve(db: string, keysFile: string): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'serve', '--keys', keysFile, '--db', db, '--port', '0', '--project', '1', '--project', '2', '--project', '3', '--project', '4'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found !== null) resolve({ url: found[1] as string, child });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${String(code)}`)));
  });
}

async function stop(servers: readonly Server[]): Promise<void> {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  })));
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Runs `count` tasks with `inFlight` at a time; returns the elapsed seconds. */
async function timed(count: number, inFlight: number, task: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) await task(next++);
  }));
  return (performance.now() - started) / 1000;
}

const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;

let databases = 0;
async function newDatabase(kind: 'sqlite' | 'postgres', dir: string): Promise<string> {
  databases += 1;
  if (kind === 'sqlite') return join(dir, `bench-${databases}.db`);
  const name = `actionmatch_bench_${process.pid}_${databases}`;
  const admin = new pg.Client({ connectionString: postgresAdmin });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresAdmin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdmin });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`actionmatch_bench_${process.pid}_%`]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  await admin.end();
}

const actions = generateActions(300).map(({ id: _id, ...action }) => ({ ...action, name: `${String(action['name'])} ${_id}` }));
const events = generateEvents(100 * 10);

interface Figures {
  writesOneProject: number;
  writesFourProjects: number;
  matchEvents: number;
}

async function measure(kind: 'sqlite' | 'postgres', processes: 1 | 2, dir: string, keysFile: string): Promise<Figures> {
  const db = await newDatabase(kind, dir);
  const servers: Server[] = [];
  for (let i = 0; i < processes; i++) servers.push(await serve(db, keysFile));
  const at = (index: number): string => (servers[index % servers.length] as Server).url;
  try {
    const oneProject = await timed(writeCount, 16, (i) => post(`${at(i)}/api/projects/1/actions/`, { name: `One ${i}`, steps: [{ event: `e${i % 50}` }] }));
    const fourProjects = await timed(writeCount, 16, (i) => post(`${at(i)}/api/projects/${1 + (i % 4)}/actions/`, { name: `Four ${i}`, steps: [{ event: `e${i % 50}` }] }));
    for (const [index, action] of actions.entries()) await post(`${at(index)}/api/projects/2/actions/`, action);
    // Every server has loaded the project's matcher before the timing starts.
    for (const server of servers) await post(`${server.url}/api/projects/2/actions/match/`, events.slice(0, 1));
    const matching = await timed(batchCount, 8, (i) => post(`${at(i)}/api/projects/2/actions/match/`, events.slice((i % 10) * 100, (i % 10) * 100 + 100)));
    return { writesOneProject: writeCount / oneProject, writesFourProjects: writeCount / fourProjects, matchEvents: (batchCount * 100) / matching };
  } finally {
    await stop(servers);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'actionmatch-bench-store-'));
const keysFile = join(dir, 'keys.json');
writeFileSync(keysFile, JSON.stringify({ [key]: { scopes: ['*'] } }));
const configs = [['sqlite', 1], ['sqlite', 2], ['postgres', 1], ['postgres', 2]] as const;
const samples = new Map<string, Figures[]>();
try {
  for (let round = 0; round < rounds; round++) {
    for (const [kind, processes] of configs) {
      const label = `${kind}, ${processes} process${processes > 1 ? 'es' : ''}`;
      const figures = await measure(kind, processes, dir, keysFile);
      samples.set(label, [...(samples.get(label) ?? []), figures]);
      process.stderr.write(`round ${round + 1}: ${label}: ${Math.round(figures.writesOneProject)} / ${Math.round(figures.writesFourProjects)} writes/s, ${Math.round(figures.matchEvents)} events/s\n`);
    }
  }
} finally {
  await dropDatabases();
}

const summary = [...samples].map(([label, list]) => ({
  label,
  writesOneProject: median(list.map((figures) => figures.writesOneProject)),
  writesFourProjects: median(list.map((figures) => figures.writesFourProjects)),
  matchEvents: median(list.map((figures) => figures.matchEvents)),
}));
const base = summary[0];
if (base === undefined) throw new Error('no figures');
const cell = (value: number, baseline: number): string => `${Math.round(value)} (${(value / baseline).toFixed(2)}×)`;
console.log(`median of ${rounds} rounds; ${writeCount} creates with 16 in flight; ${batchCount} match requests of 100 events, 8 in flight, 300 actions`);
console.log('| database | writes/s, one project | writes/s, four projects | match events/s |');
console.log('|---|---|---|---|');
for (const row of summary) {
  console.log(`| ${row.label} | ${cell(row.writesOneProject, base.writesOneProject)} | ${cell(row.writesFourProjects, base.writesFourProjects)} | ${cell(row.matchEvents, base.matchEvents)} |`);
}
