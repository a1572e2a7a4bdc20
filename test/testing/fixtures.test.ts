// The fixtures build events that match the actions they read like, with chains our own parser
// reads back element by element.
import { describe, expect, it } from 'vitest';
import { createMatcher, describeEventProblem } from '../../src/index.js';
import { ElementsChain } from '../../src/event/elements-chain.js';
import { autocapture, customEvent, pageview } from '../../src/testing/fixtures.js';

function matches(action: Record<string, unknown>, event: unknown): boolean {
  return createMatcher([{ id: 1, ...action }]).match(event).includes(1);
}

function parse(raw: string): ChainView[] {
  const chain = new ElementsChain();
  chain.reset(raw);
  return chain.elements().map((element) => ({
    tag: element.tag,
    classes: [...element.classes],
    id: element.attribute('attr_id'),
    text: element.attribute('text'),
    href: element.attribute('href'),
    nthChild: element.attribute('nth-child'),
  }));
}

interface ChainView {
  tag: string;
  classes: string[];
  id: string | undefined;
  text: string | undefined;
  href: string | undefined;
  nthChild: string | undefined;
}

describe('autocapture', () => {
  it('writes the path as a chain, innermost element first, that the parser reads back', () => {
    const event = autocapture('div.card.wide > button#buy.btn[data-attr="buy-button"]', { text: 'Buy "now"' });
    expect(parse(event.elements_chain ?? '')).toEqual([
      { tag: 'button', classes: ['btn'], id: 'buy', text: 'Buy "now"', href: undefined, nthChild: '1' },
      { tag: 'div', classes: ['card', 'wide'], id: undefined, text: undefined, href: undefined, nthChild: '1' },
    ]);
    expect(event.elements_chain).toContain('attr__data-attr="buy-button"');
    expect(event.elements_chain).toContain('attr__class="card wide"');
    expect(event).toMatchObject({ event: '$autocapture', distinct_id: 'user-1', properties: { $current_url: 'https://example.com/', $el_text: 'Buy "now"', $event_type: 'click' } });
    expect(describeEventProblem(event)).toBeNull();
  });

  it('matches the action it reads like', () => {
    const event = autocapture('div.card > button#buy', { text: 'Buy' });
    expect(matches({ steps: [{ event: '$autocapture', selector: 'div.card > button#buy' }] }, event)).toBe(true);
    expect(matches({ steps: [{ event: '$autocapture', selector: 'div.card > button#buy', text: 'Buy', tag_name: 'button' }] }, event)).toBe(true);
    expect(matches({ steps: [{ event: '$autocapture', selector: 'form > button#buy' }] }, event)).toBe(false);
    expect(matches({ steps: [{ event: '$autocapture', text: 'Sell' }] }, event)).toBe(false);
    expect(matches({ steps: [{ event: '$autocapture', selector: '[data-attr="x"]' }] }, autocapture('button[data-attr="x"]'))).toBe(true);
  });

  it('puts the href on the innermost link of the path', () => {
    const event = autocapture('nav a.link:nth-child(3) > span', { text: 'Pricing', href: '/pricing' });
    const [span, link, nav] = parse(event.elements_chain ?? '');
    expect(span).toMatchObject({ tag: 'span', text: 'Pricing', href: undefined });
    expect(link).toMatchObject({ tag: 'a', href: '/pricing', nthChild: '3' });
    // posthog-js records the link's href attribute beside the href field.
    expect(event.elements_chain).toContain('attr__href="/pricing"');
    expect(nav?.tag).toBe('nav');
    expect(matches({ steps: [{ event: '$autocapture', href: '/pricing', selector: 'a.link:nth-child(3)' }] }, event)).toBe(true);
  });

  it('takes the event name, url, properties and event fields as options', () => {
    const event = autocapture('button', { event: '$rageclick', url: 'https://shop.test/cart', properties: { plan: 'pro' }, uuid: 'u-1', distinct_id: 'd', timestamp: '2025-01-01T00:00:00Z' });
    expect(event).toMatchObject({ uuid: 'u-1', event: '$rageclick', distinct_id: 'd', timestamp: '2025-01-01T00:00:00Z', properties: { $current_url: 'https://shop.test/cart', $pathname: '/cart', plan: 'pro' } });
  });

  it('refuses a path it cannot build, naming it', () => {
    expect(() => autocapture('a, b')).toThrow(/element path "a, b" must be one path/);
    expect(() => autocapture('a:hover')).toThrow(/element path "a:hover": cannot build an element/);
    expect(() => autocapture('a >')).toThrow(/element path "a >"/);
  });
});

describe('pageview and customEvent', () => {
  it('a pageview carries its URL and matches url actions', () => {
    const event = pageview('https://example.com/pricing?plan=team', { $browser: 'Chrome' });
    expect(event.properties).toEqual({ $current_url: 'https://example.com/pricing?plan=team', $host: 'example.com', $pathname: '/pricing', $browser: 'Chrome' });
    expect(matches({ steps: [{ event: '$pageview', url: '/pricing' }] }, event)).toBe(true);
    expect(matches({ steps: [{ event: '$pageview', url: '/docs' }] }, event)).toBe(false);
    expect(pageview('not a url').properties).toEqual({ $current_url: 'not a url' });
  });

  it('a custom event carries its properties and a fresh uuid each time', () => {
    const one = customEvent('purchase', { amount: 250 }, { person: { properties: { plan: 'pro' } } });
    const two = customEvent('purchase');
    expect(one.uuid).not.toBe(two.uuid);
    expect(Number.isNaN(Date.parse(one.timestamp))).toBe(false);
    expect(matches({ steps: [{ event: 'purchase', properties: [{ key: 'amount', value: 100, operator: 'gt' }, { type: 'person', key: 'plan', value: 'pro' }] }] }, one)).toBe(true);
    expect(matches({ steps: [{ event: 'purchase', properties: [{ key: 'amount', value: 100, operator: 'gt' }] }] }, two)).toBe(false);
  });
});
