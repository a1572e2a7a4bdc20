// The matchers of `actionmatch/vitest` in a real vitest run: passing and failing assertions,
// `.not`, and failure messages that are the explanation. This file is also typechecked
// (tsc -p tsconfig.json), which checks the declarations added to vitest's Matchers.
import { describe, expect, it } from 'vitest';
import { actionMatchers, autocapture, customEvent, pageview, type ActionMatchers } from '../../src/testing/vitest.js';

const pricing = { id: 101, name: 'Viewed pricing page', steps: [{ event: '$pageview', url: '/pricing' }] };
const buy = { id: 102, name: 'Clicked Buy', steps: [{ event: '$autocapture', selector: 'div.card > button#buy', text: 'buy', text_matching: 'contains' as const }] };
const purchase = { id: 103, name: 'Big purchase', steps: [{ event: 'purchase', properties: [{ key: 'amount', value: 100, operator: 'gt' }] }] };

describe('toMatchAction', () => {
  it('passes when the event matches, and .not when it does not', () => {
    expect(pageview('https://example.com/pricing')).toMatchAction(pricing);
    expect(pageview('https://example.com/about')).not.toMatchAction(pricing);
    expect(autocapture('div.card > button#buy.btn', { text: 'Buy now' })).toMatchAction(buy);
    expect(customEvent('purchase', { amount: 50 })).not.toMatchAction(purchase);
  });

  it('fails with the explanation of the first failing condition', () => {
    const about = pageview('https://example.com/about');
    expect(() => expect(about).toMatchAction(pricing)).toThrow(/^expected the event to match action 101 "Viewed pricing page":\n✗ event "\$pageview" does not match/);
    expect(() => expect(about).toMatchAction(pricing)).toThrow(/✗ URL \(\$current_url\): contains "\/pricing", got "https:\/\/example\.com\/about"  <- first failure/);
    expect(() => expect(autocapture('form > button', { text: 'Buy' })).toMatchAction(buy)).toThrow(
      /✗ selector \(some element\): matches "div\.card > button#buy", got form > button  <- first failure/,
    );
  });

  it('fails under .not with the explanation of the match', () => {
    expect(() => expect(pageview('https://example.com/pricing')).not.toMatchAction(pricing)).toThrow(
      /^expected the event not to match action 101 "Viewed pricing page", but it does:\n✓ event "\$pageview" matches action 101/,
    );
  });

  it('explains actions that do not compile and events that are malformed', () => {
    expect(() => expect(pageview('https://x')).toMatchAction({ id: 9, steps: [{ url: '(', url_matching: 'regex' }] })).toThrow(/does not compile: steps\[0\]\.url: invalid regex/);
    expect(() => expect({ event: 42 }).toMatchAction(pricing)).toThrow(/cannot be matched: event\.event must be a string, got number/);
  });

  it('has no colour in its messages', () => {
    let message = '';
    try {
      expect(pageview('https://example.com/about')).toMatchAction(pricing);
    } catch (caught) {
      message = caught instanceof Error ? caught.message : String(caught);
    }
    expect(message).toContain('<- first failure');
    expect(message).not.toContain('\u001b[');
  });

  it('accepts the options of explainMatch (a clock for relative dates)', () => {
    const recent = { id: 5, steps: [{ event: 'e', properties: [{ key: 'at', value: '-7d', operator: 'is_date_after' }] }] };
    const event = customEvent('e', { at: '2025-01-10T00:00:00Z' });
    expect(event).toMatchAction(recent, { now: () => Date.parse('2025-01-15T00:00:00Z') });
    expect(event).not.toMatchAction(recent, { now: () => Date.parse('2025-03-01T00:00:00Z') });
  });
});

describe('toMatchActions', () => {
  const both = [pricing, { id: 104, name: 'Any pageview', steps: [{ event: '$pageview' }] }];

  it('passes when the event matches every action', () => {
    expect(pageview('https://example.com/pricing')).toMatchActions(both);
    expect(pageview('https://example.com/about')).not.toMatchActions(both);
  });

  it('names each action the event does not match', () => {
    const check = (): void => expect(customEvent('signup')).toMatchActions([...both, purchase]);
    expect(check).toThrow(/^expected the event to match every one of 3 actions; it does not match 3:/);
    expect(check).toThrow(/does not match action 101 "Viewed pricing page"[\s\S]*does not match action 104 "Any pageview"[\s\S]*does not match action 103 "Big purchase"/);
    expect(() => expect(pageview('https://example.com/about')).toMatchActions(both)).toThrow(/it does not match 1:\n✗ event "\$pageview" does not match action 101/);
  });

  it('fails under .not when every action matches', () => {
    expect(() => expect(pageview('https://example.com/pricing')).not.toMatchActions(both)).toThrow(/not to match every one of 2 actions, but it matches all of them/);
  });
});

describe('a missing action', () => {
  const about = pageview('https://example.com/about');
  const lookUp = (name: string): unknown => [pricing].find((action) => action.name === name);

  it('throws under .not too, instead of passing because nothing matches a missing action', () => {
    expect(() => expect(about).not.toMatchAction(lookUp('Viewed pricing'))).toThrow(
      "toMatchAction needs action objects as PostHog's Actions API returns them; got undefined",
    );
    expect(() => expect(about).toMatchAction(null)).toThrow(/; got null$/);
    expect(() => expect(about).not.toMatchAction([pricing])).toThrow(/; got an array$/);
  });

  it('throws for toMatchActions given no list, an empty list or a missing entry', () => {
    expect(() => expect(about).not.toMatchActions([])).toThrow('toMatchActions needs at least one action, got an empty array');
    expect(() => expect(about).toMatchActions([])).toThrow('toMatchActions needs at least one action, got an empty array');
    expect(() => expect(about).not.toMatchActions(pricing as unknown as unknown[])).toThrow('toMatchActions needs an array of actions, got object');
    expect(() => expect(about).not.toMatchActions([pricing, lookUp('nope')])).toThrow(/^toMatchActions needs action objects as PostHog's Actions API returns them; actions\[1\] is undefined$/);
  });
});

describe('actionMatchers', () => {
  it('is the object to hand to expect.extend', () => {
    expect(Object.keys(actionMatchers).sort()).toEqual(['toMatchAction', 'toMatchActions']);
    expect.extend(actionMatchers);
    expect(pageview('https://example.com/pricing')).toMatchAction(pricing);
  });

  it('types the matchers on expect()', () => {
    // Compile-time checks: tsc rejects the file if the declarations are missing or wrong.
    const typed: ActionMatchers<void> = expect(pageview('https://example.com/pricing'));
    typed.toMatchAction(pricing);
    if (typed === null) {
      // @ts-expect-error: the action is required
      expect(pageview('https://x')).toMatchAction();
      // @ts-expect-error: toMatchActions takes an array of actions
      expect(pageview('https://x')).toMatchActions(pricing, pricing);
    }
  });
});
