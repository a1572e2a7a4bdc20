// Reading PostHog's own `posthog_action` table. The layout read is PostHog's since migration
// 0409 (May 2024), when the steps moved from the `posthog_actionstep` table into the
// `steps_json` column; `updated_at` (Django's auto_now) marks each save, soft deletes set
// `deleted`. Columns added later (pinned_at, 2024) or that an install may lack are read when
// present. Rows become the objects PostHog's Actions API serves, so that they load like any
// other action; `team_id` is kept (PostHog's project of an action is its team's).

/** Runs one read-only query. */
export type ReadQuery = <R extends object>(sql: string, params?: readonly unknown[]) => Promise<R[]>;

/** One row as read: the API object, and what following changes needs. */
export interface PosthogActionRow {
  readonly id: number;
  readonly team_id: number | null;
  readonly deleted: boolean;
  /** updated_at as PostgreSQL text with microseconds, UTC: the watermark of the next poll. */
  readonly updated: string;
  readonly action: Record<string, unknown>;
}

export interface PosthogActionsTable {
  /** Live rows of one team (or all), by id. */
  live(projectId?: number): Promise<PosthogActionRow[]>;
  /** Every row, deleted ones too, updated at or after `since` (updated_at text) minus `overlapMs`. */
  changedSince(since: string, overlapMs: number, projectId?: number): Promise<PosthogActionRow[]>;
  /** How many live rows one team (or all) has. */
  countLive(projectId?: number): Promise<number>;
}

const TABLE = 'posthog_action';
const REQUIRED = ['id', 'team_id', 'name', 'deleted', 'steps_json', 'updated_at'];
const isoText = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
// Read when the column exists, else the value PostHog's model gives a new row.
const OPTIONAL: Readonly<Record<string, { select: string; absent: string }>> = {
  description: { select: 'description', absent: "''" },
  post_to_slack: { select: 'post_to_slack', absent: 'false' },
  slack_message_format: { select: 'slack_message_format', absent: "''" },
  created_at: { select: isoText('created_at'), absent: 'NULL' },
  is_calculating: { select: 'is_calculating', absent: 'false' },
  last_calculated_at: { select: isoText('last_calculated_at'), absent: 'NULL' },
  bytecode_error: { select: 'bytecode_error', absent: 'NULL' },
  pinned_at: { select: isoText('pinned_at'), absent: 'NULL' },
};

interface RawRow {
  id: number; team_id: number | null; name: string | null; deleted: boolean; steps_json: unknown; updated: string;
  description: string; post_to_slack: boolean; slack_message_format: string; created_at: string | null;
  is_calculating: boolean; last_calculated_at: string | null; bytecode_error: string | null; pinned_at: string | null;
}

/** Python's isoformat leaves out a zero fraction; DRF serves what it gives. */
function drfTime(text: string | null): string | null {
  return text === null ? null : text.replace(/\.000000Z$/, 'Z');
}

function toApiAction(row: RawRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: [],
    post_to_slack: row.post_to_slack,
    slack_message_format: row.slack_message_format,
    steps: row.steps_json ?? [],
    created_at: drfTime(row.created_at),
    // The API serves the creator's user object; the table holds only its id.
    created_by: null,
    deleted: row.deleted,
    is_calculating: row.is_calculating,
    last_calculated_at: drfTime(row.last_calculated_at),
    team_id: row.team_id,
    is_action: true,
    bytecode_error: row.bytecode_error,
    pinned_at: drfTime(row.pinned_at),
  };
}

/** Explains a table that is missing or older than the layout read. */
function layoutProblem(columns: ReadonlySet<string>): string | null {
  if (columns.size === 0) return `there is no table ${TABLE} here (in the schemas of the search_path): is this PostHog's database?`;
  if (!columns.has('steps_json')) {
    return `${TABLE} has no steps_json column: this PostHog predates migration 0409 (May 2024), which moved the steps from posthog_actionstep into ${TABLE}; upgrade it, or read its actions through the API (--from-posthog)`;
  }
  const missing = REQUIRED.filter((column) => !columns.has(column));
  return missing.length === 0 ? null : `${TABLE} has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: not the layout of PostHog's actions table`;
}

/** Checks the table's layout and returns its reader. Rejects, saying why, on a table it cannot read. */
export async function openPosthogActionsTable(query: ReadQuery): Promise<PosthogActionsTable> {
  const found = await query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = ANY (current_schemas(false))',
    [TABLE],
  );
  const columns = new Set(found.map((row) => row.column_name));
  const problem = layoutProblem(columns);
  if (problem !== null) throw new Error(problem);
  const optional = Object.entries(OPTIONAL).map(([name, { select, absent }]) => `${columns.has(name) ? select : absent} AS ${name}`);
  const select = `SELECT id, team_id, name, deleted, steps_json,
    to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US"+00"') AS updated, ${optional.join(', ')} FROM ${TABLE}`;
  const toRow = (raw: RawRow): PosthogActionRow => ({ id: raw.id, team_id: raw.team_id, deleted: raw.deleted, updated: raw.updated, action: toApiAction(raw) });
  // `$n IS NULL OR team_id = $n`: one statement for one team and for all.
  return {
    async live(projectId) {
      return (await query<RawRow>(`${select} WHERE NOT deleted AND ($1::bigint IS NULL OR team_id = $1) ORDER BY id`, [projectId ?? null])).map(toRow);
    },
    async changedSince(since, overlapMs, projectId) {
      const rows = await query<RawRow>(
        `${select} WHERE updated_at >= $1::timestamptz - $2 * interval '1 millisecond' AND ($3::bigint IS NULL OR team_id = $3) ORDER BY updated_at, id`,
        [since, overlapMs, projectId ?? null],
      );
      return rows.map(toRow);
    },
    async countLive(projectId) {
      const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE} WHERE NOT deleted AND ($1::bigint IS NULL OR team_id = $1)`, [projectId ?? null]);
      return row?.n ?? 0;
    },
  };
}
