import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSelector } from '../../src/compile/selector.js';
import { ElementsChain } from '../../src/event/elements-chain.js';
import { serializeElements } from '../../src/event/serialize-elements.js';
import type { SelectorOperand } from '../../src/bytecode/selector-operand.js';
import { createSelectorMatcher } from '../../src/vm/selector-match.js';
import { createTableSelectorMatcher, createTableTagTest, ElementTables } from '../../src/vm/element-tables.js';
import { parseChainReference, realisticChain, referenceSelectorMatch } from '../reference/selector-reference.js';

// span (clicked) inside button#buy.btn.primary inside div.card inside body
const CHAIN =
  'span.label:nth-child="1"nth-of-type="1"text="Buy";' +
  'button.btn.hover:bg-blue.primary.py-1.5:attr__class="btn primary hover:bg-blue py-1.5"attr__data-attr="buy \\"now\\""attr_id="buy"nth-child="2"nth-of-type="1";' +
  'div.card:attr__style="color: red; margin: 0"nth-child="1"nth-of-type="1";' +
  'body:nth-child="2"nth-of-type="1"';

const chain = new ElementsChain();

function matches(selector: string, raw = CHAIN): boolean {
  chain.reset(raw);
  return createSelectorMatcher(compileSelector(selector, 'selector'))(chain);
}

describe('createSelectorMatcher (§6)', () => {
  it.each([
    ['span', true],
    ['button', true],
    ['a', false],
    ['*', true],
    ['BUTTON', true],
    ['.btn.primary', true],
    ['.btn.card', false],
    ['button.primary#buy', true],
    ['button#buy.primary', true],
    ['#buy', true],
    ['#bu', false],
    ['.bt', false],
    ['butto', false],
    ['.hover\\:bg-blue', true],
    ['.py-1\\.5', true],
    ['.py-1', true],
    ['.py-1\\.4', false],
    ['[data-attr="buy \\"now\\""]', true],
    ['[data-attr="buy \\"now"]', false],
    ['[class="btn primary hover:bg-blue py-1.5"]', true],
    ['[style="color: red; margin: 0"]', true],
    ['div[style="color: red"]', false],
    ['span:nth-child(1)', true],
    ['button:nth-child(2):nth-of-type(1)', true],
    ['button:nth-child(1)', false],
    ['[text="Buy"]', false],
    ['button span', true],
    ['button > span', true],
    ['div > span', false],
    ['div span', true],
    ['body div button span', true],
    ['body > div > button > span', true],
    ['body > button', false],
    ['body button', true],
    ['div > button', true],
    ['span button', false],
    ['button button', false],
    ['body > div button', true],
    ['body > * > button', true],
    ['body *', true],
    ['* > body', false],
    ['div.card > .btn#buy', true],
    ['div.card .btn#buy span.label', true],
    ['[id=buy][id=other]', false],
  ])('%s → %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it('does not match an empty chain', () => {
    expect(matches('*', '')).toBe(false);
    expect(matches('*', ';;')).toBe(false);
  });

  it('refuses a chain missing a literal without parsing it', () => {
    chain.reset(CHAIN);
    const matcher = createSelectorMatcher(compileSelector('button.checkout', 'selector'));
    expect(matcher(chain)).toBe(false);
    // The structural parse has not run: the element count is computed only now.
    expect((chain as unknown as { count: number }).count).toBe(-1);
  });

  it('never matches an invalid operand', () => {
    chain.reset(CHAIN);
    expect(createSelectorMatcher(['button', '>'] as SelectorOperand)(chain)).toBe(false);
    expect(createSelectorMatcher([] as SelectorOperand)(chain)).toBe(false);
  });

  it('reuses one chain across events', () => {
    const matcher = createSelectorMatcher(compileSelector('div > button', 'selector'));
    const events = ['button;div', 'div;button', 'button:text="x;y";div', '', 'button;span;div', 'button;div'];
    expect(
      events.map((raw) => {
        chain.reset(raw);
        return matcher(chain);
      }),
    ).toEqual([true, false, true, false, false, true]);
  });

  it('handles long chains linearly', () => {
    const raw = Array.from({ length: 20_000 }, () => 'div:nth-child="1"').join(';') + ';body';
    const matcher = createSelectorMatcher(compileSelector('body div div div div div div div div div div span', 'selector'));
    expect(matches('body div div div div div div div div div div', raw)).toBe(true);
    chain.reset(raw);
    expect(matcher(chain)).toBe(false);
  });
});

/** Some element of the chain has exactly this tag, by the reference parse. */
function referenceHasTag(_chain: ElementsChain, tag: string): boolean {
  return parseChainReference(_chain.raw).some((element) => element.tag === tag);
}

