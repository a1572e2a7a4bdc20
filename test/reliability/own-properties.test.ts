// Property access is own-property only: keys that Object.prototype defines are ordinary keys in
// filters and in events, hostile `__proto__` JSON pollutes nothing, and events are never mutated
// (they are deep-frozen before matching, so a write would throw and the test would see it).
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher, describeEventProblem } from '../../src/index.js';
import { deepFreeze } from './deep-freeze.js';

const specialKeys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

function polluted(): unknown[] {
  const probe: Record<string, unknown> = {};
  return [probe['polluted'], (Object.prototype as Record<string, unknown>)['polluted'], probe['steps'], probe['event']];
}

describe.each(specialKeys)('the key %j', (key) => {
  const keyJson = JSON.stringify(key);
  // Built from JSON text: an object literal with `__proto__` would set the prototype instead.
  const props = (value: string): Record<string, unknown> => JSON.parse(`{${keyJson}: ${JSON.stringify(value)}}`) as Record<string, unknown>;
  const actions = [
    { id: 1, steps: [{ properties: [{ key, value: 'x' }] }] },
    { id: 2, steps: [{ properties: [{ key, operator: 'is_set' }] }] },
    { id: 3, steps: [{ properties: [{ key, operator: 'is_not_set' }] }] },
    { id: 4, steps: [{ properties: [{ key, value: 'x', operator: 'is_not' }] }] },
    { id: 5, steps: [{ properties: [{ key, value: 'X', operator: 'icontains' }] }] },
    { id: 6, steps: [{ properties: [{ key, type: 'person', value: 'x' }] }] },
    { id: 7, steps: [{ properties: [{ key, type: 'group', group_type_index: 0, value: 'x' }] }] },
  ];
  const matcher = createMatcher(actions);
  const unindexed = createMatcher(actions, { indexed: false });

  it.each([
    ['absent', { event: 'e', properties: {} }, [3, 4]],
    ['no properties at all', { event: 'e' }, [3, 4]],
    ['its own value "x"', { event: 'e', properties: props('x') }, [1, 2, 5]],
    ['its own value "y"', { event: 'e', properties: props('y') }, [2, 4]],
    ['on the person and the group', { event: 'e', person: { properties: props('x') }, groups: { org: { index: 0, properties: props('x') } } }, [3, 4, 6, 7]],
  ])('event: %s', (_name, event, expected) => {
    const frozen = deepFreeze(event);
    expect(describeEventProblem(frozen)).toBeNull();
    expect(matcher.match(frozen)).toEqual(expected);
    expect(unindexed.match(frozen)).toEqual(expected);
    expect(polluted()).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('as a filter value, a selector class and an event name it is plain text', () => {
    const named = createMatcher([
      { id: 1, steps: [{ event: key }] },
      { id: 2, steps: [{ properties: [{ key: 'a', value: key }] }] },
      { id: 3, steps: [{ event: '$autocapture', selector: `.${key.replace(/_/g, '\\_')}` }] },
    ]);
    expect(named.errors).toEqual([]);
    expect(named.match(deepFreeze({ event: key, properties: { a: key } }))).toEqual([1, 2]);
    expect(named.match(deepFreeze({ event: '$autocapture', elements_chain: `a.${key}:nth-child="1"` }))).toEqual([3]);
    expect(named.match(deepFreeze({ event: 'other', properties: {} }))).toEqual([]);
  });
});

describe('hostile JSON with __proto__ keys', () => {
  const hostile = [
    '{"__proto__": {"polluted": 1, "steps": [{"event": "x"}]}, "id": 1}',
    '{"id": 2, "steps": [{"__proto__": {"event": "x", "polluted": 1}}]}',
    '{"id": 3, "steps": [{"properties": [{"__proto__": {"key": "a", "value": "b", "polluted": 1}}]}]}',
    '{"id": 4, "constructor": {"prototype": {"polluted": 1}}, "steps": [{"properties": [{"key": "constructor", "value": {"prototype": {"polluted": 1}}}]}]}',
    '{"results": [{"id": 5, "__proto__": {"deleted": true, "polluted": 1}}], "__proto__": {"polluted": 1}}',
  ];

  it.each(hostile)('%s pollutes nothing and reads only own fields', (json) => {
    const action: unknown = JSON.parse(json);
    const result = compileAction(action);
    const matcher = createMatcher(action);
    matcher.upsert(JSON.parse(json));
    for (const event of [
      '{"event": "x", "__proto__": {"polluted": 1, "properties": {"a": "b"}}}',
      '{"event": "x", "properties": {"__proto__": {"polluted": 1, "a": "b"}, "constructor": {"prototype": {"polluted": 1}}}}',
      '{"event": "x", "person": {"__proto__": {"properties": {"a": "b"}}}, "groups": {"__proto__": {"index": 0, "properties": {"a": "b"}}}}',
    ]) {
      matcher.match(deepFreeze(JSON.parse(event)));
    }
    expect(polluted()).toEqual([undefined, undefined, undefined, undefined]);
    expect(result.bytecode_error === null || typeof result.bytecode_error === 'string').toBe(true);
  });

  it('inherited fields of an action or a filter are not read', () => {
    // `steps` only on the prototype: the action has no steps and matches everything.
    expect(compileAction(JSON.parse('{"id": 1, "__proto__": {"steps": [{"event": "x"}]}}')).bytecode).toEqual(['_AM', 1, 1]);
    const inheritedFilter = compileAction(JSON.parse('{"id": 1, "steps": [{"properties": [{"__proto__": {"key": "a", "value": "b"}}]}]}'));
    // A filter whose key and value are only inherited has neither: PostHog ignores it.
    expect(inheritedFilter.warnings.map((warning) => warning.code)).toContain('ignored_filter');
  });

  it('inherited event fields are not read', () => {
    const matcher = createMatcher([
      { id: 1, steps: [{ properties: [{ key: 'a', value: 'b' }] }] },
      { id: 2, steps: [{ properties: [{ key: 'a', type: 'person', value: 'b' }] }] },
    ]);
    const event = deepFreeze(JSON.parse('{"event": "x", "properties": {"__proto__": {"a": "b"}}, "person": {"__proto__": {"properties": {"a": "b"}}}}'));
    expect(matcher.match(event)).toEqual([]);
    expect(matcher.match(deepFreeze({ event: 'x', properties: Object.create({ a: 'b' }) as Record<string, unknown> }))).toEqual([]);
  });
});
