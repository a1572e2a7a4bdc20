// An action source: where a pipeline reads the saved actions of one project or of all of them,
// and follows their changes, whatever holds them (PostHog's own database here; an API or a file
// could implement the same). A multi-project worker loads everything once, then applies each
// change to the project it names (`team_id`); a single-project user takes watchActionSource,
// which keeps one matcher current as watchActions does for the Actions API.
import type { LoadProblem } from '../action/load-actions.js';
import type { ActionPayload } from '../action/types.js';

/** The live actions a source holds (deleted ones skipped), each with its `team_id`, by ascending id. */
export interface SourceActions {
  readonly actions: ActionPayload[];
  /** Rows that are not actions (no integer id, say), as loadActions reports them. */
  readonly problems: LoadProblem[];
}

/** What changed since the previous look: actions to add or replace, and actions gone. */
export interface SourceChange {
  /** Created or changed live actions, with `team_id`. */
  readonly upserted: readonly ActionPayload[];
  /** Actions deleted (soft-deleted, or removed from the table) since, with the team they belonged to. */
  readonly removed: ReadonlyArray<{ readonly id: number; readonly team_id: number | null }>;
}

export interface SourceWatchOptions {
  /** One project (PostHog's team id); all projects when absent. */
  readonly projectId?: number;
  /** Time between the end of one look for changes and the start of the next, in ms (default 10 s). */
  readonly intervalMs?: number;
  /** Each interval is stretched or shrunk by up to this fraction at random (0 to 1; default 0.1). */
  readonly jitter?: number;
  /** Called with every change that is not empty, after the first load. */
  readonly onChange?: (change: SourceChange) => void;
  /** Called when a look fails (the next one tries again) or onChange throws. */
  readonly onError?: (error: unknown) => void;
  /** Stops the watcher when aborted. */
  readonly signal?: AbortSignal;
}

export interface SourceWatcher {
  /** Settles with the first load: what the source holds when watching starts. */
  readonly ready: Promise<SourceActions>;
  /** Looks for changes now (joining a look in progress); resolves with what changed. */
  refresh(): Promise<SourceChange>;
  /** Stops looking. Idempotent. */
  stop(): void;
  readonly stopped: boolean;
  /** When the last successful look finished (epoch ms), null before the first. */
  readonly lastSync: { readonly at: number } | null;
  /** The last failed look, cleared by the next success. */
  readonly lastError: { readonly at: number; readonly error: unknown } | null;
}

export interface ActionSource {
  /** What the source reads, for messages (`postgres://posthog@db/posthog posthog_action`); no password. */
  readonly description: string;
  /** The live actions of one project, or of every project when `projectId` is absent. */
  load(projectId?: number): Promise<SourceActions>;
  /** Follows the changes of one project or of all. Bad options throw a TypeError at once. */
  watch(options?: SourceWatchOptions): SourceWatcher;
  /** Stops every watcher and closes the connections. */
  close(): Promise<void>;
}
