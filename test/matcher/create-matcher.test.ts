import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher } from '../../src/index.js';

const pageview = { id: 10, name: 'Pricing', steps: [{ event: '$pageview', url: '/pricing' }] };
const signup = { id: 3, name: 'Signed up', steps: [{ event: 'signed_up' }] };
const broken = { id: 7, name: 'Broken', steps: [{ url: '(', url_matching: 'regex' }] };
const anything = { id: 5, name: 'Anything', steps: [] };

describe('createMatcher', () => {
  it('returns matching ids in ascending order', () => {
    const matcher = createMatcher([pageview, signup, anything]);
    expect(matcher.match({ event: '$pageview', properties: { $current_url: 'https://x.io/pricing' } })).toEqual([5, 10]);
    expect(matcher.match({ event: 'signed_up' })).toEqual([3, 5]);
  });

  it('lists actions that do not compile, which never match, without stopping the others', () => {
    const matcher = createMatcher({ results: [broken, pageview] });
    expect(matcher.errors).toEqual([
      { id: 7, name: 'Broken', bytecode_error: 'steps[0].url: invalid regex "(": missing )', error: { code: 'invalid_regex', path: 'steps[0].url', message: 'steps[0].url: invalid regex "(": missing )' } },
    ]);
    expect(matcher.size).toBe(2);
    expect(matcher.match({ event: '$pageview', properties: { $current_url: '/pricing(' } })).toEqual([10]);
  });

  it('matches nothing for malformed events, and never throws', () => {
    const matcher = createMatcher([anything]);
    for (const event of [null, 5, 'x', [], {}, { event: 5 }, { event: 'x', properties: [] }, { event: 'x', person: 'p' }]) {
      expect(matcher.match(event)).toEqual([]);
    }
    expect(matcher.match({ event: 'x' })).toEqual([5]);
  });

  it('keeps current with upsert and remove', () => {
    const matcher = createMatcher([pageview]);
    const event = { event: 'signed_up' };
    expect(matcher.match(event)).toEqual([]);
    expect(matcher.upsert(signup).bytecode_error).toBeNull();
    expect(matcher.match(event)).toEqual([3]);
    matcher.upsert({ ...signup, steps: [{ event: 'other' }] });
    expect(matcher.match(event)).toEqual([]);
    matcher.upsert(broken);
    expect(matcher.errors.map((e) => e.id)).toEqual([7]);
    matcher.upsert({ ...broken, steps: [] });
    expect(matcher.errors).toEqual([]);
    expect(matcher.remove(7)).toBe(true);
    expect(matcher.remove(7)).toBe(false);
    expect(matcher.size).toBe(2);
  });

  it('reports entries that are not actions', () => {
    expect(createMatcher([{ name: 'no id' }, pageview]).rejected.map((p) => p.message)).toEqual(['entry 0: an action needs an integer "id", got no id']);
  });

  it('loads stored programs without recompiling, and rejects corrupted ones', () => {
    const stored = JSON.parse(JSON.stringify(compileAction(signup))) as { id: number; bytecode: unknown[] };
    const matcher = createMatcher([stored]);
    expect(matcher.match({ event: 'signed_up' })).toEqual([3]);
    const corrupted = { id: 4, bytecode: [...stored.bytecode.slice(0, 2), 999, ...stored.bytecode.slice(3)] };
    const result = matcher.upsert(corrupted);
    expect(result.bytecode_error).toEqual(expect.stringMatching(/^bytecode\[\d+\]: /));
    expect(matcher.errors.map((e) => e.id)).toEqual([4]);
  });

  it('uses the injected clock for relative dates', () => {
    const action = { id: 1, steps: [{ properties: [{ key: 'd', value: '-7d', operator: 'is_date_after' }] }] };
    const event = { event: 'x', properties: { d: '2025-01-10T00:00:00Z' } };
    expect(createMatcher([action], { now: () => Date.parse('2025-01-12T00:00:00Z') }).match(event)).toEqual([1]);
    expect(createMatcher([action], { now: () => Date.parse('2025-02-12T00:00:00Z') }).match(event)).toEqual([]);
  });

  it('reads only own properties: inherited names are missing', () => {
    const action = (key: string) => ({ id: 1, steps: [{ properties: [{ key, operator: 'is_set' }] }] });
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(createMatcher([action(key)]).match({ event: 'x', properties: {} })).toEqual([]);
      expect(createMatcher([action(key)]).match(JSON.parse(`{"event": "x", "properties": {"${key}": 1}}`))).toEqual([1]);
    }
  });
});

