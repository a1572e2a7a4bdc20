// `match --from-postgres URL --project N`: the live actions of PostHog project (team) N, read
// from PostHog's own database (source/posthog-postgres-source.ts). The actions come first and
// --actions files layer over them, as with --from-posthog.
import { isPostgresUrl } from '../store/postgres-errors.js';
import { openPosthogSource } from '../source/posthog-postgres-source.js';
import { UsageError } from './usage-error.js';

/** Where `--from-postgres` reads actions from. */
export interface PostgresSource {
  readonly url: string;
  readonly projectId: number;
}

/** `--from-postgres URL --project N`; null when --from-postgres is not given. */
export function readPostgresSource(url: string | undefined, project: string | undefined, fromPosthog: string | undefined): PostgresSource | null {
  if (url === undefined) return null;
  if (fromPosthog !== undefined) throw new UsageError('--from-postgres and --from-posthog cannot be combined: read the actions from one place');
  if (!isPostgresUrl(url)) throw new UsageError(`--from-postgres needs a postgres:// URL of PostHog's database, got ${JSON.stringify(url)}`);
  if (project === undefined) throw new UsageError('--from-postgres needs --project N (the id of the project, PostHog\'s team id, whose actions to read)');
  if (!/^[1-9]\d{0,14}$/.test(project)) throw new UsageError(`--project must be a project id (a positive integer) with --from-postgres, got ${JSON.stringify(project)}`);
  return { url, projectId: Number(project) };
}

/** Reads the project's live actions; a database that cannot be read is a usage error naming what failed. */
export async function fetchPostgresActions(source: PostgresSource, warn: (line: string) => void): Promise<{ file: string; input: unknown }> {
  let opened;
  try {
    opened = await openPosthogSource(source.url, { onError: () => undefined });
  } catch (error) {
    throw new UsageError(`--from-postgres: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const loaded = await opened.load(source.projectId);
    for (const problem of loaded.problems) warn(`actionmatch: ${opened.description}: ${problem.message}`);
    if (loaded.actions.length === 0) warn(`actionmatch: ${opened.description}: project ${source.projectId} has no live actions`);
    return { file: opened.description, input: loaded.actions };
  } finally {
    await opened.close();
  }
}
