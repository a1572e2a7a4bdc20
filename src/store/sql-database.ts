// The seam between the stores (actions, outbox, destinations) and a SQL database: a session that
// runs statements, and a database that also runs transactions. The stores write their SQL once,
// in the subset SQLite and PostgreSQL share (`?` placeholders, ON CONFLICT, RETURNING, CAST);
// the few places where the two differ are named in the dialect.

/** A value bound to a placeholder. Booleans are stored as 1/0 where the database has no booleans. */
export type SqlValue = string | number | boolean | null;

/** A row as the database returns it, by column name. */
export type SqlRow = Record<string, unknown>;

export interface SqlSession {
  /** Runs a statement and returns its rows (none for a statement without RETURNING). */
  all<R extends object = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** What differs between the databases, as SQL fragments and names. */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Appended to the SELECT of the row a write transaction serialises on (its project). SQLite
   * needs nothing: BEGIN IMMEDIATE already holds the one write lock.
   */
  readonly lockRow: string;
  /** Appended to the SELECT that picks outbox rows to claim, so that concurrent claimers skip each other's rows. */
  readonly skipLocked: string;
  /** A column that orders a table's rows by insertion (SQLite's rowid; an identity column elsewhere). */
  readonly insertionOrder: string;
  /** A subquery of the integers in a JSON array bound to its one placeholder (`id IN (…)` with one parameter). */
  readonly integersOfJson: string;
}

export interface SqlDatabase extends SqlSession {
  readonly dialect: SqlDialect;
  /** Where the database is, for messages: a file path, or a URL without its password. */
  readonly location: string;
  /**
   * Runs `work` in one write transaction: committed when it resolves, rolled back when it
   * rejects (with its error). Statements inside run on `tx`, never on the database itself.
   */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Closes the database (every connection); further calls fail. Idempotent. */
  close(): Promise<void>;
}
