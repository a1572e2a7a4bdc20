// Reads the conformance data files (one JSON case per line) that live beside this file.
import { readFileSync } from 'node:fs';

export interface ConformanceCase {
  readonly name: string;
  readonly action: Record<string, unknown> & { id: number };
  readonly event: Record<string, unknown>;
  readonly expected: boolean;
  /** true: some bytecode_error; a string: exactly this one. */
  readonly bytecode_error?: boolean | string;
  /** For generated cases: what PostHog's VM returned (the expected answer's source). */
  readonly posthog_result?: string;
  readonly note?: string;
}

export function loadCases(file: string): ConformanceCase[] {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ConformanceCase);
}

/** A fixed evaluation time, so relative dates in the data give stable answers. */
export const CONFORMANCE_NOW = Date.parse('2025-01-15T12:00:00Z');
