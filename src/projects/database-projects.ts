// Projects from an ActionSource (PostHog's database: openPosthogSource). One watcher over every
// team follows the table, and each change names the teams it touches; only those the registry
// holds are read again, one query per team.
import type { ActionSource } from '../source/action-source.js';
import type { ChangedProjects, ProjectActionsSource } from './project-source.js';

export interface ActionSourceProjectsOptions {
  /** How often the table is looked at for changes, in ms (the source's default when absent: 10 s). */
  readonly intervalMs?: number;
  /** Close the ActionSource with this source (default true). */
  readonly closeSource?: boolean;
}

/** A projects source over `source`: `load(team)` is `source.load(team)`, changes come from `source.watch()`. */
export function fromActionSource(source: ActionSource, options: ActionSourceProjectsOptions = {}): ProjectActionsSource {
  return {
    description: source.description,
    async load(teamId) {
      return (await source.load(teamId)).actions;
    },
    follow(onChange: (changed: ChangedProjects) => void, onError: (error: unknown) => void) {
      const watcher = source.watch({
        ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
        onChange: (change) => {
          const teams = new Set<number>();
          for (const action of change.upserted) if (typeof action.team_id === 'number') teams.add(action.team_id);
          for (const { team_id } of change.removed) if (team_id !== null) teams.add(team_id);
          // A change with no team named (a removed row whose team is unknown): reload everything held.
          onChange(teams.size === 0 ? 'all' : [...teams]);
        },
        onError,
      });
      // The first load reads every team; the registry loads its own projects lazily instead.
      watcher.ready.catch(onError);
      return () => watcher.stop();
    },
    close: () => (options.closeSource === false ? Promise.resolve() : source.close()),
  };
}
