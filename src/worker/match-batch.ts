// Matching one batch of stream messages: the unit of work of the worker, and the one call a
// thread pool can take over (inputs and outcomes are plain data: strings in, objects out). Each
// message is parsed, read as an event of either shape (projects/pipeline-event.ts) and routed by
// its project to that project's matcher; what is not an event becomes a dead letter with the
// reason. Projects the batch needs are loaded first, all at once, so matching itself is
// synchronous and never waits on I/O.
import type { Matcher } from '../matcher/create-matcher.js';
import { readPipelineEvent } from '../projects/pipeline-event.js';
import type { ProjectMatchers, ProjectSnapshot } from '../projects/project-matchers.js';

/** One message as the broker delivered it: its id there and its payload (null when it has none). */
export interface BatchInput {
  readonly id: string;
  readonly data: string | null;
}

export interface MatchResult {
  readonly uuid: string | null;
  readonly team_id: number;
  readonly action_ids: number[];
}

export type BatchOutcome =
  | { readonly id: string; readonly kind: 'result'; readonly result: MatchResult }
  | { readonly id: string; readonly kind: 'dead'; readonly reason: string; readonly data: string | null };

export interface BatchOptions {
  /** The event field naming the project (default `team_id`). */
  readonly teamField?: string;
}

type Decoded = { readonly id: string; readonly event: Record<string, unknown>; readonly teamId: number } | Extract<BatchOutcome, { kind: 'dead' }>;

function decode(input: BatchInput, teamField: string): Decoded {
  if (input.data === null) return { id: input.id, kind: 'dead', reason: 'the message has no event payload', data: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.data) as unknown;
  } catch (error) {
    return { id: input.id, kind: 'dead', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}`, data: input.data };
  }
  const read = readPipelineEvent(parsed, teamField);
  if (!read.ok) return { id: input.id, kind: 'dead', reason: read.reason, data: input.data };
  return { id: input.id, event: read.event, teamId: read.teamId };
}

/** The synchronous half: every decoded message against the matcher of its project. */
function matchDecoded(decoded: readonly Decoded[], matchers: ProjectSnapshot): BatchOutcome[] {
  return decoded.map((entry): BatchOutcome => {
    if ('kind' in entry) return entry;
    const matcher: Matcher | null = matchers.get(entry.teamId) ?? null;
    const uuid = entry.event['uuid'];
    return {
      id: entry.id,
      kind: 'result',
      result: { uuid: typeof uuid === 'string' ? uuid : null, team_id: entry.teamId, action_ids: matcher === null ? [] : matcher.match(entry.event) },
    };
  });
}

/**
 * Matches `inputs`, one outcome per input in the same order. Rejects only when a project the
 * batch needs cannot be read for the first time (the batch is then retried, never answered
 * with a wrong empty match).
 */
export async function matchBatch(projects: ProjectMatchers, inputs: readonly BatchInput[], options: BatchOptions = {}): Promise<BatchOutcome[]> {
  const teamField = options.teamField ?? 'team_id';
  const decoded = inputs.map((input) => decode(input, teamField));
  const teams = new Set<number>();
  for (const entry of decoded) if (!('kind' in entry)) teams.add(entry.teamId);
  return matchDecoded(decoded, await projects.prepare(teams));
}
