// The ActionStore contract, on SQLite and (in the postgres test project) on PostgreSQL: schema
// migrations and their refusal of a newer schema, transactions that roll back, the live-name
// constraint, listing, and the version that signals other connections' writes.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StoredAction } from '../../src/store/action-store.js';
import { POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres-schema.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { eventually } from '../helpers/eventually.js';
import { adminQuery } from '../helpers/postgres.js';
import { openStoreAt, openTestStore, testStore } from '../helpers/test-store.js';

const action = (id: number, name: string, extra: Record<string, unknown> = {}): StoredAction => ({ id, name, deleted: false, last_calculated_at: '2024-01-01T00:00:00.000Z', ...extra });

const newerSchema = (found: number, supported: number): string => `the database has schema version ${found}, newer than this actionmatch supports (${supported})`;

if (testStore === 'sqlite') {
  describe('a SQLite file', () => {
    it('gets the schema on first open, in WAL mode with full sync', async () => {
      const { store, location } = await openTestStore();
      await store.close();
      const db = new Database(location, { readonly: true });
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('projects', 'actions', 'webhook_outbox') ORDER BY name").pluck().all();
        expect(tables).toEqual(['actions', 'projects', 'webhook_outbox']);
      } finally {
        db.close();
      }
      const again = await openStoreAt(location);
      expect(await again.listProjects()).toEqual([]);
      await again.close();
    });

    it('refuses a file with a newer schema, naming both versions', async () => {
      const { store, location } = await openTestStore();
      await store.close();
      const db = new Database(location);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      await expect(openStoreAt(location)).rejects.toThrow(newerSchema(SCHEMA_VERSION + 1, SCHEMA_VERSION));
    });
  });
}

if (testStore === 'postgres') {
  describe('a PostgreSQL database', () => {
    const databaseOf = (location: string): string => decodeURIComponent(new URL(location).pathname.slice(1));

    it('gets its tables in the schema actionmatch, once, however many servers start together', async () => {
      const { store, location } = await openTestStore();
      await store.close();
      // Several stores migrating one new schema at once (the advisory lock lets one do it).
      const fresh = location.replace(/\/[^/]+$/, `/${databaseOf(location)}`);
      const opened = await Promise.all([1, 2, 3].map(() => openStoreAt(fresh)));
      await Promise.all(opened.map((each) => each.close()));
      const tables = await adminQuery<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'actionmatch' ORDER BY table_name", [], databaseOf(location));
      expect(tables.map((row) => row.table_name)).toEqual(['actions', 'destinations', 'project_settings', 'projects', 'schema_version', 'webhook_outbox']);
      expect(await adminQuery('SELECT version FROM actionmatch.schema_version', [], databaseOf(location))).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
    });

    it('refuses a database with a newer schema, naming both versions', async () => {
      const { store, location } = await openTestStore();
      await store.close();
      await adminQuery('UPDATE actionmatch.schema_version SET version = version + 1', [], databaseOf(location));
      await expect(openStoreAt(location)).rejects.toThrow(newerSchema(POSTGRES_SCHEMA_VERSION + 1, POSTGRES_SCHEMA_VERSION));
    });
  });
}

describe('projects', () => {
  it('exist once ensured, idempotently', async () => {
    const { store } = await openTestStore();
    expect(await store.projectExists(3)).toBe(false);
    await store.ensureProject(3);
    await store.ensureProject(3);
    await store.ensureProject(1);
    expect(await store.projectExists(3)).toBe(true);
    expect(await store.listProjects()).toEqual([1, 3]);
    await store.close();
  });
});

