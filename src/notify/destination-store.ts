// Storage for destinations and for each project's incoming webhook URL (the setting legacy
// `post_to_slack` notifications go to). Owns the `destinations` and `project_settings` tables.
import type Database from 'better-sqlite3';
import { destinationWantsAction, type Destination } from './destination.js';
import { isWebhookUrl } from './webhook-url.js';

export interface DestinationStore {
  /** Inserts or replaces `destination` in `projectId`. */
  saveDestination(projectId: number | string, destination: Destination): void;
  /** The project's destinations, oldest first (deleted ones only when asked). */
  listDestinations(projectId: number | string, options?: { includeDeleted?: boolean }): Destination[];
  getDestination(projectId: number | string, id: string): Destination | null;
  /** The enabled, non-deleted destinations whose filters name action `actionId`. */
  destinationsForAction(projectId: number | string, actionId: number): Destination[];
  /** The project's incoming webhook URL, or null when none is set. */
  getWebhookUrl(projectId: number | string): string | null;
  /** Sets (or with null, clears) the project's incoming webhook URL. */
  setWebhookUrl(projectId: number | string, url: string | null): void;
}

const SCHEMA = `
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
`;

/** Opens the store on `db`, creating its tables when missing. */
export function openDestinationStore(db: Database.Database): DestinationStore {
  db.exec(SCHEMA);
  const upsert = db.prepare(`INSERT INTO destinations (id, project_id, created_at, data) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, data = excluded.data`);
  const selectAll = db.prepare('SELECT data FROM destinations WHERE project_id = ? ORDER BY created_at, rowid');
  const selectOne = db.prepare('SELECT data FROM destinations WHERE project_id = ? AND id = ?');
  const selectUrl = db.prepare('SELECT webhook_url FROM project_settings WHERE project_id = ?');
  const upsertUrl = db.prepare(`INSERT INTO project_settings (project_id, webhook_url) VALUES (?, ?)
    ON CONFLICT (project_id) DO UPDATE SET webhook_url = excluded.webhook_url`);

  const list = (projectId: number | string): Destination[] =>
    (selectAll.all(String(projectId)) as Array<{ data: string }>).map((row) => JSON.parse(row.data) as Destination);

  return {
    saveDestination(projectId, destination) {
      upsert.run(destination.id, String(projectId), destination.created_at, JSON.stringify(destination));
    },
    listDestinations(projectId, options = {}) {
      const all = list(projectId);
      return options.includeDeleted === true ? all : all.filter((destination) => !destination.deleted);
    },
    getDestination(projectId, id) {
      const row = selectOne.get(String(projectId), id) as { data: string } | undefined;
      return row === undefined ? null : (JSON.parse(row.data) as Destination);
    },
    destinationsForAction(projectId, actionId) {
      return list(projectId).filter((destination) => destinationWantsAction(destination, actionId));
    },
    getWebhookUrl(projectId) {
      const row = selectUrl.get(String(projectId)) as { webhook_url: string | null } | undefined;
      return row?.webhook_url || null;
    },
    setWebhookUrl(projectId, url) {
      if (url !== null && (typeof url !== 'string' || !isWebhookUrl(url))) {
        throw new TypeError(`setWebhookUrl: the webhook URL must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
      }
      upsertUrl.run(String(projectId), url);
    },
  };
}
