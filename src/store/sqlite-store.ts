// ActionStore over one SQLite file (better-sqlite3). Durability and concurrency choices:
// - WAL journal: readers never block the writer, and several processes may share the file.
// - synchronous=FULL: each commit is fsynced before it returns, so a write the server has
//   acknowledged survives the process being killed and, beyond that, a power loss. (NORMAL with
//   WAL would already survive a killed process; FULL costs one fsync per write, which an API
//   that writes on human request can afford.)
// - Every write runs in BEGIN IMMEDIATE: the write lock is taken before anything is read, so a
//   check such as "no live action has this name" and the insert that relies on it cannot be
//   interleaved with another process's write. busy_timeout makes a second writer wait for the
//   lock instead of failing at once.
import Database from 'better-sqlite3';
import type { ActionStore, ListPage, ListQuery, StoredAction, WriteContext, WriteDecision, WriteResult } from './action-store.js';
import { migrateSchema } from './sqlite-schema.js';

/**
 * The SQLite store, which also lends its connection: the webhook outbox keeps its tables in the
 * same file, so that a notification commits in the same transaction as the decision to send it.
 */
export interface SqliteActionStore extends ActionStore {
  /** The open connection; write callbacks of create/update run inside its transaction. */
  readonly database: Database.Database;
}

export interface SqliteStoreOptions {
  /** How long a write waits for another process's transaction, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
}

interface ActionRow {
  readonly body: string;
}

// Thrown inside a transaction to roll it back while carrying the callback's answer out.
class Rollback<E> {
  constructor(readonly error: E) {}
}

// The order PostHog lists actions in: `-last_calculated_at, name` (NULLs first, as PostgreSQL
// sorts them descending), then id so that pages never overlap.
const LIST_ORDER = 'ORDER BY last_calculated_at IS NULL DESC, last_calculated_at DESC, name ASC, id ASC';

function parseAction(row: ActionRow): StoredAction {
  return JSON.parse(row.body) as StoredAction;
}

/**
 * Opens (creating it if needed) the SQLite database `file` and returns an ActionStore over it.
 * Throws when the file cannot be opened or has a newer schema.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteActionStore {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // SQLite's lower() folds ASCII only; search folds the way JavaScript does.
    db.function('icontains', { deterministic: true }, (haystack: unknown, needle: unknown) =>
      typeof haystack === 'string' && typeof needle === 'string' && haystack.toLowerCase().includes(needle.toLowerCase()) ? 1 : 0,
    );
    migrateSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const statements = {
    projectExists: db.prepare<[number]>('SELECT 1 FROM projects WHERE id = ?').pluck(),
    insertProject: db.prepare<[number, string]>('INSERT OR IGNORE INTO projects (id, created_at) VALUES (?, ?)'),
    listProjects: db.prepare('SELECT id FROM projects ORDER BY id').pluck(),
    count: db.prepare<[number, string | null, string | null]>('SELECT count(*) FROM actions WHERE project_id = ? AND deleted = 0 AND (? IS NULL OR icontains(name, ?))').pluck(),
    page: db.prepare<[number, string | null, string | null, number, number], ActionRow>(
      `SELECT body FROM actions WHERE project_id = ? AND deleted = 0 AND (? IS NULL OR icontains(name, ?)) ${LIST_ORDER} LIMIT ? OFFSET ?`,
    ),
    all: db.prepare<[number], ActionRow>('SELECT body FROM actions WHERE project_id = ? ORDER BY id'),
    get: db.prepare<[number, number], ActionRow>('SELECT body FROM actions WHERE project_id = ? AND id = ?'),
    liveByName: db.prepare<[number, string, number], number>('SELECT id FROM actions WHERE project_id = ? AND name = ? AND deleted = 0 AND id != ? ORDER BY id LIMIT 1').pluck(),
    // A placeholder row reserves the id; it is marked deleted so it never meets the unique index.
    reserve: db.prepare<[number]>("INSERT INTO actions (project_id, name, deleted, body) VALUES (?, '', 1, '{}')"),
    save: db.prepare<[string, number, string | null, string, number]>('UPDATE actions SET name = ?, deleted = ?, last_calculated_at = ?, body = ? WHERE id = ?'),
    actionsVersion: db.prepare('SELECT version FROM action_writes WHERE id = 1').pluck(),
    bumpActionsVersion: db.prepare('UPDATE action_writes SET version = version + 1 WHERE id = 1'),
  };

  // externalVersion counts the action writes made by other connections: `lastSeen` is the
  // counter as this connection last knew it, so a gap means someone else wrote. A transaction
  // rolled back after its bump only costs one needless reload, never a missed one.
  let lastSeen = statements.actionsVersion.get() as number;
  let externalChanges = 0;
  function observe(version: number): void {
    if (version !== lastSeen) externalChanges += 1;
    lastSeen = version;
  }

  const contextFor = (projectId: number): WriteContext => ({
    findLiveByName: (name, exceptId) => (statements.liveByName.get(projectId, name, exceptId ?? -1) as number | undefined) ?? null,
  });

  function save(action: StoredAction): void {
    const name = typeof action['name'] === 'string' ? action['name'] : '';
    const calculated = typeof action['last_calculated_at'] === 'string' ? action['last_calculated_at'] : null;
    statements.save.run(name, action['deleted'] === true ? 1 : 0, calculated, JSON.stringify(action), action.id);
    observe(statements.actionsVersion.get() as number);
    statements.bumpActionsVersion.run();
    lastSeen += 1;
  }

  /** Runs `body` in BEGIN IMMEDIATE; a Rollback thrown inside becomes the callback's error. */
  function write<E>(body: () => WriteResult<E>): WriteResult<E> {
    try {
      return db.transaction(body).immediate();
    } catch (caught) {
      if (caught instanceof Rollback) return { ok: false, error: caught.error as E };
      throw caught;
    }
  }

