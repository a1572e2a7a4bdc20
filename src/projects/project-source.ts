// Where a multi-project matcher reads each project's actions. One interface over every place
// actions live (files, the Actions API, PostHog's database), so the registry that holds the
// matchers never knows which: it asks for one project's live actions when that project is first
// seen or is due a refresh, and a source that can see changes itself tells it which projects to
// reload.

/** Projects whose actions changed; `'all'` when the source cannot say which. */
export type ChangedProjects = readonly number[] | 'all';

export interface ProjectActionsSource {
  /** What the source reads, for log lines and errors (no secrets). */
  readonly description: string;
  /**
   * The live actions of project `teamId` (deleted ones left out), in any shape createMatcher
   * takes. A project with no actions resolves with an empty list. Rejects when the source
   * cannot be read; the registry keeps the last good set of a project it already holds.
   */
  load(teamId: number): Promise<readonly unknown[]>;
  /**
   * Follows changes, when the source can see them (a database table, files on disk): calls
   * `onChange` with the projects to reload. Returns the function that stops following. A
   * source without it is refreshed by polling each project it holds.
   */
  follow?(onChange: (changed: ChangedProjects) => void, onError: (error: unknown) => void): () => void;
  /** Releases connections. */
  close?(): Promise<void>;
}
