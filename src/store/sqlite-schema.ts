// The SQLite schema and its migrations. `PRAGMA user_version` records how many migrations a
// file has had; each runs once, inside a write transaction, so two processes opening a new file
// at the same moment cannot both apply it. The PostgreSQL schema (postgres-schema.ts) holds the
// same tables; the two are kept in step.
import type Database from 'better-sqlite3';

/** Migration N (1-based) brings a file from user_version N-1 to N. Append only. */
const migrations: readonly string[] = [
  `CREATE TABLE projects (
     id INTEGER PRIMARY KEY,
     created_at TEXT NOT NULL
   );
   CREATE TABLE actions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project_id INTEGER NOT NULL REFERENCES projects(id),
     name TEXT NOT NULL,
     deleted INTEGER NOT NULL DEFAULT 0,
     last_calculated_at TEXT,
     body TEXT NOT NULL
   );
   CREATE INDEX actions_by_project ON actions(project_id, deleted, last_calculated_at, name);
   -- PostHog's rule as a constraint: no two live actions of a project share a name.
   CREATE UNIQUE INDEX actions_live_name ON actions(project_id, name) WHERE deleted = 0;`,
  // A counter of action writes, so that a process sharing the file can tell a change to the
  // actions (reload the matchers) from other writes such as webhook deliveries (nothing to do).
  `CREATE TABLE action_writes (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     version INTEGER NOT NULL
   );
   INSERT INTO action_writes (id, version) VALUES (1, 0);`,
  // The notification tables, once created when the outbox was opened (hence IF NOT EXISTS), and
  // the name as search compares it: folded by JavaScript's toLowerCase when written, so that
  // search folds the same way in every database (SQL lower() folds by the database's locale).
  `CREATE TABLE IF NOT EXISTS webhook_outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     idempotency_key TEXT NOT NULL UNIQUE,
     event_uuid TEXT NOT NULL,
     destination_key TEXT NOT NULL,
     project_id TEXT,
     action_id INTEGER,
     url TEXT NOT NULL,
     method TEXT NOT NULL,
     headers TEXT NOT NULL,
     body TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'delivered', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     claim_token TEXT,
     last_status INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL,
     delivered_at INTEGER
   );
   CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE status IN ('pending', 'in_flight');
   CREATE TABLE IF NOT EXISTS destinations (
     id TEXT PRIMARY KEY,
     project_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS destinations_project ON destinations (project_id, created_at);
   CREATE TABLE IF NOT EXISTS project_settings (
     project_id TEXT PRIMARY KEY,
     webhook_url TEXT
   );
   ALTER TABLE actions ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
   UPDATE actions SET name_folded = fold_case(name);`,
];

export const SCHEMA_VERSION = migrations.length;

/** The refusal of a database written by a newer actionmatch; the same text for every database. */
export function newerSchemaMessage(found: number, supported: number): string {
  return `the database has schema version ${found}, newer than this actionmatch supports (${supported})`;
}

/**
 * Applies the migrations the file has not had yet. Throws when the file is newer than us. The
 * connection must have the `fold_case` function (sqlite-database.ts registers it).
 */
export function migrateSchema(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true });
    const version = typeof current === 'number' ? current : 0;
    if (version > SCHEMA_VERSION) throw new Error(newerSchemaMessage(version, SCHEMA_VERSION));
    for (let step = version; step < SCHEMA_VERSION; step += 1) {
      db.exec(migrations[step] as string);
    }
    if (version !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
