// Reading actions from PostHog's own database (a posthog_action table reproduced from PostHog's
// model): one team or all, soft-deleted rows skipped, team_id kept, PostHog's stored steps
// matched as PostHog matches them; following changes by polling updated_at and on a NOTIFY;
// tables it cannot read explained; and `match --from-postgres` end to end.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matcher/create-matcher.js';
import type { ActionSource, SourceChange } from '../../src/source/action-source.js';
import { openPosthogSource } from '../../src/source/posthog-postgres-source.js';
import { watchActionSource } from '../../src/source/watch-source.js';
import { eventually } from '../helpers/eventually.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { createTempDir } from '../server/server-fixture.js';
import { createPosthogDb, type PosthogDb } from './posthog-schema.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function posthog(): Promise<{ db: PosthogDb; url: string }> {
  const url = await createTestDatabase();
  const db = await createPosthogDb(url);
  cleanups.push(() => db.close());
  return { db, url };
}

async function source(url: string, options: Parameters<typeof openPosthogSource>[1] = {}): Promise<ActionSource> {
  const opened = await openPosthogSource(url, options);
  cleanups.push(() => opened.close());
  return opened;
}

const pricing = [{ event: '$pageview', url: '/pricing', url_matching: 'contains' }];

describe('load', () => {
  it('reads the live actions of one team, or of all, as the API serves them, team_id kept', async () => {
    const { db, url } = await posthog();
    const first = await db.insertAction(1, 'Pricing', pricing);
    await db.insertAction(1, 'Gone', [{ event: 'gone' }], { deleted: true });
    const other = await db.insertAction(2, 'Signed up', [{ event: 'signed_up', properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'event' }] }]);
    const read = await source(url);
    const one = await read.load(1);
    expect(one.problems).toEqual([]);
    expect(one.actions.map((action) => [action.id, action.name, action.team_id])).toEqual([[first, 'Pricing', 1]]);
    expect(Object.keys(one.actions[0] ?? {})).toEqual([
      'id', 'name', 'description', 'tags', 'post_to_slack', 'slack_message_format', 'steps', 'created_at', 'created_by', 'deleted',
      'is_calculating', 'last_calculated_at', 'team_id', 'is_action', 'bytecode_error', 'pinned_at',
    ]);
    expect(one.actions[0]?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    expect((await read.load()).actions.map((action) => [action.id, action.team_id])).toEqual([[first, 1], [other, 2]]);
    expect((await read.load(3)).actions).toEqual([]);
    expect(read.description).toBe(`${url} posthog_action`);
  });

  it('the steps as PostHog stores them match as PostHog matches them', async () => {
    const { db, url } = await posthog();
    const viewed = await db.insertAction(1, 'Pricing', pricing);
    const pro = await db.insertAction(1, 'Pro', [{ event: 'signed_up', properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'event' }] }]);
    const matcher = createMatcher((await (await source(url)).load(1)).actions);
    expect(matcher.errors).toEqual([]);
    expect(matcher.match({ event: '$pageview', properties: { $current_url: 'https://example.com/pricing' } })).toEqual([viewed]);
    expect(matcher.match({ event: 'signed_up', properties: { plan: 'pro' } })).toEqual([pro]);
    expect(matcher.match({ event: 'signed_up', properties: { plan: 'free' } })).toEqual([]);
  });

  it('explains a database without PostHog’s table, and a table older than steps_json', async () => {
    const empty = await createTestDatabase();
    await expect(openPosthogSource(empty)).rejects.toThrow(`cannot read actions from ${empty}: there is no table posthog_action here (in the schemas of the search_path): is this PostHog's database?`);
    const { db, url } = await posthog();
    await db.client.query('ALTER TABLE posthog_action DROP COLUMN steps_json');
    await expect(openPosthogSource(url)).rejects.toThrow('posthog_action has no steps_json column: this PostHog predates migration 0409 (May 2024)');
  });

  it('holds at most poolSize connections, however many loads run at once', async () => {
    const { db, url } = await posthog();
    await db.insertAction(1, 'Pricing', pricing);
    const read = await source(url, { poolSize: 1 });
    const loads = await Promise.all(Array.from({ length: 8 }, () => read.load(1)));
    expect(loads.every((loaded) => loaded.actions.length === 1)).toBe(true);
    const rows = await db.client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'actionmatch source'");
    expect((rows.rows[0] as { n: number }).n).toBe(1);
  });
});

