// The storage seam of the Actions API server: what the HTTP layer needs from a database, and
// nothing more. One implementation (sql-action-store.ts) serves SQLite, the embedded default,
// and PostgreSQL, for several servers on one database; another database can take their place
// by implementing this interface.
import type { SqlSession } from './sql-database.js';

/** An action as the API serves it: the whole object, stored as JSON. */
export type StoredAction = Record<string, unknown> & { readonly id: number };

export interface ListQuery {
  /** Case-insensitive substring of the name. */
  readonly search?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface ListPage {
  /** Live (not deleted) actions of the project matching `search`, before limit/offset. */
  readonly count: number;
  readonly results: StoredAction[];
}

/** What a write callback decides, given the current state read inside the transaction. */
export type WriteDecision<E> = { readonly ok: true; readonly action: StoredAction } | { readonly ok: false; readonly error: E };

/** A write's outcome: the stored action, or the callback's error, or `missing` (no such action). */
export type WriteResult<E> = { readonly ok: true; readonly action: StoredAction; readonly previous: StoredAction | null } | { readonly ok: false; readonly error: E } | { readonly ok: false; readonly missing: true };

/** Read access offered to a write callback: runs inside the write transaction. */
export interface WriteContext {
  /** The id of a live action of the project named `name` other than `exceptId`, else null. */
  findLiveByName(name: string, exceptId: number | null): Promise<number | null>;
  /**
   * The write transaction itself, for other writes that must commit (or roll back) with the
   * action: the notification stores bind to it (`destinations.within(session)`).
   */
  readonly session: SqlSession;
}

/** What a write callback returns: its decision, at once or once its reads are done. */
export type Decided<E> = WriteDecision<E> | Promise<WriteDecision<E>>;

export interface ActionStore {
  /** Whether the project exists. */
  projectExists(projectId: number): Promise<boolean>;
  /** Creates the project if it does not exist yet (idempotent). */
  ensureProject(projectId: number): Promise<void>;
  /** Ids of every project, ascending. */
  listProjects(): Promise<number[]>;
  /** One page of live actions, ordered as PostHog lists them. */
  list(projectId: number, query: ListQuery): Promise<ListPage>;
  /** Every action of the project, deleted ones too, by ascending id (to load a matcher). */
  listAll(projectId: number): Promise<StoredAction[]>;
  /** One action of the project, deleted or not; null when it does not exist. */
  get(projectId: number, id: number): Promise<StoredAction | null>;
  /** The project's actions with these ids (deleted or not) in one read, by ascending id; unknown ids are left out. */
  getMany(projectId: number, ids: readonly number[]): Promise<StoredAction[]>;
  /**
   * Creates an action in one write transaction: `build` receives the new id and decides
   * (validation that needs the current data, such as unique names, happens there). Writes to
   * one project are serialised, in this process and across processes sharing the database.
   */
  create<E>(projectId: number, build: (id: number, context: WriteContext) => Decided<E>): Promise<WriteResult<E>>;
  /** Updates an action in one write transaction; `change` receives the current object. */
  update<E>(projectId: number, id: number, change: (current: StoredAction, context: WriteContext) => Decided<E>): Promise<WriteResult<E>>;
  /**
   * A value that changes whenever another connection (another process on the same database)
   * commits a write to the actions — and only then: a cache keyed on it (the live matchers)
   * knows when to reload, and other writes (webhook deliveries) cost nothing.
   */
  externalVersion(): Promise<number>;
  /** Closes the database; further calls fail. */
  close(): Promise<void>;
}
