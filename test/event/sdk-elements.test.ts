// posthog-js's `$elements` (the SDK's own element objects), converted to a chain as PostHog's
// ingestion converts them: checked on clicks recorded from the real SDK
// (scripts/record-posthog-js-clicks.mjs), which also carry the SDK's own `$elements_chain`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/index.js';
import { serializeSdkElements } from '../../src/event/sdk-elements.js';

interface RecordedClick {
  uuid: string;
  event: string;
  properties: { $elements: unknown[]; $elements_chain: string; [key: string]: unknown };
}

const clicks = readFileSync(new URL('./data/posthog-js-clicks.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as RecordedClick);

const steps = (step: Record<string, unknown>): Record<string, unknown>[] => [{ event: '$autocapture', ...step }];
const actions = [
  { id: 1, steps: steps({ selector: '.nav-link' }) },
  { id: 2, steps: steps({ selector: '#buy' }) },
  { id: 3, steps: steps({ selector: 'nav.top a' }) },
  { id: 4, steps: steps({ selector: '[data-attr="docs-link"]' }) },
  { id: 5, steps: steps({ tag_name: 'button' }) },
  { id: 6, steps: steps({ text: 'Sign up free' }) },
  { id: 7, steps: steps({ href: '/signup' }) },
  { id: 8, steps: steps({ text: 'more', text_matching: 'contains' }) },
  { id: 9, steps: steps({ selector: 'div.card > button.small' }) },
  { id: 10, steps: steps({ selector: '.btn-primary' }) },
  { id: 11, steps: steps({ selector: 'li:nth-child(3) a' }) },
  { id: 12, steps: steps({ properties: [{ type: 'element', key: 'selector', value: 'form#form input', operator: 'exact' }] }) },
  { id: 13, steps: steps({ selector: '.Btn.UPPER' }) },
];
const { match } = createMatcher(actions);

function withOnly(click: RecordedClick, field: '$elements' | '$elements_chain'): unknown {
  const { $elements, $elements_chain, ...rest } = click.properties;
  return { uuid: click.uuid, event: click.event, properties: { ...rest, ...(field === '$elements' ? { $elements } : { $elements_chain }) } };
}

describe('posthog-js $elements', () => {
  it('is a recording of real clicks, classes and ids among them', () => {
    expect(clicks.length).toBeGreaterThanOrEqual(20);
    expect(clicks.some((click) => JSON.stringify(click.properties.$elements).includes('"attr__id"'))).toBe(true);
  });

  it.each(clicks.map((click) => [click.uuid, click] as const))('%s: converts to the chain the SDK itself sent', (_uuid, click) => {
    expect(serializeSdkElements(click.properties.$elements)).toBe(click.properties.$elements_chain);
  });

  it.each(clicks.map((click) => [click.uuid, click] as const))('%s: an event with only $elements matches what the chain matches', (_uuid, click) => {
    expect(match(withOnly(click, '$elements'))).toEqual(match(withOnly(click, '$elements_chain')));
  });

  it('lets selectors on classes, ids and attributes match (they were lost before)', () => {
    const matched = new Set(clicks.flatMap((click) => match(withOnly(click, '$elements'))));
    expect([...matched].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('prefers a non-empty $elements_chain, as ingestion does, and falls back to $elements when it is empty', () => {
    const click = clicks.find((candidate) => candidate.properties.$elements_chain.includes('id="buy"'));
    if (click === undefined) throw new Error('no click on #buy was recorded');
    const event = { event: '$autocapture', properties: { $elements: click.properties.$elements, $elements_chain: 'span:nth-child="1"nth-of-type="1"' } };
    expect(match(event)).toEqual([]);
    expect(match({ ...event, properties: { ...event.properties, $elements_chain: '' } })).toEqual(match(withOnly(click, '$elements_chain')));
  });
});

describe('serializeSdkElements on what ingestion would receive', () => {
  it.each([
    ['a class attribute split on single spaces, an array taken as it is', [{ tag_name: 'b', attr__class: 'x  y' }, { tag_name: 'i', attr__class: ['q', 'p'] }], 'b..x.y:attr__class="x  y"nth-child="0"nth-of-type="0";i.p.q:attr__class="q,p"nth-child="0"nth-of-type="0"'],
    ['text and href cut, quotes escaped, classes unquoted', [{ tag_name: 'a', $el_text: 'say "hi" ' + 'x'.repeat(500), attr__href: '/a', attr__class: 'c"d' }], `a.cd:attr__class="c\\"d"attr__href="/a"href="/a"nth-child="0"nth-of-type="0"text="say \\"hi\\" ${'x'.repeat(391)}"`],
    ['nth 0 kept, null attributes written as JavaScript prints them', [{ tag_name: 'p', nth_child: 0, nth_of_type: null, attr__title: null }], 'p:attr__title="null"nth-child="0"nth-of-type="0"'],
    ['not an array', 'button', ''],
    ['elements that are not objects', [null, 7], ':nth-child="0"nth-of-type="0";:nth-child="0"nth-of-type="0"'],
  ])('%s', (_name, elements, chain) => {
    expect(serializeSdkElements(elements)).toBe(chain);
  });
});
