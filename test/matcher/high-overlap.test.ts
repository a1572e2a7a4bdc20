// The new core against the naive loop on generated workloads where events match hundreds of
// actions: action sets drawn from small pools of shared URL prefixes, regexes, selectors, texts
// and property filters (as real teams' actions share them), events drawn from the same pools,
// and the set changed by upserts and removals between rounds. Every answer must equal the
// naive loop's, and the workload must really overlap (some event matching over 100 actions).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/index.js';

const paths = ['/docs', '/docs/alpha-', '/docs/alpha-1', '/pricing', '/pricing/alph', '/blog/', 'utm_source=ads', '/app/a%b', '/app/a_c'];
const urlRegexes = ['/docs/alph', '^https://x\\.io/docs/', '/(docs|blog)/[a-z]+-[0-9]+', '(?i)/PRICING', '[0-9]$', 'utm_[a-z]+=ads'];
const selectors = ['div.row', 'button.btn', 'div.card button', 'nav a', 'div.row > button.btn', 'button.btn-primary', 'li.item > a', '[data-attr="cta"]', '#buy', 'div.row button:nth-child(2)', '*'];
const texts = ['Sign up', 'Buy now', 'Log in', 'sign', 'Buy'];
const names = ['signed_up', 'purchase', 'invite'];

const urlStep = fc.record({ event: fc.constant('$pageview'), url: fc.constantFrom(...paths, ...urlRegexes), url_matching: fc.constantFrom('contains', 'regex', 'exact', null) });
const clickStep = fc.record(
  {
    event: fc.constant('$autocapture'),
    selector: fc.constantFrom(...selectors),
    text: fc.constantFrom(...texts),
    text_matching: fc.constantFrom('exact', 'contains', 'regex', null),
    tag_name: fc.constantFrom('button', 'a'),
    url: fc.constantFrom('/docs', '/pricing'),
  },
  { requiredKeys: ['event'] },
);
const filter = fc.oneof(
  fc.record({ key: fc.constant('amount'), value: fc.constantFrom(50, 100, 300), operator: fc.constantFrom('gt', 'lt', 'exact') }),
  fc.record({ key: fc.constant('plan'), value: fc.constantFrom('free', 'team'), operator: fc.constantFrom('exact', 'is_not', 'icontains', 'regex'), type: fc.constantFrom('person', 'event') }),
  fc.record({ key: fc.constant('email'), value: fc.constantFrom('@example\\.com$', '^user1', 'example'), operator: fc.constantFrom('regex', 'not_regex', 'icontains'), type: fc.constant('person') }),
);
const customStep = fc.record({ event: fc.constantFrom(...names), properties: fc.array(filter, { maxLength: 2 }) });
const anyStep = fc.oneof(urlStep, clickStep, customStep);
const actionSet = fc.array(fc.array(anyStep, { minLength: 1, maxLength: 2 }), { minLength: 800, maxLength: 1000 }).map((list) => list.map((steps, i) => ({ id: i + 1, steps })));

const element = (tag: string, classes: string[], attributes: string): string =>
  `${tag}${classes.map((c) => '.' + c).join('')}:${classes.length > 0 ? `attr__class="${classes.join(' ')}"` : ''}${attributes}nth-child="${1 + (tag.length % 3)}"nth-of-type="1"`;
const chain = fc
  .tuple(fc.constantFrom('button', 'a', 'span'), fc.subarray(['btn', 'btn-primary', 'item'], { maxLength: 2 }), fc.constantFrom(...texts), fc.subarray(['row', 'card', 'nav', 'li'], { minLength: 1 }), fc.boolean())
  .map(([tag, classes, text, parents, withId]) =>
    [
      element(tag, classes, `${withId ? 'attr_id="buy"' : 'attr__data-attr="cta"'}text="${text}"`),
      ...parents.map((parent) => (parent === 'nav' ? element('nav', [], '') : parent === 'li' ? element('li', ['item'], '') : element('div', [parent], ''))),
      element('body', [], ''),
    ].join(';'),
  );
const event = fc.oneof(
  fc.record({ event: fc.constant('$pageview'), properties: fc.record({ $current_url: fc.constantFrom(...paths, '/docs/alpha-12', '/blog/beta-3', '/app/axb').map((path) => `https://x.io${path}?utm_source=ads`) }) }),
  fc.record({ event: fc.constant('$autocapture'), elements_chain: chain, properties: fc.record({ $current_url: fc.constantFrom('https://x.io/docs', 'https://x.io/pricing') }) }),
  fc.record({
    event: fc.constantFrom(...names),
    properties: fc.record({ amount: fc.constantFrom(10, 100, 500), plan: fc.constantFrom('free', 'team') }),
    person: fc.record({ properties: fc.record({ plan: fc.constantFrom('free', 'team'), email: fc.constantFrom('user1@example.com', 'x@corp.io') }) }),
  }),
);

describe('the matching core on high-overlap workloads', () => {
  it('agrees with the naive loop through upserts and removals, with events matching hundreds of actions', () => {
    let widest = 0;
    fc.assert(
      fc.property(actionSet, fc.array(event, { minLength: 20, maxLength: 30 }), fc.array(fc.tuple(fc.nat(), anyStep), { minLength: 5, maxLength: 40 }), (actions, events, changes) => {
        const core = createMatcher(actions);
        const naive = createMatcher(actions, { indexed: false });
        const check = (): void => {
          for (const e of events) {
            const json = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
            const answer = core.match(json);
            widest = Math.max(widest, answer.length);
            expect(answer, JSON.stringify(json)).toEqual(naive.match(json));
          }
        };
        check();
        changes.forEach(([n, step], i) => {
          const id = (n % actions.length) + 1;
          if (i % 3 === 0) {
            expect(core.remove(id)).toBe(naive.remove(id));
          } else {
            core.upsert({ id, steps: [step] });
            naive.upsert({ id, steps: [step] });
          }
        });
        check();
      }),
      { numRuns: 12, seed: 1616 },
    );
    expect(widest).toBeGreaterThan(100);
  });
});
