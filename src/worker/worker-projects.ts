// The projects of a worker, opened from a plain description of where their actions come from.
// The description is data (no connection, no function), so that every matching thread of a
// worker process (`--threads N`) opens the same source itself from its workerData, and the main
// thread opens it the same way: each holds its own matchers over the same actions.
import { createProjectMatchers, type ProjectMatchers } from '../projects/project-matchers.js';
import type { ProjectActionsSource } from '../projects/project-source.js';
import type { WorkerLog } from './worker-log.js';

/** Where a worker reads its projects' actions from. */
export type WorkerSourceSpec =
  /** Action files (each action carrying its `team_id`), already expanded from globs. */
  | { readonly kind: 'files'; readonly paths: readonly string[] }
  /** The Actions API of PostHog (or `actionmatch serve`), per project. */
  | { readonly kind: 'posthog'; readonly host: string; readonly apiKey: string }
  /** PostHog's own PostgreSQL database. */
  | { readonly kind: 'postgres'; readonly url: string };

/** How the projects are held: the same for every thread. */
export interface WorkerProjectSettings {
  readonly maxProjects: number;
  readonly idleMs: number;
  /** Poll interval (ms) when given: for files their own re-read, for the others each project's. */
  readonly pollMs?: number | undefined;
}

/** What a set of project matchers holds, for /metrics. */
export interface ProjectCounts {
  readonly projects: number;
  readonly actions: number;
}

export function countsOf(projects: ProjectMatchers): ProjectCounts {
  const { projects: held, actions } = projects.stats();
  return { projects: held, actions };
}

/** Opens the source `spec` describes; a failure here (an unreachable database) rejects. */
export async function openWorkerSource(spec: WorkerSourceSpec, settings: WorkerProjectSettings, log: WorkerLog): Promise<ProjectActionsSource> {
  const { pollMs } = settings;
  switch (spec.kind) {
    case 'files': {
      const { fromActionFiles } = await import('../projects/file-projects.js');
      return fromActionFiles(spec.paths, { ...(pollMs === undefined ? {} : { intervalMs: pollMs }), onProblem: (file, problem) => log.warn('actions file entry left out', { file, problem: problem.message }) });
    }
    case 'posthog': {
      const { fromActionsApi } = await import('../projects/api-projects.js');
      return fromActionsApi({ host: spec.host, apiKey: spec.apiKey, onRetry: (notice) => log.warn('actions API request failed, retrying', { error: notice.error.message, retry: notice.retry, retry_in_ms: notice.delayMs }) });
    }
    case 'postgres': {
      const { openPosthogSource } = await import('../source/posthog-postgres-source.js');
      const { fromActionSource } = await import('../projects/database-projects.js');
      const opened = await openPosthogSource(spec.url, { onError: (error) => log.warn("reading PostHog's actions failed", { error: error instanceof Error ? error.message : String(error) }) });
      return fromActionSource(opened, pollMs === undefined ? {} : { intervalMs: pollMs });
    }
  }
}

/** The project matchers over `source`, logging loads and failed refreshes to `log`. */
export function openWorkerProjects(source: ProjectActionsSource, spec: WorkerSourceSpec, settings: WorkerProjectSettings, log: WorkerLog): ProjectMatchers {
  return createProjectMatchers({
    source,
    maxProjects: settings.maxProjects,
    idleMs: settings.idleMs,
    // Files follow their changes themselves (their own poll); the others are polled per project.
    ...(settings.pollMs !== undefined && spec.kind !== 'files' ? { pollIntervalMs: settings.pollMs } : {}),
    onError: (error, team) => log.warn("reading a project's actions failed; its last good set stays in use", { team_id: team, error: error instanceof Error ? error.message : String(error) }),
    onLoad: (team, actions, first) => log.info(first ? 'project loaded' : 'project actions changed', { team_id: team, actions }),
  });
}
