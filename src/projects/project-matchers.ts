// Many projects in one process: a matcher per project (PostHog's team), built on the project's
// first event from a ProjectActionsSource, kept current (the source's own change feed, or a poll
// per project, and reload() for a reload message), and bounded: at most `maxProjects` held, and
// a project unused for `idleMs` is dropped (it is read again on its next event). A project with
// no actions holds no matcher at all, so its events cost one map lookup.
import { createMatcher, type Matcher, type MatcherOptions } from '../matcher/create-matcher.js';
import { readInterval } from '../sync/watch-timing.js';
import type { ChangedProjects, ProjectActionsSource } from './project-source.js';

export interface ProjectMatchersOptions {
  readonly source: ProjectActionsSource;
  /** Projects held at most; past it the least recently used is dropped (default 10000). */
  readonly maxProjects?: number;
  /** A project without events for this long is dropped, in ms (default 15 minutes). */
  readonly idleMs?: number;
  /**
   * How often each project held is read again, in ms. Default: 60 s for a source that cannot
   * follow its changes (the Actions API), never for one that can (files, PostHog's database).
   */
  readonly pollIntervalMs?: number;
  /** Options for every matcher built. */
  readonly matcherOptions?: MatcherOptions;
  /** A refresh that failed (the project keeps its last good set), or a failure to follow the source. */
  readonly onError?: (error: unknown, teamId: number | null) => void;
  /** A project read from the source: first load (`first`) or a refresh that changed its set. */
  readonly onLoad?: (teamId: number, actions: number, first: boolean) => void;
  /** Clock, epoch ms (default Date.now). */
  readonly now?: () => number;
}

/** The matchers of the projects one batch needs: null for a project with no actions. */
export type ProjectSnapshot = ReadonlyMap<number, Matcher | null>;

export interface ProjectMatchers {
  /**
   * Makes sure `teamIds` are held, reading the ones that are not, and returns their matchers.
   * Rejects when a project's first read fails (naming the project); projects already held
   * never make it fail.
   */
  prepare(teamIds: Iterable<number>): Promise<ProjectSnapshot>;
  /** The ids `event` matches in project `teamId`, loading the project when needed. */
  match(teamId: number, event: unknown): Promise<number[]>;
  /** Reads project `teamId` again now if it is held (a project not held is read on its next event). */
  reload(teamId: number): Promise<void>;
  /** Drops the projects idle for `idleMs`; returns how many. Runs on its own every few seconds too. */
  evictIdle(): number;
  /** Projects held, and actions in them. */
  stats(): { readonly projects: number; readonly actions: number; readonly loads: number; readonly evictions: number };
  /** Stops timers and the source's change feed, and closes the source. */
  close(): Promise<void>;
}

interface Project {
  readonly teamId: number;
  matcher: Matcher | null;
  fingerprint: string;
  actions: number;
  lastUsed: number;
  nextRefresh: number;
  refreshing: Promise<void> | null;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (Number.isSafeInteger(value) && value > 0) return value;
  throw new TypeError(`createProjectMatchers: ${name} must be a positive integer, got ${String(value)}`);
}

/** Refreshes at once at most: a poll of thousands of projects must not open thousands of requests. */
const REFRESH_CONCURRENCY = 4;

