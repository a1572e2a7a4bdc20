// Storage for destinations and for each project's incoming webhook URL (the setting legacy
// `post_to_slack` notifications go to), in the `destinations` and `project_settings` tables of
// the server's database (created by its migrations). The same store runs on a transaction
// (`within`), so that a destination saved by migrate commits with the action it comes from.
import type { SqlDatabase, SqlSession } from '../store/sql-database.js';
import { destinationWantsAction, type Destination } from './destination.js';
import { isWebhookUrl } from './webhook-url.js';

export interface DestinationStore {
  /** Inserts or replaces `destination` in `projectId`. */
  saveDestination(projectId: number | string, destination: Destination): Promise<void>;
  /** The project's destinations, oldest first (deleted ones only when asked). */
  listDestinations(projectId: number | string, options?: { includeDeleted?: boolean }): Promise<Destination[]>;
  getDestination(projectId: number | string, id: string): Promise<Destination | null>;
  /** The enabled, non-deleted destinations whose filters name action `actionId`. */
  destinationsForAction(projectId: number | string, actionId: number): Promise<Destination[]>;
  /** The project's incoming webhook URL, or null when none is set. */
  getWebhookUrl(projectId: number | string): Promise<string | null>;
  /** Sets (or with null, clears) the project's incoming webhook URL. */
  setWebhookUrl(projectId: number | string, url: string | null): Promise<void>;
  /** The same store, reading and writing inside the transaction `session`. */
  within(session: SqlSession): DestinationStore;
}

/** The store on `db`, whose migrations have created its tables. */
export function openDestinationStore(db: SqlDatabase): DestinationStore {
  const selectAll = `SELECT data FROM destinations WHERE project_id = ? ORDER BY created_at, ${db.dialect.insertionOrder}`;
  const storeOn = (session: SqlSession): DestinationStore => {
    const list = async (projectId: number | string): Promise<Destination[]> =>
      (await session.all<{ data: string }>(selectAll, [String(projectId)])).map((row) => JSON.parse(row.data) as Destination);
    return {
      async saveDestination(projectId, destination) {
        await session.run(
          `INSERT INTO destinations (id, project_id, created_at, data) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, data = excluded.data`,
          [destination.id, String(projectId), destination.created_at, JSON.stringify(destination)],
        );
      },
      async listDestinations(projectId, options = {}) {
        const all = await list(projectId);
        return options.includeDeleted === true ? all : all.filter((destination) => !destination.deleted);
      },
      async getDestination(projectId, id) {
        const [row] = await session.all<{ data: string }>('SELECT data FROM destinations WHERE project_id = ? AND id = ?', [String(projectId), id]);
        return row === undefined ? null : (JSON.parse(row.data) as Destination);
      },
      async destinationsForAction(projectId, actionId) {
        return (await list(projectId)).filter((destination) => destinationWantsAction(destination, actionId));
      },
      async getWebhookUrl(projectId) {
        const [row] = await session.all<{ webhook_url: string | null }>('SELECT webhook_url FROM project_settings WHERE project_id = ?', [String(projectId)]);
        return row?.webhook_url || null;
      },
      async setWebhookUrl(projectId, url) {
        if (url !== null && (typeof url !== 'string' || !isWebhookUrl(url))) {
          throw new TypeError(`setWebhookUrl: the webhook URL must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
        }
        await session.run(
          `INSERT INTO project_settings (project_id, webhook_url) VALUES (?, ?)
           ON CONFLICT (project_id) DO UPDATE SET webhook_url = excluded.webhook_url`,
          [String(projectId), url],
        );
      },
      within: storeOn,
    };
  };
  return storeOn(db);
}