describe('watch', () => {
  it('follows creates, changes, soft and hard deletes by polling updated_at', async () => {
    const { db, url } = await posthog();
    const kept = await db.insertAction(1, 'Kept', [{ event: 'kept' }]);
    const renamed = await db.insertAction(1, 'Old name', [{ event: 'renamed' }]);
    const softDeleted = await db.insertAction(1, 'Soft', [{ event: 'soft' }]);
    const hardDeleted = await db.insertAction(1, 'Hard', [{ event: 'hard' }]);
    await db.insertAction(2, 'Other team', [{ event: 'kept' }]);
    const changes: SourceChange[] = [];
    const read = await source(url, { fullReloadMs: 60_000 });
    const watcher = read.watch({ projectId: 1, intervalMs: 30, onChange: (change) => changes.push(change) });
    cleanups.push(() => watcher.stop());
    expect((await watcher.ready).actions.map((action) => action.id)).toEqual([kept, renamed, softDeleted, hardDeleted]);

    await db.saveAction(renamed, { name: 'New name' });
    await db.saveAction(softDeleted, { deleted: true });
    const created = await db.insertAction(1, 'Created', [{ event: 'created' }]);
    await db.saveAction(kept, {}); // saved without a change: no change reported
    await eventually(() => changes.flatMap((change) => change.upserted).some((action) => action.id === created), 'the create');
    await db.client.query('DELETE FROM posthog_action WHERE id = $1', [hardDeleted]);
    await eventually(() => changes.flatMap((change) => change.removed).some((gone) => gone.id === hardDeleted), 'the hard delete');

    const upserted = changes.flatMap((change) => change.upserted.map((action) => [action.id, action.name]));
    expect(upserted).toEqual([[renamed, 'New name'], [created, 'Created']]);
    expect(changes.flatMap((change) => change.removed)).toEqual([{ id: softDeleted, team_id: 1 }, { id: hardDeleted, team_id: 1 }]);
    expect(watcher.lastError).toBeNull();
  });

  it('keeps a matcher current (watchActionSource), at once on a NOTIFY where a trigger sends one', async () => {
    const { db, url } = await posthog();
    await db.client.query(`
      CREATE FUNCTION notify_action_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('posthog_action_changed', ''); RETURN NULL; END $$;
      CREATE TRIGGER posthog_action_changed AFTER INSERT OR UPDATE OR DELETE ON posthog_action
      FOR EACH STATEMENT EXECUTE FUNCTION notify_action_change();`);
    const first = await db.insertAction(1, 'First', [{ event: 'first' }]);
    const read = await source(url, { channel: 'posthog_action_changed' });
    // An interval far beyond the test: only the notification can bring the change in time.
    const watcher = watchActionSource(read, { projectId: 1, intervalMs: 600_000 });
    cleanups.push(() => watcher.stop());
    await watcher.ready;
    expect(watcher.match({ event: 'first' })).toEqual([first]);
    const second = await db.insertAction(1, 'Second', [{ event: 'second' }]);
    await db.saveAction(first, { deleted: true });
    await eventually(() => watcher.match({ event: 'second' })[0] === second && watcher.match({ event: 'first' }).length === 0, 'the notified changes', 5000);
    expect(watcher.lastSync?.result.actions.map((action) => action.id)).toEqual([second]);
  });

  it('rejects bad options at once', async () => {
    const { url } = await posthog();
    const read = await source(url);
    expect(() => read.watch({ intervalMs: 0 })).toThrow('intervalMs must be a positive number of milliseconds, got 0');
    expect(() => read.watch({ projectId: 1.5 })).toThrow('projectId must be an integer (a team id), got 1.5');
  });
});

describe('actionmatch match --from-postgres', () => {
  const cliMain = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cliMain, 'match', ...args], { encoding: 'utf8' });

  it('matches events against the project’s live actions read from PostHog’s database', async () => {
    const { db, url } = await posthog();
    const viewed = await db.insertAction(1, 'Pricing', pricing);
    await db.insertAction(1, 'Deleted', pricing, { deleted: true });
    await db.insertAction(2, 'Other team', pricing);
    const events = join(createTempDir(), 'events.ndjson');
    writeFileSync(events, `${JSON.stringify({ uuid: 'e1', event: '$pageview', properties: { $current_url: 'https://x.io/pricing' } })}\n${JSON.stringify({ uuid: 'e2', event: 'other' })}\n`);
    const result = run(['--from-postgres', url, '--project', '1', '--events', events]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`{"uuid":"e1","action_ids":[${viewed}]}\n{"uuid":"e2","action_ids":[]}\n`);
  });

  it.each([
    [['--from-postgres', 'postgres://x@127.0.0.1/db'], '--from-postgres needs --project N'],
    [['--from-postgres', 'http://x', '--project', '1'], '--from-postgres needs a postgres:// URL of PostHog\'s database, got "http://x"'],
    [['--from-postgres', 'postgres://x@127.0.0.1/db', '--project', '@current'], '--project must be a project id (a positive integer) with --from-postgres, got "@current"'],
    [['--from-postgres', 'postgres://x@127.0.0.1/db', '--from-posthog', 'http://h', '--project', '1'], '--from-postgres and --from-posthog cannot be combined'],
  ])('is a usage error: %j', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`actionmatch: ${message}`);
  });

  it('names the database it cannot read', async () => {
    const url = await createTestDatabase();
    const result = run(['--from-postgres', url, '--project', '1', '--events', '/dev/null']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`actionmatch: --from-postgres: cannot read actions from ${url}: there is no table posthog_action here (in the schemas of the search_path): is this PostHog's database?\n`);
  });
});
