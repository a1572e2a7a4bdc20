// The live progress line of long `match` runs. It is drawn only on an interactive terminal
// (never into a log or a pipe, never under CI) and at most every 250 ms, so it costs one
// clock read per batch of lines, not per event. When the input's size is known, it shows the
// share read and the time left at the rate so far.
import type { Writable } from 'node:stream';

export interface Progress {
  /** Called after each batch with the share of the input read (0–1) when known; redraws when enough time has passed. */
  update(events: number, matches: number, done?: number | null): void;
  /** Erases the line, if one was drawn. */
  clear(): void;
}

export const REFRESH_MS = 250;

/** Whether this process should show progress on stderr. */
export function wantsProgress(): boolean {
  return process.stderr.isTTY === true && (process.env['CI'] ?? '') === '';
}

/** A progress line on `stream`; `now` is injectable so the refresh rule can be tested. */
export function createProgress(stream: Writable, now: () => number = () => performance.now()): Progress {
  const started = now();
  let lastDrawn = started;
  let drawn = false;
  return {
    update(events: number, matches: number, done: number | null = null): void {
      const time = now();
      if (time - lastDrawn < REFRESH_MS) return;
      lastDrawn = time;
      drawn = true;
      const elapsed = Math.max((time - started) / 1000, 1e-9);
      const rate = Math.round(events / elapsed);
      const counts = `${events.toLocaleString('en-US')} ${events === 1 ? 'event' : 'events'}, ${rate.toLocaleString('en-US')} events/s, ${matches.toLocaleString('en-US')} ${matches === 1 ? 'match' : 'matches'}`;
      if (done === null || !(done > 0)) {
        stream.write(`\r\x1b[K${counts}`);
        return;
      }
      const share = Math.min(done, 1);
      const left = (elapsed * (1 - share)) / share;
      stream.write(`\r\x1b[K${Math.floor(share * 100)}%, ${counts}, ETA ${formatDuration(left)}`);
    },
    clear(): void {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** `1h 02m`, `3m 05s`, `12s`: rounded up, so the last seconds never show `0s`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** A progress that never draws. */
export const noProgress: Progress = { update: () => undefined, clear: () => undefined };
