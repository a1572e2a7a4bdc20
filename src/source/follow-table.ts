// Following a table of actions: a first load, then a look for changes every interval (or at
// once when a notification says something changed). A look reads the rows whose updated_at is
// at or after the last one seen, less an overlap: a transaction that committed late with an
// earlier updated_at is still caught, and rows read twice are recognised by their content.
// Rows that leave without an update (a hard delete) or change without one (a bulk UPDATE) are
// caught by comparing the live count on every look and by a full reload every fullReloadMs.
import type { ActionPayload } from '../action/types.js';
import type { SourceActions, SourceChange, SourceWatchOptions, SourceWatcher } from './action-source.js';
import { jitteredDelay, readInterval, readJitter } from '../sync/watch-timing.js';
import type { PosthogActionRow, PosthogActionsTable } from './posthog-actions-table.js';

export interface FollowSettings {
  /** How far before the last updated_at each look reads again, in ms. */
  readonly overlapMs: number;
  /** How often the whole set is read again and compared, in ms. */
  readonly fullReloadMs: number;
  /** Starts listening for change notifications, calling `notify` on each; resolves with a stop function. */
  readonly listen?: (notify: () => void) => Promise<() => Promise<void>>;
}

const emptyChange = (change: SourceChange): boolean => change.upserted.length === 0 && change.removed.length === 0;

/** Watches `table` as SourceWatchOptions ask. Never throws after the options are checked. */
export function followTable(table: PosthogActionsTable, options: SourceWatchOptions, settings: FollowSettings): SourceWatcher {
  const intervalMs = readInterval(options.intervalMs, 10_000);
  const jitter = readJitter(options.jitter);
  const { projectId } = options;
  if (projectId !== undefined && !Number.isSafeInteger(projectId)) throw new TypeError(`projectId must be an integer (a team id), got ${String(projectId)}`);
  const known = new Map<number, { readonly team_id: number | null; readonly text: string }>();
  let watermark = '1970-01-01 00:00:00.000000+00';
  let lastFull = Date.now();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<SourceChange> | null = null;
  let again = false;
  let stopListening: (() => Promise<void>) | null = null;
  let lastSync: SourceWatcher['lastSync'] = null;
  let lastError: SourceWatcher['lastError'] = null;

  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // A failing error handler has nowhere left to report to.
    }
  };

  /** Compares rows with what is known; `complete` means they are every live row (a full read). */
  function diff(rows: readonly PosthogActionRow[], complete: boolean): SourceChange {
    const upserted: ActionPayload[] = [];
    const removed: Array<{ id: number; team_id: number | null }> = [];
    for (const row of rows) {
      if (row.updated > watermark) watermark = row.updated;
      const before = known.get(row.id);
      if (row.deleted) {
        if (before !== undefined) removed.push({ id: row.id, team_id: before.team_id });
        known.delete(row.id);
        continue;
      }
      const text = JSON.stringify(row.action);
      if (before?.text === text) continue;
      known.set(row.id, { team_id: row.team_id, text });
      upserted.push(row.action as unknown as ActionPayload);
    }
    if (complete) {
      const present = new Set(rows.map((row) => row.id));
      for (const [id, { team_id }] of known) {
        if (present.has(id)) continue;
        known.delete(id);
        removed.push({ id, team_id });
      }
    }
    return { upserted, removed };
  }

  async function look(): Promise<SourceChange> {
    const changed = diff(await table.changedSince(watermark, settings.overlapMs, projectId), false);
    const due = Date.now() - lastFull >= settings.fullReloadMs;
    if (!due && (await table.countLive(projectId)) === known.size) return changed;
    lastFull = Date.now();
    const full = diff(await table.live(projectId), true);
    // An action may be in both; the full read has the newer object.
    const fresher = new Set(full.upserted.map((action) => action.id));
    return { upserted: [...changed.upserted.filter((action) => !fresher.has(action.id)), ...full.upserted], removed: [...changed.removed, ...full.removed] };
  }

  const schedule = (): void => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      refresh().catch(() => undefined);
    }, jitteredDelay(intervalMs, jitter));
    timer.unref();
  };

  function refresh(): Promise<SourceChange> {
    if (stopped) return Promise.reject(new Error('the watcher was stopped'));
    if (inFlight !== null) {
      // A notification during a look: look once more afterwards, it may have missed the change.
      again = true;
      return inFlight;
    }
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const running = (async () => {
      try {
        const change = await look();
        lastSync = { at: Date.now() };
        lastError = null;
        if (!emptyChange(change) && !stopped) {
          try {
            options.onChange?.(change);
          } catch (caught) {
            report(caught);
          }
        }
        return change;
      } catch (caught) {
        lastError = { at: Date.now(), error: caught };
        // A look cut short by stop() (its connection closed) is no failure worth reporting.
        if (!stopped) report(caught);
        throw caught;
      }
    })().finally(() => {
      inFlight = null;
      if (again && !stopped) {
        again = false;
        refresh().catch(() => undefined);
      } else schedule();
    });
    inFlight = running;
    return running;
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    void stopListening?.().catch(report);
    options.signal?.removeEventListener('abort', stop);
  }

  const ready = (async (): Promise<SourceActions> => {
    if (settings.listen !== undefined) {
      stopListening = await settings.listen(() => {
        if (!stopped) refresh().catch(() => undefined);
      });
      if (stopped) await stopListening();
    }
    const rows = await table.live(projectId);
    diff(rows, true);
    lastSync = { at: Date.now() };
    schedule();
    return { actions: rows.map((row) => row.action as unknown as ActionPayload), problems: [] };
  })();
  // A first load that fails ends the watcher (there is nothing to follow changes from).
  ready.catch((error: unknown) => {
    lastError = { at: Date.now(), error };
    report(error);
    stop();
  });

  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });

  return {
    ready,
    refresh: () => ready.then(() => refresh()),
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
