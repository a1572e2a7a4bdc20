// What the main thread of a worker and its matching threads say to each other: a thread starts
// from the description of the actions source and how to hold projects; it is then given slices
// of batches to match, and reload messages naming a project. Each answer carries the thread's
// project counts, so that /metrics can add up what every thread holds without asking.
import type { BatchInput, BatchOutcome } from './match-batch.js';
import type { LogFields } from './worker-log.js';
import type { ProjectCounts, WorkerProjectSettings, WorkerSourceSpec } from './worker-projects.js';

export interface BatchThreadData {
  readonly source: WorkerSourceSpec;
  readonly settings: WorkerProjectSettings;
  readonly teamField: string;
  /** Fields of every log line (the worker's name); the thread adds its own number. */
  readonly logFields: LogFields;
}

export type BatchThreadTask =
  | { readonly kind: 'match'; readonly inputs: readonly BatchInput[] }
  | { readonly kind: 'reload'; readonly teamId: number };

export interface BatchThreadAnswer {
  /** The answering thread's id, which its counts are kept under. */
  readonly thread: number;
  /** The outcomes of a `match` task, in input order; empty for the other tasks. */
  readonly outcomes: readonly BatchOutcome[];
  readonly counts: ProjectCounts;
}