describe('writes', () => {
  it('create passes a fresh id; a refused create stores nothing', async () => {
    const { store } = await openTestStore();
    await store.ensureProject(1);
    const refused = await store.create<string>(1, () => ({ ok: false, error: 'no' }));
    expect(refused).toEqual({ ok: false, error: 'no' });
    expect(await store.listAll(1)).toEqual([]);
    const first = await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'First') }));
    const second = await store.create<string>(1, async (id) => ({ ok: true, action: action(id, 'Second') }));
    expect(first.ok && second.ok).toBe(true);
    const ids = [first, second].map((result) => (result.ok ? result.action.id : -1));
    expect(ids[1]).toBeGreaterThan(ids[0] as number);
    expect((await store.listAll(1)).map((stored) => stored.name)).toEqual(['First', 'Second']);
    await store.close();
  });

  it('a create in an unknown project fails on the foreign key', async () => {
    const { store } = await openTestStore();
    await expect(store.create<string>(9, (id) => ({ ok: true, action: action(id, 'Orphan') }))).rejects.toThrow(/foreign key/i);
    await store.close();
  });

  it('update sees the current object inside the transaction; unknown ids are missing', async () => {
    const { store } = await openTestStore();
    await store.ensureProject(1);
    await store.ensureProject(2);
    const created = await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Counter', { count: 1 }) }));
    const id = created.ok ? created.action.id : -1;
    const updated = await store.update<string>(1, id, (current) => ({ ok: true, action: { ...current, count: (current['count'] as number) + 1 } }));
    expect(updated).toMatchObject({ ok: true, action: { count: 2 }, previous: { count: 1 } });
    expect(await store.update<string>(2, id, (current) => ({ ok: true, action: current }))).toEqual({ ok: false, missing: true });
    expect(await store.update<string>(1, 12345, (current) => ({ ok: true, action: current }))).toEqual({ ok: false, missing: true });
    expect(await store.update<string>(1, id, () => ({ ok: false, error: 'refused' }))).toEqual({ ok: false, error: 'refused' });
    expect((await store.get(1, id))?.['count']).toBe(2);
    expect(await store.get(2, id)).toBeNull();
    await store.close();
  });

  it('findLiveByName ignores deleted actions and the action itself; the constraint backs it', async () => {
    const { store } = await openTestStore();
    await store.ensureProject(1);
    const seen: Array<number | null> = [];
    const first = await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Name') }));
    const firstId = first.ok ? first.action.id : -1;
    await store.create<string>(1, async (id, context) => {
      seen.push(await context.findLiveByName('Name', id), await context.findLiveByName('Name', firstId), await context.findLiveByName('Other', null));
      return { ok: false, error: 'stop' };
    });
    expect(seen).toEqual([firstId, null, null]);
    // Bypassing the check, the unique index still refuses a second live "Name".
    await expect(store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Name') }))).rejects.toThrow(/unique/i);
    await store.update<string>(1, firstId, (current) => ({ ok: true, action: { ...current, deleted: true } }));
    expect((await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Name') }))).ok).toBe(true);
    await store.close();
  });

  it('writes of two stores on one database take turns: one name, many writers, one winner', async () => {
    const { store, location } = await openTestStore();
    const other = await openStoreAt(location);
    await store.ensureProject(1);
    const attempt = (writer: typeof store) =>
      writer.create<number>(1, async (id, context) => {
        const conflict = await context.findLiveByName('Contended', null);
        return conflict === null ? { ok: true, action: action(id, 'Contended') } : { ok: false, error: conflict };
      });
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => attempt(index % 2 === 0 ? store : other)));
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    const winnerId = winners[0]?.ok === true ? winners[0].action.id : -1;
    expect(results.filter((result) => !result.ok)).toEqual(Array.from({ length: 11 }, () => ({ ok: false, error: winnerId })));
    await other.close();
    await store.close();
  });
});