/** Creates the registry. Bad options throw a TypeError at once. */
export function createProjectMatchers(options: ProjectMatchersOptions): ProjectMatchers {
  const { source } = options;
  if (source === null || typeof source !== 'object' || typeof source.load !== 'function') throw new TypeError('createProjectMatchers needs a source with load(teamId)');
  const maxProjects = positive('maxProjects', options.maxProjects, 10_000);
  const idleMs = readInterval(options.idleMs, 15 * 60_000);
  const followed = typeof source.follow === 'function';
  const pollMs = options.pollIntervalMs === undefined ? (followed ? null : 60_000) : readInterval(options.pollIntervalMs, 60_000);
  const matcherOptions = options.matcherOptions ?? {};
  createMatcher([], matcherOptions); // bad matcher options fail here, not at the first event
  const now = options.now ?? Date.now;
  const report = (error: unknown, teamId: number | null): void => {
    try {
      options.onError?.(error, teamId);
    } catch {
      // nowhere left to report
    }
  };

  const projects = new Map<number, Project>();
  const loading = new Map<number, Promise<Project>>();
  let loads = 0;
  let evictions = 0;
  let refreshesRunning = 0;
  let closed = false;

  const nextRefreshAt = (): number => (pollMs === null ? Number.POSITIVE_INFINITY : now() + pollMs * (0.9 + 0.2 * Math.random()));

  /** Builds (or keeps) the matcher from a fresh list; an unchanged list keeps its compiled programs. */
  function apply(project: Project, actions: readonly unknown[], first: boolean): void {
    const fingerprint = JSON.stringify(actions);
    if (!first && fingerprint === project.fingerprint) return;
    project.matcher = actions.length === 0 ? null : createMatcher(actions, matcherOptions);
    project.fingerprint = fingerprint;
    project.actions = actions.length;
    options.onLoad?.(project.teamId, actions.length, first);
  }

  function evictLeastRecent(): void {
    let oldest: Project | null = null;
    for (const project of projects.values()) if (oldest === null || project.lastUsed < oldest.lastUsed) oldest = project;
    if (oldest !== null) {
      projects.delete(oldest.teamId);
      evictions++;
    }
  }

  function loadNew(teamId: number): Promise<Project> {
    const pending = loading.get(teamId);
    if (pending !== undefined) return pending;
    const started = (async () => {
      let actions: readonly unknown[];
      try {
        actions = await source.load(teamId);
      } catch (error) {
        throw new Error(`project ${teamId}: cannot read its actions from ${source.description}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      const project: Project = { teamId, matcher: null, fingerprint: '', actions: 0, lastUsed: now(), nextRefresh: nextRefreshAt(), refreshing: null };
      apply(project, actions, true);
      loads++;
      while (projects.size >= maxProjects) evictLeastRecent();
      projects.set(teamId, project);
      return project;
    })().finally(() => loading.delete(teamId));
    loading.set(teamId, started);
    return started;
  }

  function refresh(project: Project): Promise<void> {
    project.refreshing ??= (async () => {
      refreshesRunning++;
      try {
        apply(project, await source.load(project.teamId), false);
      } catch (error) {
        report(error, project.teamId);
      } finally {
        refreshesRunning--;
        project.nextRefresh = nextRefreshAt();
        project.refreshing = null;
      }
    })();
    return project.refreshing;
  }

  function evictIdle(): number {
    const cutoff = now() - idleMs;
    let dropped = 0;
    for (const project of projects.values()) {
      if (project.lastUsed < cutoff) {
        projects.delete(project.teamId);
        dropped++;
      }
    }
    evictions += dropped;
    return dropped;
  }

  // One timer for every project: idle eviction and the refreshes that are due, a few at a time.
  const tick = setInterval(() => {
    evictIdle();
    if (pollMs === null) return;
    const due = now();
    for (const project of projects.values()) {
      if (refreshesRunning >= REFRESH_CONCURRENCY) break;
      if (project.refreshing === null && project.nextRefresh <= due) void refresh(project);
    }
  }, Math.min(1000, idleMs));
  tick.unref();

  const onChange = (changed: ChangedProjects): void => {
    const held = changed === 'all' ? [...projects.values()] : changed.flatMap((id) => projects.get(id) ?? []);
    for (const project of held) void refresh(project);
  };
  const unfollow = followed ? source.follow?.(onChange, (error) => report(error, null)) : undefined;

  async function prepare(teamIds: Iterable<number>): Promise<ProjectSnapshot> {
    const snapshot = new Map<number, Matcher | null>();
    const missing: Array<Promise<Project>> = [];
    const at = now();
    for (const teamId of teamIds) {
      if (snapshot.has(teamId)) continue;
      const project = projects.get(teamId);
      if (project !== undefined) {
        project.lastUsed = at;
        snapshot.set(teamId, project.matcher);
      } else {
        snapshot.set(teamId, null);
        missing.push(loadNew(teamId));
      }
    }
    // Every read settles before the first failure is reported, so none is left unobserved.
    const settled = await Promise.allSettled(missing);
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
      result.value.lastUsed = at;
      snapshot.set(result.value.teamId, result.value.matcher);
    }
    return snapshot;
  }

  return {
    prepare,
    async match(teamId, event) {
      const matcher = (await prepare([teamId])).get(teamId) ?? null;
      return matcher === null ? [] : matcher.match(event);
    },
    async reload(teamId) {
      const project = projects.get(teamId);
      if (project !== undefined) await refresh(project);
    },
    evictIdle,
    stats() {
      let actions = 0;
      for (const project of projects.values()) actions += project.actions;
      return { projects: projects.size, actions, loads, evictions };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(tick);
      unfollow?.();
      await source.close?.();
    },
  };
}
