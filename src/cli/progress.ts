// The live progress line of long `match` runs. It is drawn only on an interactive terminal
// (never into a log or a pipe, never under CI) and at most every 250 ms, so it costs one
// clock read per batch of lines, not per event.
import type { Writable } from 'node:stream';

export interface Progress {
  /** Called after each batch; redraws when enough time has passed. */
  update(events: number, matches: number): void;
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
    update(events: number, matches: number): void {
      const time = now();
      if (time - lastDrawn < REFRESH_MS) return;
      lastDrawn = time;
      drawn = true;
      const rate = Math.round(events / Math.max((time - started) / 1000, 1e-9));
      stream.write(`\r\x1b[K${events.toLocaleString('en-US')} events, ${rate.toLocaleString('en-US')} events/s, ${matches.toLocaleString('en-US')} matches`);
    },
    clear(): void {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** A progress that never draws. */
export const noProgress: Progress = { update: () => undefined, clear: () => undefined };