  function decide<E>(decision: WriteDecision<E>): StoredAction {
    if (!decision.ok) throw new Rollback(decision.error);
    save(decision.action);
    return decision.action;
  }

  return {
    database: db,
    async projectExists(projectId: number): Promise<boolean> {
      return statements.projectExists.get(projectId) !== undefined;
    },
    async ensureProject(projectId: number): Promise<void> {
      db.transaction(() => statements.insertProject.run(projectId, new Date().toISOString())).immediate();
    },
    async listProjects(): Promise<number[]> {
      return statements.listProjects.all() as number[];
    },
    async list(projectId: number, query: ListQuery): Promise<ListPage> {
      const search = query.search === undefined || query.search === '' ? null : query.search;
      // Count and page read one snapshot, so `count` always describes the page served.
      return db.transaction(() => ({
        count: statements.count.get(projectId, search, search) as number,
        results: statements.page.all(projectId, search, search, query.limit, query.offset).map(parseAction),
      }))();
    },
    async listAll(projectId: number): Promise<StoredAction[]> {
      return statements.all.all(projectId).map(parseAction);
    },
    async get(projectId: number, id: number): Promise<StoredAction | null> {
      const row = statements.get.get(projectId, id);
      return row === undefined ? null : parseAction(row);
    },
    async create<E>(projectId: number, build: (id: number, context: WriteContext) => WriteDecision<E>): Promise<WriteResult<E>> {
      return write<E>(() => {
        const id = Number(statements.reserve.run(projectId).lastInsertRowid);
        return { ok: true, action: decide(build(id, contextFor(projectId))), previous: null };
      });
    },
    async update<E>(projectId: number, id: number, change: (current: StoredAction, context: WriteContext) => WriteDecision<E>): Promise<WriteResult<E>> {
      return write<E>(() => {
        const row = statements.get.get(projectId, id);
        if (row === undefined) return { ok: false, missing: true };
        const previous = parseAction(row);
        return { ok: true, action: decide(change(previous, contextFor(projectId))), previous };
      });
    },
    async externalVersion(): Promise<number> {
      observe(statements.actionsVersion.get() as number);
      return externalChanges;
    },
    async close(): Promise<void> {
      if (db.open) db.close();
    },
  };
}
