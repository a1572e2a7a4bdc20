// Keeps a matcher current with a PostHog project: a first sync, then one every interval (with
// jitter, so that a fleet of pipelines started together does not poll in step). Each successful
// sync that changes the set builds a new matcher and swaps the reference in one assignment, so a
// `match` never sees a half-updated set; a failed sync keeps the last good matcher and is
// reported. Timers are unref'd: a watcher alone never keeps the process alive.
import { createMatcher, type Matcher, type MatcherOptions } from '../matcher/create-matcher.js';
import { syncResolved, type SyncResult } from './sync-actions.js';
import { resolveSyncOptions, type SyncOptions } from './sync-options.js';
import { jitteredDelay, readInterval, readJitter } from './watch-timing.js';

export interface WatchOptions extends SyncOptions {
  /** Time between the end of one sync and the start of the next. Default 5 minutes. */
  readonly intervalMs?: number;
  /** Each interval is stretched or shrunk by up to this fraction at random (0 to 1). Default 0.1. */
  readonly jitter?: number;
  /** Options for every matcher built (limits, clock for relative dates, …). */
  readonly matcherOptions?: MatcherOptions;
  /** Called after a sync that changed the set (the first successful one included), with the new matcher. */
  readonly onUpdate?: (update: WatchUpdate) => void;
  /** Called when a sync fails (the last good set stays in use) or onUpdate throws. */
  readonly onError?: (error: unknown) => void;
  /** Clock for the timestamps in `lastSync` / `lastError`, epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

/** A new matcher and the result that built it (a SyncResult here; SourceActions for watchActionSource). */
export interface WatchUpdate<R = SyncResult> {
  readonly matcher: Matcher;
  readonly result: R;
}

/** A matcher kept current by a watcher; `R` is what each sync yields. */
export interface ActionWatcher<R = SyncResult> {
  /** Settles with the first sync: resolves with its result, or rejects with its error (watching goes on). */
  readonly ready: Promise<R>;
  /** The current matcher: empty until the first successful sync. Take it per use; a sync replaces it. */
  matcher(): Matcher;
  /** Shorthand for `matcher().match(event)`. */
  match(event: unknown): number[];
  /** Syncs now (joining a sync already running) and restarts the interval; rejects when it fails. */
  refresh(): Promise<R>;
  /** Cancels the timer and any request in flight. Idempotent. */
  stop(): void;
  readonly stopped: boolean;
  /** The last successful sync and when it finished; null before the first. */
  readonly lastSync: { readonly at: number; readonly result: R; readonly changed: boolean } | null;
  /** The last failed sync, cleared by the next success. */
  readonly lastError: { readonly at: number; readonly error: unknown } | null;
}

/** A fingerprint of the set: an unchanged set keeps its matcher (and its compiled programs). */
function fingerprintOf(result: SyncResult): string {
  return JSON.stringify(result.actions);
}

/**
 * Starts watching a project's actions. Bad options throw a TypeError at once; everything later is
 * reported through `ready`, `refresh()`, `onError` and `lastError`, never thrown.
 */
export function watchActions(options: WatchOptions): ActionWatcher {
  const resolved = resolveSyncOptions(options);
  const intervalMs = readInterval(options.intervalMs, 5 * 60_000);
  const jitter = readJitter(options.jitter);
  const now = options.now ?? Date.now;
  const matcherOptions = options.matcherOptions ?? {};
  // Built first so that bad matcher options fail here, not at the first sync.
  let current = createMatcher([], matcherOptions);
  let fingerprint: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<SyncResult> | null = null;
  let lastSync: ActionWatcher['lastSync'] = null;
  let lastError: ActionWatcher['lastError'] = null;
  const controller = new AbortController();
  const stopReason = new DOMException('the watcher was stopped', 'AbortError');
  // Every sync runs on the watcher's own signal, which stop() and the caller's signal abort.
  const syncOptions = { ...resolved, signal: controller.signal };

  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // A failing error handler has nowhere left to report to.
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    const delay = jitteredDelay(intervalMs, jitter);
    timer = setTimeout(() => {
      timer = null;
      // The failure is already reported through onError and lastError.
      refresh().catch(() => undefined);
    }, delay);
    timer.unref();
  };

  const runSync = async (): Promise<SyncResult> => {
    try {
      const result = await syncResolved(syncOptions);
      if (stopped) throw stopReason;
      const next = fingerprintOf(result);
      const changed = next !== fingerprint;
      if (changed) {
        current = createMatcher(result.actions, matcherOptions);
        fingerprint = next;
      }
      lastSync = { at: now(), result, changed };
      lastError = null;
      if (changed) {
        try {
          options.onUpdate?.({ matcher: current, result });
        } catch (caught) {
          report(caught);
        }
      }
      return result;
    } catch (caught) {
      // After stop() the abort is the expected end of the request, not a failure to report.
      if (stopped) throw stopReason;
      lastError = { at: now(), error: caught };
      report(caught);
      throw caught;
    }
  };

  function refresh(): Promise<SyncResult> {
    if (stopped) return Promise.reject(stopReason);
    if (inFlight !== null) return inFlight;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const running = runSync().finally(() => {
      inFlight = null;
      schedule();
    });
    inFlight = running;
    return running;
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    controller.abort(stopReason);
    options.signal?.removeEventListener('abort', stop);
  }

  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });

  const ready = refresh();
  // `ready` still rejects for whoever awaits it; a caller who relies on onError instead must not
  // get an unhandled rejection.
  ready.catch(() => undefined);

  return {
    ready,
    matcher: () => current,
    match: (event) => current.match(event),
    refresh,
    stop,
    get stopped() {
      return stopped;
    },
    get lastSync() {
      return lastSync;
    },
    get lastError() {
      return lastError;
    },
  };
}
