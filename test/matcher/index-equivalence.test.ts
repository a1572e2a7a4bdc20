// The candidate index must never change an answer: an indexed matcher and one that runs every
// program on every event agree on generated action sets and events, also across upserts and
// removals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/index.js';
import { anyStep, clickEvent, event } from '../differential/generators.js';

const actionSet = fc.array(fc.array(anyStep, { maxLength: 3 }), { minLength: 1, maxLength: 40 }).map((stepLists) =>
  stepLists.map((steps, i) => ({ id: i + 1, name: `a${i + 1}`, steps })),
);
const events = fc.array(fc.oneof(event, clickEvent), { minLength: 1, maxLength: 10 });

describe('the candidate index', () => {
  it('gives the same answers as running every program', () => {
    fc.assert(
      fc.property(actionSet, events, fc.array(fc.nat(), { maxLength: 5 }), (actions, evs, removals) => {
        const indexed = createMatcher(actions);
        const naive = createMatcher(actions, { indexed: false });
        const check = (): void => {
          for (const e of evs) {
            const json = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
            expect(indexed.match(json), JSON.stringify(json)).toEqual(naive.match(json));
          }
        };
        check();
        for (const n of removals) {
          const victim = actions[n % actions.length];
          if (victim === undefined) continue;
          indexed.remove(victim.id);
          naive.remove(victim.id);
          check();
          const replacement = { ...victim, steps: [...victim.steps].reverse() };
          indexed.upsert(replacement);
          naive.upsert(replacement);
          check();
        }
      }),
      { numRuns: 400, seed: 5150 },
    );
  });
});

describe('the candidate index with many literals (automaton path)', () => {
  it('agrees with running every program', () => {
    const words = ['pricing', 'docs', 'blog', 'signup', 'Ärger', 'straße', 'ſtar', 'a_b', 'x%y', 'API', 'api/v2', 'k'];
    const actions = words.flatMap((word, i) => [
      { id: i * 4 + 1, steps: [{ event: '$pageview', url: `/${word}` }] },
      { id: i * 4 + 2, steps: [{ event: '$autocapture', text: word, text_matching: 'contains' }] },
      { id: i * 4 + 3, steps: [{ properties: [{ key: 'q', value: word, operator: 'icontains' }] }] },
      { id: i * 4 + 4, steps: [{ event: '$autocapture', href: `/${word}`, href_matching: 'contains' }] },
    ]);
    const indexed = createMatcher(actions);
    const naive = createMatcher(actions, { indexed: false });
    fc.assert(
      fc.property(
        fc.constantFrom('$pageview', '$autocapture'),
        fc.array(fc.constantFrom(...words, 'STRASSE', 'API/V2', 'K', 'axb', '\n', '/', 'zzz'), { maxLength: 6 }).map((parts) => parts.join('')),
        (name, text) => {
          const chain = `a:href="/${text}"nth-child="1"nth-of-type="1"text="${text.replaceAll('"', '')}"`;
          const ev = { event: name, elements_chain: chain, properties: { $current_url: `https://x.io/${text}`, q: text } };
          const answer = indexed.match(ev);
          expect(answer).toEqual(naive.match(ev));
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
  });
});
