// Graceful stop on SIGTERM and SIGINT. A pipeline stopping `actionmatch match` (a supervisor's
// SIGTERM, Ctrl-C) must not lose the answers to lines already read: the first signal asks the
// command to stop reading, answer what it has read and flush; a second signal exits at once.
import { constants } from 'node:os';

export interface StopRequest {
  /** The signal received, or null while running. */
  readonly signal: NodeJS.Signals | null;
  /**
   * Calls `listener` once when a signal arrives; returns the function that unregisters it.
   * A callback rather than a promise to race against: every race against a promise that never
   * settles leaves a reaction on it holding the race's result, and the match loop races once per
   * chunk, so that would keep every chunk of the input alive.
   */
  onStop(listener: () => void): () => void;
}

export interface StopListener extends StopRequest {
  /** Removes the handlers, restoring the default (immediate) behaviour. */
  dispose(): void;
}

const handled: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** Installs handlers for SIGTERM and SIGINT that record the first signal instead of exiting. */
export function listenForStop(): StopListener {
  let signal: NodeJS.Signals | null = null;
  const listeners = new Set<() => void>();
  const onSignal = (received: NodeJS.Signals): void => {
    if (signal !== null) process.exit(exitStatusFor(received));
    signal = received;
    for (const listener of listeners) listener();
    listeners.clear();
  };
  for (const name of handled) process.on(name, onSignal);
  return {
    get signal() {
      return signal;
    },
    onStop(listener: () => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispose(): void {
      for (const name of handled) process.off(name, onSignal);
    },
  };
}

/** The shell's convention for a process ended by `signal`: 128 + its number (SIGTERM: 143). */
export function exitStatusFor(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
