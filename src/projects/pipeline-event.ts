// Events as PostHog's pipeline carries them, turned into the event shape the matcher reads.
// PostHog's ingestion topics hold events whose `properties` and `person_properties` are JSON
// text, not objects, whose elements come as `elements_chain`, and whose groups are
// `group0_properties` … `group4_properties` (JSON text) beside `$group_0` … `$group_4` in the
// properties. The project's own shape (objects already, `groups` as a map) passes unchanged.
import { describeEventProblem } from '../event/event-context.js';
import { describeKind, isPlainObject, readOwn } from '../event/read-value.js';
import { readTeamId } from './file-projects.js';

export type PipelineEvent = { readonly ok: true; readonly event: Record<string, unknown>; readonly teamId: number } | { readonly ok: false; readonly reason: string };

/** Parses a field that may be JSON text of an object; null/absent stays null. */
function readObjectField(event: Record<string, unknown>, field: string): { value: Record<string, unknown> | null } | { reason: string } {
  const value = readOwn(event, field);
  if (typeof value !== 'string') return { value: isPlainObject(value) ? value : null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value) as unknown;
  } catch (error) {
    return { reason: `${field} is text that is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (parsed === null) return { value: null };
  if (!isPlainObject(parsed)) return { reason: `${field} is JSON text of ${describeKind(parsed)}, expected an object` };
  return { value: parsed };
}

const GROUP_INDEXES = [0, 1, 2, 3, 4] as const;

/**
 * Reads one event of either shape and its project from `teamField` (default `team_id`).
 * Returns the event to match, or why the message is not an event (it goes to the dead letters).
 * The input is never modified; a copy is made when a field needs parsing.
 */
export function readPipelineEvent(input: unknown, teamField = 'team_id'): PipelineEvent {
  if (!isPlainObject(input)) return { ok: false, reason: `expected an event object, got ${describeKind(input)}` };
  const teamValue = readOwn(input, teamField);
  const teamId = readTeamId(teamValue);
  if (teamId === null) {
    const got = teamValue === null ? 'none' : JSON.stringify(teamValue) ?? describeKind(teamValue);
    return { ok: false, reason: `event.${teamField} must be the project id (a positive integer), got ${got}` };
  }
  let event = input;
  for (const field of ['properties', 'person_properties'] as const) {
    if (typeof readOwn(input, field) !== 'string') continue;
    const read = readObjectField(input, field);
    if ('reason' in read) return { ok: false, reason: `event.${read.reason}` };
    if (event === input) event = { ...input };
    event[field] = read.value;
  }
  if (readOwn(input, 'groups') === null) {
    const groups: Record<string, unknown> = {};
    const properties = readOwn(event, 'properties');
    for (const index of GROUP_INDEXES) {
      const field = `group${index}_properties`;
      if (readOwn(input, field) === null) continue;
      const read = readObjectField(input, field);
      if ('reason' in read) return { ok: false, reason: `event.${read.reason}` };
      const key = isPlainObject(properties) ? readOwn(properties, `$group_${index}`) : null;
      groups[`group_${index}`] = { index, key, properties: read.value ?? {} };
    }
    if (Object.keys(groups).length > 0) {
      if (event === input) event = { ...input };
      event['groups'] = groups;
    }
  }
  const problem = describeEventProblem(event);
  if (problem !== null) return { ok: false, reason: problem };
  return { ok: true, event, teamId };
}
