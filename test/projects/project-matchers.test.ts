// The multi-project registry: projects read lazily on their first event (once, however many
// batches ask at once), kept current by polling and by reload(), bounded by maxProjects and by
// idleness, a first read that fails named and retried on the next batch, a failing refresh
// keeping the last good set; and the three sources: files (actions carrying team_id), the
// Actions API (a real actionmatch server) and what the PostgreSQL source gives (test/postgres).
import { utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fromActionFiles } from '../../src/projects/file-projects.js';
import { fromActionsApi } from '../../src/projects/api-projects.js';
import { createProjectMatchers, type ProjectMatchers } from '../../src/projects/project-matchers.js';
import type { ProjectActionsSource } from '../../src/projects/project-source.js';
import { tempFiles } from '../cli/run-cli.js';
import { eventually } from '../helpers/eventually.js';
import { createOk, startTestServer } from '../server/server-fixture.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(projects: ProjectMatchers): ProjectMatchers {
  cleanups.push(() => projects.close());
  return projects;
}

/** A source held in memory: the test changes `actions` and counts the reads. */
function memorySource(actions: Record<number, unknown[]>): ProjectActionsSource & { reads: number[]; failing: Set<number> } {
  const reads: number[] = [];
  const failing = new Set<number>();
  return {
    description: 'memory',
    reads,
    failing,
    load(teamId) {
      reads.push(teamId);
      if (failing.has(teamId)) return Promise.reject(new Error('database down'));
      return new Promise((resolve) => setTimeout(() => resolve(actions[teamId] ?? []), 5));
    },
  };
}

const signup = (id: number, team: number): Record<string, unknown> => ({ id, team_id: team, name: `Signup ${id}`, steps: [{ event: 'signup' }] });
const event = { event: 'signup', properties: {} };

describe('createProjectMatchers', () => {
  it('reads a project once on its first event, even when several batches ask at once', async () => {
    const source = memorySource({ 2: [signup(1, 2)], 3: [signup(5, 3), signup(6, 3)] });
    const projects = track(createProjectMatchers({ source }));
    const [a, b] = await Promise.all([projects.prepare([2, 3, 2]), projects.prepare([3])]);
    expect(source.reads.sort()).toEqual([2, 3]);
    expect(a.get(2)?.match(event)).toEqual([1]);
    expect(b.get(3)?.match(event)).toEqual([5, 6]);
    expect(await projects.match(3, event)).toEqual([5, 6]);
    expect(source.reads).toHaveLength(2);
    expect(projects.stats()).toMatchObject({ projects: 2, actions: 3, loads: 2 });
  });

  it('a project with no actions holds no matcher and matches nothing', async () => {
    const projects = track(createProjectMatchers({ source: memorySource({}) }));
    const snapshot = await projects.prepare([42]);
    expect(snapshot.get(42)).toBeNull();
    expect(await projects.match(42, event)).toEqual([]);
    expect(projects.stats().projects).toBe(1);
  });

  it('holds at most maxProjects, dropping the least recently used', async () => {
    let clock = 1000;
    const source = memorySource({ 1: [signup(1, 1)], 2: [signup(2, 2)], 3: [signup(3, 3)] });
    const projects = track(createProjectMatchers({ source, maxProjects: 2, now: () => clock }));
    await projects.prepare([1]);
    clock++;
    await projects.prepare([2]);
    clock++;
    await projects.prepare([1]); // 1 is now the more recent
    clock++;
    await projects.prepare([3]);
    expect(projects.stats()).toMatchObject({ projects: 2, evictions: 1 });
    await projects.prepare([1, 3]);
    expect(source.reads).toEqual([1, 2, 3]);
    await projects.prepare([2]);
    expect(source.reads).toEqual([1, 2, 3, 2]);
  });

  it('drops projects idle for idleMs; the next event reads them again', async () => {
    let clock = 0;
    const source = memorySource({ 1: [signup(1, 1)], 2: [signup(2, 2)] });
    const projects = track(createProjectMatchers({ source, idleMs: 60_000, now: () => clock }));
    await projects.prepare([1, 2]);
    clock = 50_000;
    await projects.prepare([2]);
    clock = 70_000;
    expect(projects.evictIdle()).toBe(1);
    expect(projects.stats()).toMatchObject({ projects: 1, evictions: 1 });
    expect(await projects.match(1, event)).toEqual([1]);
    expect(source.reads.filter((team) => team === 1)).toHaveLength(2);
  });

  it('polls each project it holds and picks up changes; reload() reads one at once', async () => {
    const actions: Record<number, unknown[]> = { 2: [signup(1, 2)] };
    const source = memorySource(actions);
    const loads: Array<[number, number, boolean]> = [];
    const projects = track(createProjectMatchers({ source, pollIntervalMs: 200, onLoad: (team, count, first) => loads.push([team, count, first]) }));
    expect(await projects.match(2, event)).toEqual([1]);
    actions[2] = [signup(1, 2), signup(9, 2)];
    await eventually(async () => (await projects.match(2, event)).length === 2, 'the poll to pick up action 9', 5000);
    expect(loads).toEqual([[2, 1, true], [2, 2, false]]);
    // An unchanged set is not rebuilt.
    const before = loads.length;
    await projects.reload(2);
    expect(loads).toHaveLength(before);
    actions[2] = [];
    await projects.reload(2);
    expect(await projects.match(2, event)).toEqual([]);
    // A project not held is not read by reload: it is read on its next event.
    const reads = source.reads.length;
    await projects.reload(77);
    expect(source.reads).toHaveLength(reads);
  });

  it('a first read that fails rejects naming the project and is tried again next time; a failed refresh keeps the last set', async () => {
    const source = memorySource({ 2: [signup(1, 2)], 3: [signup(4, 3)] });
    const errors: Array<[string, number | null]> = [];
    const projects = track(createProjectMatchers({ source, onError: (error, team) => errors.push([(error as Error).message, team]) }));
    source.failing.add(3);
    await expect(projects.prepare([2, 3])).rejects.toThrow('project 3: cannot read its actions from memory: database down');
    source.failing.delete(3);
    expect((await projects.prepare([3])).get(3)?.match(event)).toEqual([4]);
    source.failing.add(3);
    await projects.reload(3);
    expect(errors).toEqual([['database down', 3]]);
    expect(await projects.match(3, event)).toEqual([4]);
  });

  it('refuses bad options at once', () => {
    const source = memorySource({});
    expect(() => createProjectMatchers({ source, maxProjects: 0 })).toThrow('maxProjects must be a positive integer, got 0');
    expect(() => createProjectMatchers({ source, idleMs: -1 })).toThrow('intervalMs must be a positive number');
    expect(() => createProjectMatchers({ source: {} as ProjectActionsSource })).toThrow('needs a source with load(teamId)');
  });
});