describe('reads', () => {
  it('lists live actions by last_calculated_at descending (null first), then name, then id', async () => {
    const { store } = await openTestStore();
    await store.ensureProject(1);
    const rows: Array<[string, string | null, boolean]> = [
      ['b-old', '2024-01-01T00:00:00.000Z', false],
      ['a-new', '2024-02-01T00:00:00.000Z', false],
      ['c-new', '2024-02-01T00:00:00.000Z', false],
      ['never', null, false],
      ['deleted', '2024-03-01T00:00:00.000Z', true],
      ['Émile', '2023-01-01T00:00:00.000Z', false],
      ['B-upper', '2024-02-01T00:00:00.000Z', false],
      ['100%_done', '2022-01-01T00:00:00.000Z', false],
    ];
    for (const [name, calculated, deleted] of rows) await store.create<string>(1, (id) => ({ ok: true, action: action(id, name, { last_calculated_at: calculated, deleted }) }));
    const page = await store.list(1, { limit: 10, offset: 0 });
    expect(page.count).toBe(7);
    // Names compare by code point in both databases (upper case before lower case).
    expect(page.results.map((stored) => stored.name)).toEqual(['never', 'B-upper', 'a-new', 'c-new', 'b-old', 'Émile', '100%_done']);
    expect((await store.list(1, { limit: 2, offset: 2 })).results.map((stored) => stored.name)).toEqual(['a-new', 'c-new']);
    expect(await store.list(1, { limit: 2, offset: 20 })).toEqual({ count: 7, results: [] });
    // Search folds case beyond ASCII, the same way in both databases; wildcards are literal.
    expect((await store.list(1, { limit: 10, offset: 0, search: 'émi' })).results.map((stored) => stored.name)).toEqual(['Émile']);
    expect((await store.list(1, { limit: 10, offset: 0, search: 'NEW' })).count).toBe(2);
    expect((await store.list(1, { limit: 10, offset: 0, search: '%_' })).results.map((stored) => stored.name)).toEqual(['100%_done']);
    expect((await store.list(1, { limit: 10, offset: 0, search: '_' })).count).toBe(1);
    expect((await store.listAll(1)).map((stored) => stored.name)).toContain('deleted');
    // getMany: one read, by id, deleted ones included, unknown and other projects' ids left out.
    const all = await store.listAll(1);
    const [a, b] = [all[3] as StoredAction, all[4] as StoredAction];
    await store.ensureProject(2);
    const elsewhere = await store.create<string>(2, (id) => ({ ok: true, action: action(id, 'Elsewhere') }));
    const otherId = elsewhere.ok ? elsewhere.action.id : -1;
    expect(await store.getMany(1, [b.id, 999_999, a.id, otherId, a.id])).toEqual([a, b]);
    expect(await store.getMany(1, [])).toEqual([]);
    await store.close();
  });

  it('externalVersion moves when another connection commits an action write, not for its own writes', async () => {
    const { store, location } = await openTestStore();
    const other = await openStoreAt(location);
    await store.ensureProject(1);
    const start = await store.externalVersion();
    await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Own') }));
    // Another connection's writes that are not action writes (a project, a webhook delivery's
    // bookkeeping) do not ask for a reload.
    await other.ensureProject(2);
    await other.database.run('INSERT INTO project_settings (project_id, webhook_url) VALUES (?, ?)', ['2', 'https://hooks.example.com/x']);
    await other.create<string>(1, (id) => ({ ok: true, action: action(id, 'Theirs') }));
    await eventually(async () => (await store.externalVersion()) !== start, 'the other connection’s write');
    const moved = await store.externalVersion();
    // Our own writes (the first above, and this one) did not move it: only theirs, once.
    await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Own again') }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.externalVersion()).toBe(moved);
    await other.create<string>(1, (id) => ({ ok: true, action: action(id, 'Theirs again') }));
    await eventually(async () => (await store.externalVersion()) !== moved, 'their second write');
    await other.close();
    await store.close();
  });
});

describe('the write transaction (context.session)', () => {
  it('writes made through it inside a write callback commit or roll back with the action', async () => {
    const { store } = await openTestStore();
    await store.ensureProject(1);
    const notes = async (): Promise<unknown[]> => (await store.database.all<{ project_id: string }>('SELECT project_id FROM project_settings ORDER BY project_id')).map((row) => row.project_id);
    const created = await store.create<string>(1, async (id, context) => {
      await context.session.run('INSERT INTO project_settings (project_id) VALUES (?)', ['kept']);
      return { ok: true, action: action(id, 'A') };
    });
    expect(created.ok).toBe(true);
    const refused = await store.update<string>(1, (created as { action: StoredAction }).action.id, async (_current, context) => {
      await context.session.run('INSERT INTO project_settings (project_id) VALUES (?)', ['rolled back']);
      return { ok: false, error: 'no' };
    });
    expect(refused).toEqual({ ok: false, error: 'no' });
    // A callback that throws rolls back too, and the error reaches the caller.
    await expect(store.create<string>(1, async (_id, context) => {
      await context.session.run('INSERT INTO project_settings (project_id) VALUES (?)', ['thrown']);
      throw new Error('callback failed');
    })).rejects.toThrow('callback failed');
    expect(await notes()).toEqual(['kept']);
    await store.close();
  });
});
