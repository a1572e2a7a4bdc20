// The SQLite ActionStore on its own: schema and pragmas, transactions that roll back, the
// live-name constraint, listing, and the version that signals other connections' writes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StoredAction } from '../../src/store/action-store.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const newFile = (): string => join(mkdtempSync(join(tmpdir(), 'actionmatch-store-')), 'store.db');

const action = (id: number, name: string, extra: Record<string, unknown> = {}): StoredAction => ({ id, name, deleted: false, last_calculated_at: '2024-01-01T00:00:00.000Z', ...extra });

describe('openSqliteStore', () => {
  it('creates the schema on first open, in WAL mode with full sync', async () => {
    const file = newFile();
    const store = openSqliteStore(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('projects', 'actions') ORDER BY name").pluck().all();
      expect(tables).toEqual(['actions', 'projects']);
    } finally {
      db.close();
    }
    // Opening again applies nothing twice.
    const again = openSqliteStore(file);
    expect(await again.listProjects()).toEqual([]);
    await again.close();
  });

  it('refuses a file with a newer schema, naming both versions', () => {
    const file = newFile();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrow(`the database has schema version ${SCHEMA_VERSION + 1}, newer than this actionmatch supports (${SCHEMA_VERSION})`);
  });

  it('projects exist once ensured, idempotently', async () => {
    const store = openSqliteStore(newFile());
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
    const store = openSqliteStore(newFile());
    await store.ensureProject(1);
    const refused = await store.create<string>(1, () => ({ ok: false, error: 'no' }));
    expect(refused).toEqual({ ok: false, error: 'no' });
    expect(await store.listAll(1)).toEqual([]);
    const first = await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'First') }));
    const second = await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Second') }));
    expect(first.ok && second.ok).toBe(true);
    const ids = [first, second].map((result) => (result.ok ? result.action.id : -1));
    expect(ids[1]).toBeGreaterThan(ids[0] as number);
    expect((await store.listAll(1)).map((stored) => stored.name)).toEqual(['First', 'Second']);
    await store.close();
  });

  it('a create in an unknown project fails on the foreign key', async () => {
    const store = openSqliteStore(newFile());
    await expect(store.create<string>(9, (id) => ({ ok: true, action: action(id, 'Orphan') }))).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('update sees the current object inside the transaction; unknown ids are missing', async () => {
    const store = openSqliteStore(newFile());
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
    const store = openSqliteStore(newFile());
    await store.ensureProject(1);
    const seen: Array<number | null> = [];
    const first = await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Name') }));
    const firstId = first.ok ? first.action.id : -1;
    await store.create<string>(1, (id, context) => {
      seen.push(context.findLiveByName('Name', id), context.findLiveByName('Name', firstId), context.findLiveByName('Other', null));
      return { ok: false, error: 'stop' };
    });
    expect(seen).toEqual([firstId, null, null]);
    // Bypassing the check, the unique index still refuses a second live "Name".
    await expect(store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Name') }))).rejects.toThrow(/UNIQUE/);
    await store.update<string>(1, firstId, (current) => ({ ok: true, action: { ...current, deleted: true } }));
    expect((await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Name') }))).ok).toBe(true);
    await store.close();
  });
});

describe('reads', () => {
  it('lists live actions by last_calculated_at descending (null first), then name, then id', async () => {
    const store = openSqliteStore(newFile());
    await store.ensureProject(1);
    const rows: Array<[string, string | null, boolean]> = [
      ['b-old', '2024-01-01T00:00:00.000Z', false],
      ['a-new', '2024-02-01T00:00:00.000Z', false],
      ['c-new', '2024-02-01T00:00:00.000Z', false],
      ['never', null, false],
      ['deleted', '2024-03-01T00:00:00.000Z', true],
      ['Émile', '2023-01-01T00:00:00.000Z', false],
    ];
    for (const [name, calculated, deleted] of rows) await store.create<string>(1, (id) => ({ ok: true, action: action(id, name, { last_calculated_at: calculated, deleted }) }));
    const page = await store.list(1, { limit: 10, offset: 0 });
    expect(page.count).toBe(5);
    expect(page.results.map((stored) => stored.name)).toEqual(['never', 'a-new', 'c-new', 'b-old', 'Émile']);
    expect((await store.list(1, { limit: 2, offset: 1 })).results.map((stored) => stored.name)).toEqual(['a-new', 'c-new']);
    // Search folds case beyond ASCII.
    expect((await store.list(1, { limit: 10, offset: 0, search: 'émi' })).results.map((stored) => stored.name)).toEqual(['Émile']);
    expect((await store.list(1, { limit: 10, offset: 0, search: 'NEW' })).count).toBe(2);
    expect((await store.listAll(1)).map((stored) => stored.name)).toContain('deleted');
    await store.close();
  });

  it('externalVersion moves when another connection commits, not for its own writes', async () => {
    const file = newFile();
    const store = openSqliteStore(file);
    const other = openSqliteStore(file);
    await store.ensureProject(1);
    const start = await store.externalVersion();
    await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Own') }));
    expect(await store.externalVersion()).toBe(start);
    // Another connection's writes that are not action writes (a project, a webhook delivery's
    // bookkeeping) do not ask for a reload.
    await other.ensureProject(2);
    other.database.exec('CREATE TABLE deliveries_elsewhere (n INTEGER); INSERT INTO deliveries_elsewhere VALUES (1)');
    expect(await store.externalVersion()).toBe(start);
    await other.create<string>(1, (id) => ({ ok: true, action: action(id, 'Theirs') }));
    const moved = await store.externalVersion();
    expect(moved).not.toBe(start);
    // Interleaved: another write of theirs, then one of ours — theirs is still seen.
    await other.create<string>(1, (id) => ({ ok: true, action: action(id, 'Theirs again') }));
    await store.create<string>(1, (id) => ({ ok: true, action: action(id, 'Own again') }));
    expect(await store.externalVersion()).not.toBe(moved);
    await other.close();
    await store.close();
  });
});

describe('the shared connection (store.database)', () => {
  it('writes made through it inside a write callback commit or roll back with the action', async () => {
    const store = openSqliteStore(newFile());
    await store.ensureProject(1);
    store.database.exec('CREATE TABLE side (note TEXT NOT NULL)');
    const insert = store.database.prepare('INSERT INTO side (note) VALUES (?)');
    const notes = (): unknown[] => store.database.prepare('SELECT note FROM side ORDER BY rowid').pluck().all();

    const created = await store.create<string>(1, (id) => {
      insert.run('kept');
      return { ok: true, action: action(id, 'A') };
    });
    expect(created.ok).toBe(true);
    const refused = await store.update<string>(1, (created as { action: StoredAction }).action.id, () => {
      insert.run('rolled back');
      return { ok: false, error: 'no' };
    });
    expect(refused).toEqual({ ok: false, error: 'no' });
    expect(notes()).toEqual(['kept']);
    await store.close();
  });
});
