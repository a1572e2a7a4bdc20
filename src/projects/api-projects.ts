// Projects from an Actions API: PostHog itself or `actionmatch serve`, through the sync client,
// one project per request. The API has no change feed, so the registry polls each project it
// holds; a reload message (PostHog's `reload-action` channel) makes it look at once.
import { syncActions } from '../sync/sync-actions.js';
import { resolveSyncOptions, type SyncOptions } from '../sync/sync-options.js';
import type { ProjectActionsSource } from './project-source.js';

export type ActionsApiOptions = Omit<SyncOptions, 'projectId' | 'signal'>;

/** A source reading each project's actions from `options.host` with a personal API key. */
export function fromActionsApi(options: ActionsApiOptions): ProjectActionsSource {
  // Checked now, with a project id that is always valid, so a bad host or key fails at start.
  resolveSyncOptions({ ...options, projectId: 1 });
  const controller = new AbortController();
  return {
    description: `the Actions API at ${options.host}`,
    async load(teamId) {
      const synced = await syncActions({ ...options, projectId: teamId, signal: controller.signal });
      return synced.actions;
    },
    close() {
      controller.abort(new Error('the source was closed'));
      return Promise.resolve();
    },
  };
}
