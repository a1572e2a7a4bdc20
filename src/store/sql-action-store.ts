// The ActionStore over a SqlDatabase, the same SQL for SQLite and PostgreSQL. Every write is one
// transaction that first locks its project's row (SQLite: the whole file, by BEGIN IMMEDIATE),
// so "no live action has this name" and the write relying on it cannot interleave with another
// writer of the project, in this process or another; the partial unique index backs the rule.
// The list's count and page come from one statement, hence one snapshot in either database.
import type { ActionStore, Decided, ListPage, ListQuery, StoredAction, WriteContext, WriteResult } from './action-store.js';
import type { ActionWriteSignal } from './action-write-signal.js';
import type { SqlDatabase, SqlSession } from './sql-database.js';

/** An ActionStore over SQL, which lends its database to the notification stores. */
export interface SqlActionStore extends ActionStore {
  /** The database; the outbox and destinations keep their tables in it. */
  readonly database: SqlDatabase;
}

interface BodyRow {
  readonly body: string;
}

// Thrown inside a transaction to roll it back while carrying the callback's answer out.
class Rollback<E> {
  constructor(readonly error: E) {}
}

const LIVE_MATCHING = `project_id = ? AND NOT deleted AND (CAST(? AS TEXT) IS NULL OR name_folded LIKE ? ESCAPE '\\')`;
// The order PostHog lists actions in: `-last_calculated_at, name` (NULLs first, as PostgreSQL
// sorts them descending), then id so that pages never overlap.
const ORDER = 'last_calculated_at IS NULL DESC, last_calculated_at DESC, name ASC, id ASC';
// The count rides on every row of the page, and on a single row with no action when the page
// is empty (LEFT JOIN), so that both come from one snapshot.
const LIST = `SELECT counted.total AS total, page.body AS body
  FROM (SELECT count(*) AS total FROM actions WHERE ${LIVE_MATCHING}) AS counted
  LEFT JOIN (SELECT body, last_calculated_at, name, id FROM actions WHERE ${LIVE_MATCHING} ORDER BY ${ORDER} LIMIT ? OFFSET ?) AS page ON 1 = 1
  ORDER BY page.last_calculated_at IS NULL DESC, page.last_calculated_at DESC, page.name ASC, page.id ASC`;

/** The LIKE pattern of a search: the folded text anywhere, its wildcards taken literally. */
function containsPattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function parseAction(row: BodyRow): StoredAction {
  return JSON.parse(row.body) as StoredAction;
}

/** The ActionStore over `database`; `signal` records each write and reports other processes'. */
export function createSqlActionStore(database: SqlDatabase, signal: ActionWriteSignal): SqlActionStore {
  const { lockRow } = database.dialect;
  // Projects are never deleted: once seen, a project's existence needs no query.
  const knownProjects = new Set<number>();

  const contextFor = (tx: SqlSession, projectId: number): WriteContext => ({
    session: tx,
    async findLiveByName(name, exceptId) {
      const [row] = await tx.all<{ id: number }>('SELECT id FROM actions WHERE project_id = ? AND name = ? AND NOT deleted AND id <> ? ORDER BY id LIMIT 1', [projectId, name, exceptId ?? -1]);
      return row?.id ?? null;
    },
  });

  async function save(tx: SqlSession, projectId: number, action: StoredAction): Promise<void> {
    const name = typeof action['name'] === 'string' ? action['name'] : '';
    const calculated = typeof action['last_calculated_at'] === 'string' ? action['last_calculated_at'] : null;
    await tx.run('UPDATE actions SET name = ?, name_folded = ?, deleted = ?, last_calculated_at = ?, body = ? WHERE id = ?', [
      name, name.toLowerCase(), action['deleted'] === true, calculated, JSON.stringify(action), action.id,
    ]);
    await signal.record(tx, projectId);
  }

  /** One write transaction on the project; a Rollback thrown inside becomes the callback's error. */
  async function write<E>(projectId: number, body: (tx: SqlSession) => Promise<WriteResult<E>>): Promise<WriteResult<E>> {
    try {
      return await database.transaction(async (tx) => {
        await tx.all(`SELECT id FROM projects WHERE id = ?${lockRow}`, [projectId]);
        return body(tx);
      });
    } catch (caught) {
      if (caught instanceof Rollback) return { ok: false, error: caught.error as E };
      throw caught;
    }
  }

  async function decide<E>(tx: SqlSession, projectId: number, decided: Decided<E>): Promise<StoredAction> {
    const decision = await decided;
    if (!decision.ok) throw new Rollback(decision.error);
    await save(tx, projectId, decision.action);
    return decision.action;
  }

  return {
    database,
    async projectExists(projectId) {
      if (knownProjects.has(projectId)) return true;
      const found = (await database.all('SELECT 1 AS found FROM projects WHERE id = ?', [projectId])).length > 0;
      if (found) knownProjects.add(projectId);
      return found;
    },
    async ensureProject(projectId) {
      await database.run('INSERT INTO projects (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [projectId, new Date().toISOString()]);
    },
    async listProjects() {
      return (await database.all<{ id: number }>('SELECT id FROM projects ORDER BY id')).map((row) => row.id);
    },
    async list(projectId: number, query: ListQuery): Promise<ListPage> {
      const pattern = query.search === undefined || query.search === '' ? null : containsPattern(query.search);
      const where = [projectId, pattern, pattern];
      const rows = await database.all<{ total: number; body: string | null }>(LIST, [...where, ...where, query.limit, query.offset]);
      return {
        count: rows[0]?.total ?? 0,
        results: rows.flatMap((row) => (row.body === null ? [] : [parseAction({ body: row.body })])),
      };
    },
    async listAll(projectId) {
      return (await database.all<BodyRow>('SELECT body FROM actions WHERE project_id = ? ORDER BY id', [projectId])).map(parseAction);
    },
    async get(projectId, id) {
      const [row] = await database.all<BodyRow>('SELECT body FROM actions WHERE project_id = ? AND id = ?', [projectId, id]);
      return row === undefined ? null : parseAction(row);
    },
    async getMany(projectId, ids) {
      if (ids.length === 0) return [];
      const sql = `SELECT body FROM actions WHERE project_id = ? AND id IN (${database.dialect.integersOfJson}) ORDER BY id`;
      return (await database.all<BodyRow>(sql, [projectId, JSON.stringify(ids)])).map(parseAction);
    },
    create<E>(projectId: number, build: (id: number, context: WriteContext) => Decided<E>) {
      return write<E>(projectId, async (tx) => {
        // A placeholder row reserves the id; it is marked deleted so it never meets the unique index.
        const [reserved] = await tx.all<{ id: number }>("INSERT INTO actions (project_id, name, deleted, body) VALUES (?, '', ?, '{}') RETURNING id", [projectId, true]);
        const id = (reserved as { id: number }).id;
        return { ok: true, action: await decide(tx, projectId, build(id, contextFor(tx, projectId))), previous: null };
      });
    },
    update<E>(projectId: number, id: number, change: (current: StoredAction, context: WriteContext) => Decided<E>) {
      return write<E>(projectId, async (tx) => {
        const [row] = await tx.all<BodyRow>('SELECT body FROM actions WHERE project_id = ? AND id = ?', [projectId, id]);
        if (row === undefined) return { ok: false, missing: true };
        const previous = parseAction(row);
        return { ok: true, action: await decide(tx, projectId, change(previous, contextFor(tx, projectId))), previous };
      });
    },
    externalVersion: () => signal.externalVersion(),
    async close() {
      await signal.close();
      await database.close();
    },
  };
}
