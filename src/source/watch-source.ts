// One project's matcher kept current from an action source, with the same watcher as
// watchActions gives over the Actions API: `ready`, `matcher()`, `match()`, `refresh()`,
// `stop()`. Where watchActions rebuilds the matcher from each full list, a source reports what
// changed, which is applied in place (upsert, remove) in one synchronous step: a `match` never
// sees a half-applied change, and an unchanged action keeps its compiled program.
import type { ActionPayload } from '../action/types.js';
import { createMatcher, type Matcher, type MatcherOptions } from '../matcher/create-matcher.js';
import type { ActionWatcher, WatchUpdate } from '../sync/watch-actions.js';
import type { ActionSource, SourceActions, SourceChange, SourceWatchOptions } from './action-source.js';

export interface WatchSourceOptions extends Omit<SourceWatchOptions, 'onChange'> {
  /** Options for the matcher (limits, clock for relative dates, …). */
  readonly matcherOptions?: MatcherOptions;
  /** Called after the first load and after each change, with the matcher and the whole current set. */
  readonly onUpdate?: (update: WatchUpdate<SourceActions>) => void;
  /** Clock for the timestamps in `lastSync` / `lastError`, epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Starts keeping a matcher current with `source` (one project when `projectId` is given). Bad
 * options throw at once; later failures go to `onError` and `lastError`, never thrown.
 */
export function watchActionSource(source: ActionSource, options: WatchSourceOptions = {}): ActionWatcher<SourceActions> {
  const { matcherOptions = {}, onUpdate, now = Date.now, ...watchOptions } = options;
  let matcher: Matcher = createMatcher([], matcherOptions);
  const current = new Map<number, ActionPayload>();
  let lastSync: ActionWatcher<SourceActions>['lastSync'] = null;
  const snapshot = (): SourceActions => ({ actions: [...current.values()], problems: [] });

  const announce = (changed: boolean): SourceActions => {
    const result = snapshot();
    lastSync = { at: now(), result, changed };
    if (changed) {
      try {
        onUpdate?.({ matcher, result });
      } catch (error) {
        options.onError?.(error);
      }
    }
    return result;
  };

  const apply = (change: SourceChange): void => {
    for (const { id } of change.removed) {
      current.delete(id);
      matcher.remove(id);
    }
    for (const action of change.upserted) {
      current.set(action.id, action);
      matcher.upsert(action);
    }
    announce(true);
  };

  const watcher = source.watch({ ...watchOptions, onChange: apply });
  const ready = watcher.ready.then((loaded) => {
    matcher = createMatcher(loaded.actions, matcherOptions);
    for (const action of loaded.actions) current.set(action.id, action);
    return announce(true);
  });
  ready.catch(() => undefined);

  return {
    ready,
    matcher: () => matcher,
    match: (event) => matcher.match(event),
    refresh: () => watcher.refresh().then(() => (lastSync?.result ?? snapshot())),
    stop: () => watcher.stop(),
    get stopped() {
      return watcher.stopped;
    },
    get lastSync() {
      return lastSync;
    },
    get lastError() {
      return watcher.lastError;
    },
  };
}
