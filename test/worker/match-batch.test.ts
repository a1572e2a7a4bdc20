// One batch of stream messages: PostHog's pipeline shape (properties, person_properties and
// groupN_properties as JSON text) matches exactly as the same event in actionmatch's own shape,
// each message is routed to its project's actions, and every message that is not an event
// becomes a dead letter with its reason, in input order.
import { afterEach, describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matcher/create-matcher.js';
import { readPipelineEvent } from '../../src/projects/pipeline-event.js';
import { createProjectMatchers, type ProjectMatchers } from '../../src/projects/project-matchers.js';
import { fromActionFiles } from '../../src/projects/file-projects.js';
import { matchBatch } from '../../src/worker/match-batch.js';
import { tempFiles } from '../cli/run-cli.js';

const actions = [
  { id: 1, team_id: 2, steps: [{ event: 'signup', properties: [{ key: 'plan', value: 'pro', operator: 'exact', type: 'event' }] }] },
  { id: 2, team_id: 2, steps: [{ event: 'signup', properties: [{ key: 'email', value: '@acme.com', operator: 'icontains', type: 'person' }] }] },
  { id: 3, team_id: 2, steps: [{ event: '$autocapture', text: 'Buy', selector: 'button' }] },
  { id: 4, team_id: 2, steps: [{ properties: [{ key: 'tier', value: 'gold', operator: 'exact', type: 'group', group_type_index: 1 }] }] },
  { id: 5, team_id: 3, steps: [{ event: 'signup' }] },
];

const own = [
  { uuid: 'a', team_id: 2, event: 'signup', properties: { plan: 'pro' }, person_properties: { email: 'x@ACME.com' } },
  { uuid: 'b', team_id: 2, event: '$autocapture', elements_chain: 'button:text="Buy"nth-child="1"nth-of-type="1"', properties: {} },
  { uuid: 'c', team_id: 2, event: 'paid', properties: { $group_1: 'org-9' }, groups: { company: { index: 1, key: 'org-9', properties: { tier: 'gold' } } } },
  { uuid: 'd', team_id: 3, event: 'signup' },
  { uuid: 'e', team_id: '2', event: 'signup', properties: { plan: 'free' } },
];

/** The same events as PostHog's pipeline carries them. */
function pipelineShape(event: Record<string, unknown>): Record<string, unknown> {
  const { properties, person_properties, groups, ...rest } = event;
  const shaped: Record<string, unknown> = { ...rest };
  if (properties !== undefined) shaped['properties'] = JSON.stringify(properties);
  if (person_properties !== undefined) shaped['person_properties'] = JSON.stringify(person_properties);
  for (const group of Object.values((groups ?? {}) as Record<string, { index: number; properties: unknown }>)) shaped[`group${group.index}_properties`] = JSON.stringify(group.properties);
  return shaped;
}

let projects: ProjectMatchers;
afterEach(async () => projects.close());

function open(): ProjectMatchers {
  const files = tempFiles('actionmatch-batch-');
  projects = createProjectMatchers({ source: fromActionFiles([files.file('actions.json', JSON.stringify(actions))]) });
  return projects;
}

describe('matchBatch', () => {
  it('routes each event to its project; the pipeline shape matches as the own shape does', async () => {
    open();
    const inputs = (events: Array<Record<string, unknown>>) => events.map((event, index) => ({ id: `1-${index}`, data: JSON.stringify(event) }));
    const expected = [
      { uuid: 'a', team_id: 2, action_ids: [1, 2] },
      { uuid: 'b', team_id: 2, action_ids: [3] },
      { uuid: 'c', team_id: 2, action_ids: [4] },
      { uuid: 'd', team_id: 3, action_ids: [5] },
      { uuid: 'e', team_id: 2, action_ids: [] },
    ];
    for (const events of [own, own.map(pipelineShape)]) {
      const outcomes = await matchBatch(projects, inputs(events));
      expect(outcomes.map((outcome) => (outcome.kind === 'result' ? outcome.result : outcome))).toEqual(expected);
      expect(outcomes.map((outcome) => outcome.id)).toEqual(['1-0', '1-1', '1-2', '1-3', '1-4']);
    }
    // And the same answers as one matcher over each project's actions.
    for (const event of own) {
      const team = Number(event.team_id);
      expect((await matchBatch(projects, [{ id: 'x', data: JSON.stringify(event) }]))[0]).toMatchObject({ result: { action_ids: createMatcher(actions.filter((action) => action.team_id === team)).match(event) } });
    }
  });

  it('a project field of another name', async () => {
    open();
    const outcomes = await matchBatch(projects, [{ id: '1', data: JSON.stringify({ uuid: 'u', project: 3, event: 'signup' }) }], { teamField: 'project' });
    expect(outcomes).toEqual([{ id: '1', kind: 'result', result: { uuid: 'u', team_id: 3, action_ids: [5] } }]);
  });

  it.each([
    ['no payload', null, 'the message has no event payload'],
    ['text that is not JSON', 'signup', `not JSON: Unexpected token 's', "signup" is not valid JSON`],
    ['an array', '[1]', 'expected an event object, got array'],
    ['no project', '{"event": "x"}', 'event.team_id must be the project id (a positive integer), got none'],
    ['a project of zero', '{"event": "x", "team_id": 0}', 'event.team_id must be the project id (a positive integer), got 0'],
    ['a project that is not a number', '{"event": "x", "team_id": "two"}', 'event.team_id must be the project id (a positive integer), got "two"'],
    ['no event name', '{"team_id": 2, "properties": {}}', 'event.event must be a string, got null'],
    ['properties text that is not JSON', '{"team_id": 2, "event": "x", "properties": "{oops"}', /^event\.properties is text that is not JSON: /],
    ['properties text of an array', '{"team_id": 2, "event": "x", "properties": "[1,2]"}', 'event.properties is JSON text of array, expected an object'],
    ['person_properties of a number', '{"team_id": 2, "event": "x", "person_properties": 5}', 'event.person_properties must be an object, got number'],
    ['a group\'s properties text that is not JSON', '{"team_id": 2, "event": "x", "group0_properties": "nope"}', /^event\.group0_properties is text that is not JSON/],
    ['elements_chain of a number', '{"team_id": 2, "event": "x", "elements_chain": 7}', 'event.elements_chain must be a string, got number'],
  ])('%s is a dead letter with its reason', async (_name, data, reason) => {
    open();
    const outcomes = await matchBatch(projects, [{ id: '9-0', data }, { id: '9-1', data: JSON.stringify(own[3]) }]);
    expect(outcomes[0]).toMatchObject({ id: '9-0', kind: 'dead', data });
    const got = outcomes[0]?.kind === 'dead' ? outcomes[0].reason : '';
    if (typeof reason === 'string') expect(got).toBe(reason);
    else expect(got).toMatch(reason);
    // The dead letter does not hold up the event beside it.
    expect(outcomes[1]).toMatchObject({ kind: 'result', result: { uuid: 'd', action_ids: [5] } });
  });
});

describe('readPipelineEvent', () => {
  it('leaves the input untouched and copies only when a field needs parsing', () => {
    const input = { team_id: 2, event: 'x', properties: '{"a": 1}' };
    const read = readPipelineEvent(input);
    expect(read).toEqual({ ok: true, teamId: 2, event: { team_id: 2, event: 'x', properties: { a: 1 } } });
    expect(input.properties).toBe('{"a": 1}');
    const plain = { team_id: 2, event: 'x', properties: { a: 1 } };
    expect(readPipelineEvent(plain)).toMatchObject({ ok: true, event: plain });
    if (readPipelineEvent(plain).ok) expect((readPipelineEvent(plain) as { event: unknown }).event).toBe(plain);
  });

  it('builds groups from groupN_properties with the $group_N keys, as PostHog pairs them', () => {
    const read = readPipelineEvent({ team_id: 2, event: 'x', properties: '{"$group_0": "acme"}', group0_properties: '{"size": 10}', group3_properties: 'null' });
    expect(read).toMatchObject({ ok: true, event: { groups: { group_0: { index: 0, key: 'acme', properties: { size: 10 } }, group_3: { index: 3, key: null, properties: {} } } } });
  });
});
