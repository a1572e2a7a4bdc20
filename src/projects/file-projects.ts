// Projects from actions files: every action carries its project in `team_id`, as the Actions
// API objects do, so one file (or several) can hold the actions of many projects. The files are
// read again when their modification time or size changes; a file that turns unreadable or
// invalid keeps the last good set (the error is reported) rather than emptying every project.
import { readFile, stat } from 'node:fs/promises';
import { loadActions, type LoadProblem } from '../action/load-actions.js';
import type { ActionPayload } from '../action/types.js';
import { readInterval } from '../sync/watch-timing.js';
import type { ChangedProjects, ProjectActionsSource } from './project-source.js';

export interface FileProjectsOptions {
  /** How often `follow` looks at the files' modification times, in ms (default 5000). */
  readonly intervalMs?: number;
  /** Entries that are not actions, or actions without a usable `team_id`, with the file they are in. */
  readonly onProblem?: (file: string, problem: LoadProblem) => void;
}

interface FileState {
  readonly signature: string;
  readonly byTeam: ReadonlyMap<number, readonly ActionPayload[]>;
}

/** A positive integer team id, from a number or a string of digits. */
export function readTeamId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)) {
    const id = Number(value);
    return Number.isSafeInteger(id) ? id : null;
  }
  return null;
}

async function signatureOf(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.mtimeMs}:${info.size}`;
}

/**
 * A source over JSON actions files (one action, an array, or an Actions API list response
 * each). When an id appears in several files, the later file wins, as `match --actions` does.
 */
export function fromActionFiles(paths: readonly string[], options: FileProjectsOptions = {}): ProjectActionsSource {
  if (paths.length === 0) throw new TypeError('fromActionFiles needs at least one file');
  const intervalMs = readInterval(options.intervalMs, 5000);
  const states = new Map<string, FileState>();
  let reading: Promise<void> | null = null;

  async function readOne(path: string): Promise<FileState> {
    const signature = await signatureOf(path);
    const known = states.get(path);
    if (known !== undefined && known.signature === signature) return known;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    } catch (error) {
      throw new Error(`actions file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const loaded = loadActions(parsed);
    const byTeam = new Map<number, ActionPayload[]>();
    for (const problem of loaded.problems) options.onProblem?.(path, problem);
    for (const action of loaded.actions) {
      const team = readTeamId(action.team_id);
      if (team === null) {
        options.onProblem?.(path, { index: -1, id: action.id, message: `action ${action.id} has no team_id (a positive integer), so it belongs to no project; left out` });
        continue;
      }
      const list = byTeam.get(team);
      if (list === undefined) byTeam.set(team, [action]);
      else list.push(action);
    }
    const state = { signature, byTeam };
    states.set(path, state);
    return state;
  }

  /** Reads every file that changed since the last read; concurrent callers share one read. */
  function refresh(): Promise<void> {
    reading ??= (async () => {
      try {
        for (const path of paths) await readOne(path);
      } finally {
        reading = null;
      }
    })();
    return reading;
  }

  return {
    description: `actions files ${paths.join(', ')}`,
    async load(teamId) {
      await refresh();
      const byId = new Map<number, ActionPayload>();
      for (const path of paths) for (const action of states.get(path)?.byTeam.get(teamId) ?? []) byId.set(action.id, action);
      return [...byId.values()];
    },
    follow(onChange: (changed: ChangedProjects) => void, onError: (error: unknown) => void) {
      let stopped = false;
      const look = async (): Promise<void> => {
        const before = paths.map((path) => states.get(path)?.signature);
        try {
          await refresh();
          if (paths.some((path, index) => states.get(path)?.signature !== before[index])) onChange('all');
        } catch (error) {
          onError(error);
        }
      };
      const timer = setInterval(() => {
        if (!stopped) void look();
      }, intervalMs);
      timer.unref();
      return () => {
        stopped = true;
        clearInterval(timer);
      };
    },
  };
}