describe('elements chain sources', () => {
  const action = { id: 1, steps: [{ event: '$autocapture', selector: 'form.signup > button', text: 'Sign up' }] };
  const chain = 'button.btn:nth-child="1"nth-of-type="1"text="Sign up";form.signup:nth-child="1"nth-of-type="1"';
  it.each([
    ['elements_chain', { event: '$autocapture', elements_chain: chain }],
    ['properties.$elements_chain', { event: '$autocapture', properties: { $elements_chain: chain } }],
    [
      'an elements array',
      {
        event: '$autocapture',
        elements: [
          { tag_name: 'button', attr_class: ['btn'], nth_child: 1, nth_of_type: 1, text: 'Sign up', order: 0 },
          { tag_name: 'form', attr_class: ['signup'], nth_child: 1, nth_of_type: 1, order: 1 },
        ],
      },
    ],
  ])('reads the chain from %s', (_name, event) => {
    expect(createMatcher([action]).match(event)).toEqual([1]);
  });

  it('prefers elements_chain, as PostHog does', () => {
    expect(createMatcher([action]).match({ event: '$autocapture', elements_chain: '', properties: { $elements_chain: chain } })).toEqual([]);
  });
});

describe('result order', () => {
  it('is ascending however many actions match and however large their ids', () => {
    const ids = [2 ** 40, 7, 2 ** 31, -3, 2 ** 31 - 1, 0, ...Array.from({ length: 60 }, (_, i) => 1000 - i * 7)];
    const actions = ids.map((id, i) => ({ id, steps: [{ event: 'x', url: i % 2 === 0 ? '/a' : '/b' }] }));
    const event = { event: 'x', properties: { $current_url: 'https://x.io/a/b' } };
    const expected = [...ids].sort((a, b) => a - b);
    expect(createMatcher(actions).match(event)).toEqual(expected);
    expect(createMatcher(actions.slice(0, 20)).match(event)).toEqual(ids.slice(0, 20).sort((a, b) => a - b));
  });
});

describe('stored programs in the indexed core', () => {
  it('answer as the actions they were compiled from, sharing conditions with fresh ones, through removal', () => {
    const actions = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, steps: [{ event: '$pageview', url: i % 3 === 0 ? '/docs' : `/docs/${i % 4}` }, { event: '$autocapture', selector: i % 2 === 0 ? 'div.row > button' : 'button.btn' }] }));
    const stored = actions.slice(0, 6).map((action) => JSON.parse(JSON.stringify(compileAction(action))) as { id: number; bytecode: unknown[] });
    const mixed = createMatcher([...stored, ...actions.slice(6)]);
    const fresh = createMatcher(actions, { indexed: false });
    const events = [
      { event: '$pageview', properties: { $current_url: 'https://x.io/docs/1' } },
      { event: '$pageview', properties: { $current_url: 'https://x.io/docs' } },
      { event: '$autocapture', elements_chain: 'button.btn:nth-child="1"nth-of-type="1";div.row:nth-child="1"nth-of-type="1"' },
    ];
    for (const event of events) expect(mixed.match(event)).toEqual(fresh.match(event));
    for (const id of [1, 2, 7]) {
      mixed.remove(id);
      fresh.remove(id);
    }
    for (const event of events) expect(mixed.match(event)).toEqual(fresh.match(event));
    expect(mixed.match(events[2])).not.toEqual([]);
  });
});
