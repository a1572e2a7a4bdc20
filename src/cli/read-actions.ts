// Reading action definitions for the command-line tool: every `--actions` argument is a file,
// a glob (expanded with fast-glob) or '-' for stdin; each file is JSON in any shape the loader
// accepts. Files are merged by id and the later file wins, as a deploy that layers
// definitions would expect; duplicates are reported rather than silently resolved. Actions
// pulled from PostHog (`--from-posthog`) come first, so that files layer over them.
import { readFile } from 'node:fs/promises';
import fg from 'fast-glob';
import { loadActions } from '../index.js';
import { syncActions } from '../sync/sync-actions.js';
import { resolveSyncOptions } from '../sync/sync-options.js';
import type { StopRequest } from './shutdown.js';
import { findJsonErrorOffset, lineColumnOf, shortJsonMessage } from '../action/json-position.js';
import { readField } from './read-field.js';
import { UsageError } from './usage-error.js';

/** One action and the file it came from. */
export interface SourcedAction {
  readonly action: Record<string, unknown>;
  readonly id: number;
  readonly file: string;
}

export interface ReadActions {
  /** Actions merged by id across files, in first-seen order; `deleted: true` ones dropped. */
  readonly actions: SourcedAction[];
  /** Entries that are not actions at all (not an object, no integer id), prefixed with their file. */
  readonly rejected: string[];
  /** Ids defined more than once, within a file or across files, with which definition wins. */
  readonly duplicates: string[];
  /** The `deleted: true` actions left out of `actions` (explain still explains them). */
  readonly deleted: SourcedAction[];
}

/** Expands `patterns` into files, in argument order; each glob's matches are sorted for a stable order. */
export async function expandPatterns(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '-' || !fg.isDynamicPattern(pattern)) {
      files.push(pattern);
      continue;
    }
    const matched = await fg(pattern, { onlyFiles: true, dot: false });
    if (matched.length === 0) throw new UsageError(`no actions files match ${JSON.stringify(pattern)}`);
    files.push(...matched.sort());
  }
  return files;
}

/**
 * Reads, parses and merges every actions file, after the actions in `first` (those synced from
 * PostHog, labelled with their URL) when given. Unreadable or invalid files are usage errors.
 */
export async function readActions(patterns: readonly string[], first?: { readonly file: string; readonly input: unknown }): Promise<ReadActions> {
  const byId = new Map<number, SourcedAction>();
  const rejected: string[] = [];
  const duplicates: string[] = [];
  const sources: Array<{ file: string; read: () => Promise<unknown> }> = first === undefined ? [] : [{ file: first.file, read: () => Promise.resolve(first.input) }];
  for (const file of await expandPatterns(patterns)) sources.push({ file, read: () => readActionsFile(file) });
  for (const { file, read } of sources) {
    // Deleted entries are kept through the merge so that a later file deleting an action wins.
    const loaded = loadActions(await read(), { includeDeleted: true });
    for (const problem of loaded.problems) (problem.id === null ? rejected : duplicates).push(`${file}: ${problem.message}`);
    for (const action of loaded.actions) {
      const id = readField(action, 'id') as number;
      const earlier = byId.get(id);
      if (earlier !== undefined && earlier.file !== file) {
        duplicates.push(`duplicate action id ${id} in ${file} and ${earlier.file}; the one in ${file} wins`);
      }
      byId.set(id, { action: action as unknown as Record<string, unknown>, id, file });
    }
  }
  const merged = [...byId.values()];
  const actions = merged.filter((entry) => readField(entry.action, 'deleted') !== true);
  const deleted = merged.filter((entry) => readField(entry.action, 'deleted') === true);
  return { actions, rejected, duplicates, deleted };
}

/** Where `--from-posthog` pulls actions from. */
export interface PosthogSource {
  readonly host: string;
  readonly projectId: string;
  readonly apiKey: string;
}

/** The environment variable `--from-posthog` reads the personal API key from. */
export const API_KEY_VARIABLE = 'POSTHOG_PERSONAL_API_KEY';

/** `--from-posthog HOST --project N` and the key in the environment; null when neither flag is given. */
export function readPosthogSource(host: string | undefined, project: string | undefined, env: NodeJS.ProcessEnv): PosthogSource | null {
  if (host === undefined) {
    if (project !== undefined) throw new UsageError('--project applies only with --from-posthog HOST or --from-postgres URL');
    return null;
  }
  if (project === undefined) throw new UsageError('--from-posthog needs --project N (the id of the project to read actions from)');
  if (!/^[1-9]\d{0,15}$/.test(project) && project !== '@current') throw new UsageError(`--project must be a project id (a positive integer) or @current, got ${JSON.stringify(project)}`);
  const apiKey = (env[API_KEY_VARIABLE] ?? '').trim();
  if (apiKey === '') throw new UsageError(`--from-posthog needs a personal API key with the action:read scope in the environment variable ${API_KEY_VARIABLE}`);
  try {
    resolveSyncOptions({ host, projectId: project, apiKey });
  } catch (caught) {
    throw new UsageError(`--from-posthog: ${(caught as Error).message.replace(/^apiKey/, API_KEY_VARIABLE)}`);
  }
  return { host, projectId: project, apiKey };
}

/**
 * Pulls the project's live actions, reporting retries and entries that are not actions through
 * `warn`. A failure (401/403 with PostHog's detail, retries exhausted) rejects with a SyncError.
 */
export async function fetchPosthogActions(source: PosthogSource, warn: (line: string) => void, stop?: StopRequest): Promise<{ file: string; input: unknown }> {
  const controller = new AbortController();
  const unsubscribe = stop?.onStop(() => controller.abort(new Error(`stopped by ${stop.signal ?? 'a signal'} while fetching actions from ${source.host}`)));
  try {
    const synced = await syncActions({
      ...source,
      signal: controller.signal,
      onRetry: (notice) => warn(`actionmatch: ${notice.error.message}; retry ${notice.retry} of ${notice.retries} in ${(notice.delayMs / 1000).toFixed(1)} s`),
    });
    for (const problem of synced.problems) warn(`actionmatch: ${synced.url}: ${problem.message}`);
    return { file: synced.url, input: synced.actions };
  } finally {
    unsubscribe?.();
  }
}

/** Parses the JSON in `path` ('-' = standard input), naming line:column when it is not JSON. */
export async function readActionsFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (caught) {
    throw new UsageError(`cannot read actions file ${path}: ${(caught as NodeJS.ErrnoException).code ?? String(caught)}`);
  }
  // A byte order mark (editors on Windows write one) is not part of the JSON.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (caught) {
    const message = shortJsonMessage((caught as Error).message);
    const offset = findJsonErrorOffset(text);
    if (offset < 0) throw new UsageError(`actions file ${path} is not valid JSON: ${message}`);
    const { line, column } = lineColumnOf(text, offset);
    throw new UsageError(`actions file ${path} is not valid JSON at ${line}:${column}: ${message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
