// PostHog's `posthog_action` table as its Django model and migrations define it today (the
// actions product's model: steps in steps_json since migration 0409, updated_at with auto_now,
// project_id since 0698), reproduced for the tests, with writes made the way Django makes them:
// every column given by the application, updated_at set on each save.
import * as pg from 'pg';

export const POSTHOG_LAYOUT = `
CREATE TABLE posthog_team (
  id serial PRIMARY KEY,
  name varchar(200) NOT NULL
);
CREATE TABLE posthog_action (
  id serial PRIMARY KEY,
  name varchar(400),
  description text NOT NULL,
  team_id integer NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
  project_id bigint,
  created_at timestamptz NOT NULL,
  created_by_id integer,
  deleted boolean NOT NULL,
  post_to_slack boolean NOT NULL,
  slack_message_format varchar(1200) NOT NULL,
  updated_at timestamptz NOT NULL,
  bytecode jsonb,
  bytecode_error text,
  steps_json jsonb,
  pinned_at timestamptz,
  summary text,
  last_summarized_at timestamptz,
  embedding_last_synced_at timestamptz,
  embedding_version smallint CHECK (embedding_version >= 0),
  is_calculating boolean NOT NULL,
  last_calculated_at timestamptz NOT NULL
);
CREATE INDEX posthog_act_team_id_8c04de_idx ON posthog_action (team_id, updated_at DESC);
`;

/** A step as PostHog's ActionStepJSON stores it: every key present, url_matching defaulting to contains. */
export function storedStep(step: Record<string, unknown>): Record<string, unknown> {
  return {
    tag_name: null, text: null, text_matching: null, href: null, href_matching: null, selector: null,
    url: null, url_matching: 'contains', event: null, properties: null, ...step,
  };
}

export interface PosthogDb {
  readonly client: pg.Client;
  /** Inserts an action as Action.save() does; resolves with its id. */
  insertAction(team: number, name: string | null, steps: Array<Record<string, unknown>>, extra?: { deleted?: boolean; post_to_slack?: boolean }): Promise<number>;
  /** Updates columns as Action.save() does (updated_at = now()). */
  saveAction(id: number, columns: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Creates the layout in the database at `url` with teams 1 and 2, and returns a writer. */
export async function createPosthogDb(url: string): Promise<PosthogDb> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(POSTHOG_LAYOUT);
  await client.query("INSERT INTO posthog_team (id, name) VALUES (1, 'Default project'), (2, 'Second')");
  return {
    client,
    async insertAction(team, name, steps, extra = {}) {
      const result = await client.query<{ id: number }>(
        `INSERT INTO posthog_action (name, description, team_id, project_id, created_at, created_by_id, deleted, post_to_slack,
           slack_message_format, updated_at, steps_json, is_calculating, last_calculated_at)
         VALUES ($1, '', $2, $6, now(), NULL, $3, $4, '', now(), $5, false, now()) RETURNING id`,
        [name, team, extra.deleted ?? false, extra.post_to_slack ?? false, JSON.stringify(steps.map(storedStep)), team],
      );
      return (result.rows[0] as { id: number }).id;
    },
    async saveAction(id, columns) {
      const names = Object.keys(columns);
      const sets = names.map((column, index) => `${column} = $${index + 2}`);
      const values = names.map((column) => (column === 'steps_json' ? JSON.stringify(columns[column]) : columns[column]));
      await client.query(`UPDATE posthog_action SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, [id, ...values]);
    },
    close: () => client.end(),
  };
}
