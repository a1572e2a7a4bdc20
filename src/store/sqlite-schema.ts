// The SQLite schema and its migrations. `PRAGMA user_version` records how many migrations a
// file has had; each runs once, inside a write transaction, so two processes opening a new file
// at the same moment cannot both apply it.
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
];

export const SCHEMA_VERSION = migrations.length;

/** Applies the migrations the file has not had yet. Throws when the file is newer than us. */
export function migrateSchema(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true });
    const version = typeof current === 'number' ? current : 0;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${version}, newer than this actionmatch supports (${SCHEMA_VERSION})`);
    }
    for (let step = version; step < SCHEMA_VERSION; step += 1) {
      db.exec(migrations[step] as string);
    }
    if (version !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
