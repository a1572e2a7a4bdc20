// Accepts actions in every shape the Actions API and its users produce: one action, an
// array, or a list response ({results}, {count, results}, {count, next, previous, results}).
// Entries that cannot be actions at all (not an object, no integer id) are reported, not
// thrown; everything else about an action is the compiler's to judge.
import { describeKind, isPlainObject, readOwn } from '../event/read-value.js';
import type { ActionPayload } from './types.js';

export interface LoadProblem {
  /** Position of the entry in the list (0 for a single action). */
  readonly index: number;
  /** The entry's id when it has one. */
  readonly id: number | null;
  readonly message: string;
}

export interface LoadedActions {
  /** Entries that are objects with an integer id, in input order (deleted ones skipped unless asked). */
  readonly actions: ActionPayload[];
  readonly problems: LoadProblem[];
  /** How many entries were skipped because they are `deleted: true`. */
  readonly deletedSkipped: number;
}

export interface LoadOptions {
  /** Keep `deleted: true` actions (PostHog never matches them, so they are skipped by default). */
  readonly includeDeleted?: boolean;
}

/** Extracts the list of entries from any accepted input shape, or explains why it has none. */
function entriesOf(input: unknown): unknown[] | string {
  if (Array.isArray(input)) return input;
  if (isPlainObject(input)) {
    const results = readOwn(input, 'results');
    if (results !== null) return Array.isArray(results) ? results : `"results" must be an array, got ${describeKind(results)}`;
    return [input];
  }
  return `expected an action, an array of actions or a list response ({"results": [...]}), got ${describeKind(input)}`;
}

/** Normalises `input` into a list of actions plus the entries that were rejected. */
export function loadActions(input: unknown, options: LoadOptions = {}): LoadedActions {
  const entries = entriesOf(input);
  if (typeof entries === 'string') return { actions: [], problems: [{ index: 0, id: null, message: entries }], deletedSkipped: 0 };
  const actions: ActionPayload[] = [];
  const problems: LoadProblem[] = [];
  let deletedSkipped = 0;
  const firstIndexOf = new Map<number, number>();
  entries.forEach((entry, index) => {
    if (!isPlainObject(entry)) {
      problems.push({ index, id: null, message: `entry ${index}: expected an action object, got ${describeKind(entry)}` });
      return;
    }
    const id = readOwn(entry, 'id');
    if (!Number.isSafeInteger(id)) {
      const got = id === null ? 'no id' : `id ${JSON.stringify(id)}`;
      problems.push({ index, id: null, message: `entry ${index}: an action needs an integer "id", got ${got}` });
      return;
    }
    if (readOwn(entry, 'deleted') === true && !options.includeDeleted) {
      deletedSkipped++;
      return;
    }
    const earlier = firstIndexOf.get(id as number);
    if (earlier !== undefined) {
      problems.push({ index, id: id as number, message: `entry ${index}: duplicate id ${id as number} (also entry ${earlier}); the later entry wins` });
    } else {
      firstIndexOf.set(id as number, index);
    }
    actions.push(entry as unknown as ActionPayload);
  });
  return { actions, problems, deletedSkipped };
}