describe('differential: createSelectorMatcher vs the brute-force reference', () => {
  const tags = ['div', 'span', 'a', 'button', 'li'];
  const classes = ['x', 'y', 'btn', 'hover:bg', 'py-1.5', 'w-1/2'];
  const keys = ['attr_id', 'href', 'attr__data-x', 'nth-child', 'nth-of-type', 'text'];
  const values = ['1', '2', 'a', 'b"c', '', 'a b', 'x;y', 'p:q', 'b\\'];

  const element = fc.record({
    tag_name: fc.constantFrom(...tags),
    attr_class: fc.subarray(classes, { maxLength: 3 }),
    attr_id: fc.constantFrom(...values),
    href: fc.constantFrom(...values),
    text: fc.constantFrom(...values),
    nth_child: fc.constantFrom(1, 2),
    nth_of_type: fc.constantFrom(1, 2),
    attributes: fc.dictionary(fc.constantFrom('attr__data-x', 'attr__class'), fc.constantFrom(...values), { maxKeys: 2 }),
  });
  const realistic = fc.array(element, { minLength: 1, maxLength: 7 }).map(serializeElements);
  const noise = fc.constantFrom(';', ':', '"', '\\"', '.', '=', ';;', 'div', 'x', '.x', 'attr_id="1"', ':nth-child="2"', 'a:', 'text="');
  const mutated = fc.tuple(realistic, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 3 })).map(([raw, edits]) =>
    edits.reduce((text, [at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)), raw),
  );
  const soup = fc.array(fc.oneof(noise, fc.constantFrom(...tags)), { maxLength: 25 }).map((parts) => parts.join(''));
  const chainText = fc.oneof({ weight: 4, arbitrary: realistic }, { weight: 2, arbitrary: mutated }, { weight: 1, arbitrary: soup });

  const compound = fc.tuple(
    fc.oneof(fc.constant('*'), fc.constantFrom(...tags)),
    fc.subarray(classes, { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...values)), { maxLength: 2 }),
  ).map(([tag, names, pairs]) => [tag, names, pairs.flat()] as const);
  const operand = fc.array(compound, { minLength: 1, maxLength: 4 }).chain((compounds) =>
    fc.array(fc.constantFrom('>', ' '), { minLength: compounds.length - 1, maxLength: compounds.length - 1 }).map((combinators) => compounds.flatMap((item, index) => (index === 0 ? [item] : [combinators[index - 1], item]))),
  );

  it('agrees on generated selectors and chains', () => {
    const shared = new ElementsChain();
    fc.assert(
      fc.property(operand, fc.array(chainText, { minLength: 1, maxLength: 8 }), (selector, raws) => {
        const matcher = createSelectorMatcher(selector);
        for (const raw of raws) {
          shared.reset(raw);
          expect(matcher(shared), `${JSON.stringify(selector)} on ${JSON.stringify(raw)}`).toBe(referenceSelectorMatch(selector, raw));
        }
      }),
      { seed: 6_6_2024, numRuns: 12_000 },
    );
  });

  it('the element-table matcher agrees, many selectors sharing one table, chains short and long', () => {
    const long = fc.array(element, { minLength: 30, maxLength: 40 }).map(serializeElements);
    const anyChain = fc.oneof({ weight: 6, arbitrary: chainText }, { weight: 1, arbitrary: long });
    fc.assert(
      fc.property(fc.array(operand, { minLength: 1, maxLength: 6 }), fc.array(anyChain, { minLength: 1, maxLength: 6 }), (selectors, raws) => {
        const tables = new ElementTables();
        const shared = new ElementsChain();
        const matchers = selectors.map((selector) => createTableSelectorMatcher(selector, tables));
        const tagTests = tags.map((tag) => createTableTagTest(tag, tables, () => referenceHasTag(shared, tag)));
        for (const raw of raws) {
          tables.beginEvent();
          shared.reset(raw);
          selectors.forEach((selector, i) => expect(matchers[i]?.(shared), `${JSON.stringify(selector)} on ${JSON.stringify(raw)}`).toBe(referenceSelectorMatch(selector, raw)));
          tags.forEach((tag, i) => expect(tagTests[i]?.(shared), `tag ${tag} on ${JSON.stringify(raw)}`).toBe(referenceHasTag(shared, tag)));
        }
      }),
      { seed: 16_2026, numRuns: 3_000 },
    );
  });

  it('agrees on selectors written as CSS', () => {
    const css = fc.tuple(
      fc.array(fc.tuple(fc.constantFrom('', 'div', 'span', 'button', '*'), fc.subarray(['.x', '.btn', '.hover\\:bg', '.py-1\\.5', '#1', '#a', ':nth-child(2)', '[data-x="b\\"c"]', '[href=a]'], { maxLength: 2 })), { minLength: 1, maxLength: 3 }),
      fc.array(fc.constantFrom(' ', ' > ', '>', ' > * > '), { minLength: 2, maxLength: 2 }),
    ).map(([parts, joins]) => parts.map(([tag, rest], index) => (index === 0 ? '' : joins[index - 1] ?? ' ') + (tag === '' && rest.length === 0 ? '*' : tag) + rest.join('')).join(''));
    const shared = new ElementsChain();
    fc.assert(
      fc.property(css, fc.array(chainText, { minLength: 1, maxLength: 6 }), (selector, raws) => {
        const compiled = compileSelector(selector, 'selector');
        const matcher = createSelectorMatcher(compiled);
        for (const raw of raws) {
          shared.reset(raw);
          expect(matcher(shared), `${selector} on ${JSON.stringify(raw)}`).toBe(referenceSelectorMatch(compiled, raw));
        }
      }),
      { seed: 66_2024, numRuns: 4_000 },
    );
  });
});