describe('fromActionFiles', () => {
  it('groups actions by team_id, the later file winning an id, and reports actions without a project', async () => {
    const files = tempFiles('actionmatch-projects-');
    const first = files.file('a.json', JSON.stringify([signup(1, 2), signup(2, 3), { id: 3, name: 'Nowhere', steps: [] }]));
    const second = files.file('b.json', JSON.stringify({ results: [{ ...signup(1, 2), steps: [{ event: 'other' }] }, { ...signup(4, 2), deleted: true }] }));
    const problems: string[] = [];
    const source = fromActionFiles([first, second], { onProblem: (file, problem) => problems.push(`${file.endsWith('a.json') ? 'a' : 'b'}: ${problem.message}`) });
    expect(((await source.load(2)) as Array<{ id: number; steps: unknown }>).map((action) => [action.id, action.steps])).toEqual([[1, [{ event: 'other' }]]]);
    expect(((await source.load(3)) as Array<{ id: number }>).map((action) => action.id)).toEqual([2]);
    expect(await source.load(4)).toEqual([]);
    expect(problems).toEqual(['a: action 3 has no team_id (a positive integer), so it belongs to no project; left out']);
  });

  it('follows changes to the files, and keeps the last good set when a file turns invalid', async () => {
    const files = tempFiles('actionmatch-projects-');
    const path = files.file('actions.json', JSON.stringify([signup(1, 2)]));
    const errors: string[] = [];
    const projects = track(createProjectMatchers({ source: fromActionFiles([path], { intervalMs: 50 }), onError: (error) => errors.push((error as Error).message) }));
    expect(await projects.match(2, event)).toEqual([1]);
    writeFileSync(path, JSON.stringify([signup(1, 2), signup(7, 2)]));
    utimesSync(path, new Date(), new Date(Date.now() + 2000));
    await eventually(async () => (await projects.match(2, event)).length === 2, 'the file change to reach project 2', 5000);
    writeFileSync(path, '[{"id": 1,');
    utimesSync(path, new Date(), new Date(Date.now() + 4000));
    await eventually(() => errors.length > 0, 'the invalid file to be reported', 5000);
    expect(errors[0]).toMatch(/^actions file .*actions\.json: /);
    expect(await projects.match(2, event)).toEqual([1, 7]);
  });
});

describe('fromActionsApi', () => {
  it('reads each project from an actionmatch server, through the sync client', async () => {
    const server = await startTestServer({ projects: [1, 2] });
    cleanups.push(() => server.close());
    const one = await createOk(server.url, { name: 'Signup', steps: [{ event: 'signup' }] }, 1);
    const two = await createOk(server.url, { name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] }, 2);
    const projects = track(createProjectMatchers({ source: fromActionsApi({ host: server.url, apiKey: 'phx_read' }) }));
    expect(await projects.match(1, event)).toEqual([one.id]);
    expect(await projects.match(2, { event: '$pageview', properties: { $current_url: 'https://example.com/pricing' } })).toEqual([two.id]);
    expect(await projects.match(2, event)).toEqual([]);
    expect(() => fromActionsApi({ host: 'ftp://nowhere', apiKey: 'k' })).toThrow('host must be an http(s) URL');
  });
});
