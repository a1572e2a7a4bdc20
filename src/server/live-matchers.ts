// One live matcher per project, kept current: loaded from the store on first use (or at
// start), updated in place by every write this server makes, and reloaded when another process
// sharing the database has committed (the store's externalVersion moved).
import { createMatcher, type Matcher } from '../matcher/create-matcher.js';
import type { ActionStore, StoredAction } from '../store/action-store.js';

export interface LiveMatchers {
  /** The project's matcher, current as of the last committed write. */
  get(projectId: number): Promise<Matcher>;
  /** Brings the project's matcher up to date with an action this server just wrote. */
  apply(projectId: number, action: StoredAction): void;
  /** Loads every project's matcher now (at start), so the first match is not slow. */
  preload(): Promise<void>;
}

export function createLiveMatchers(store: ActionStore, now?: () => number): LiveMatchers {
  const matchers = new Map<number, Matcher>();
  let seenVersion: number | null = null;
  const options = now === undefined ? {} : { now };

  // Counts this server's writes: a load that overlapped one may have read the data before it
  // and then missed its apply() (nothing loaded yet to apply it to), so it reads again.
  let writes = 0;

  async function load(projectId: number): Promise<Matcher> {
    for (;;) {
      const before = writes;
      const actions = await store.listAll(projectId);
      if (writes !== before) continue;
      const matcher = createMatcher(actions, options);
      matchers.set(projectId, matcher);
      return matcher;
    }
  }

  async function refreshIfChanged(): Promise<void> {
    const version = await store.externalVersion();
    if (seenVersion === version) return;
    // Read the version before reloading: a write landing during the reload moves it again,
    // and the next request reloads once more rather than missing it.
    seenVersion = version;
    const loaded = [...matchers.keys()];
    matchers.clear();
    for (const projectId of loaded) await load(projectId);
  }

  return {
    async get(projectId: number): Promise<Matcher> {
      await refreshIfChanged();
      return matchers.get(projectId) ?? load(projectId);
    },
    apply(projectId: number, action: StoredAction): void {
      writes += 1;
      const matcher = matchers.get(projectId);
      if (matcher === undefined) return;
      if (action['deleted'] === true) matcher.remove(action.id);
      else matcher.upsert(action);
    },
    async preload(): Promise<void> {
      seenVersion = await store.externalVersion();
      for (const projectId of await store.listProjects()) await load(projectId);
    },
  };
}
