import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ElementsChain } from '../../src/event/elements-chain.js';
import { serializeElements } from '../../src/event/serialize-elements.js';

describe('serializeElements (PostHog elements_to_string)', () => {
  it('writes the example chain of SEMANTICS §5.1', () => {
    const elements = [
      { tag_name: 'button', attr_class: ['primary', 'btn'], text: 'Buy "now"', attr_id: 'buy', nth_child: 2, nth_of_type: 1, attributes: { attr__class: 'btn primary' }, order: 0 },
      { tag_name: 'div', attr_class: ['card'], nth_child: 1, nth_of_type: 1, order: 1 },
      { tag_name: 'body', nth_child: 2, nth_of_type: 1, order: 2 },
    ];
    expect(serializeElements(elements)).toBe(
      'button.btn.primary:attr__class="btn primary"attr_id="buy"nth-child="2"nth-of-type="1"text="Buy \\"now\\"";' +
        'div.card:nth-child="1"nth-of-type="1";body:nth-child="2"nth-of-type="1"',
    );
  });

  it.each([
    ['not an array', { tag_name: 'a' }, ''],
    ['empty', [], ''],
    ['an element that is not an object', [null, 'x'], ':nth-child="0"nth-of-type="0";:nth-child="0"nth-of-type="0"'],
    ['missing positions are 0 (`or 0`)', [{ tag_name: 'a', nth_child: null, nth_of_type: '' }], 'a:nth-child="0"nth-of-type="0"'],
    ['falsy text, href and id are left out', [{ tag_name: 'a', text: '', href: null, attr_id: 0 }], 'a:nth-child="0"nth-of-type="0"'],
    ['empty tag and classes', [{ tag_name: '', attr_class: [] }], ':nth-child="0"nth-of-type="0"'],
    ['href is its own key', [{ tag_name: 'a', href: '/x', attributes: { attr__href: '/x' } }], 'a:attr__href="/x"href="/x"nth-child="0"nth-of-type="0"'],
    ['attributes override the fields', [{ tag_name: 'a', text: 'x', attributes: { text: 'y', 'nth-child': 7 } }], 'a:nth-child="7"nth-of-type="0"text="y"'],
    ['quotes are dropped from classes and escaped in keys and values', [{ tag_name: 'a', attr_class: ['x"y'], attributes: { 'attr__a"b': 'c"d' } }], 'a.xy:attr__a\\"b="c\\"d"nth-child="0"nth-of-type="0"'],
    ['classes sort by code point', [{ tag_name: 'a', attr_class: ['b', 'B', 'a', '\u{1F600}', '\uFF5E'] }], 'a.B.a.b.\uFF5E.\u{1F600}:nth-child="0"nth-of-type="0"'],
    ['keys sort by code point', [{ attributes: { 'attr__data-x': '1', attr__Z: '2', attr__a: '3' } }], ':attr__Z="2"attr__a="3"attr__data-x="1"nth-child="0"nth-of-type="0"'],
    ['a class string is split like the DOM does', [{ tag_name: 'a', attr_class: ' b  a\tc ' }], 'a.a.b.c:nth-child="0"nth-of-type="0"'],
    ['elements keep array order, not `order`', [{ tag_name: 'b', order: 1 }, { tag_name: 'a', order: 0 }], 'b:nth-child="0"nth-of-type="0";a:nth-child="0"nth-of-type="0"'],
    ['nothing else is escaped', [{ tag_name: 'a', text: 'a;b:c\\d\ne' }], 'a:nth-child="0"nth-of-type="0"text="a;b:c\\d\ne"'],
  ])('%s', (_name, elements, expected) => {
    expect(serializeElements(elements)).toBe(expected);
  });

  it.each([
    [true, 'True'],
    [false, 'False'],
    [null, 'None'],
    [3, '3'],
    [-0, '0'],
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e20, '150000000000000000000'],
    [1.25e-7, '1.25e-07'],
    [123456789.125, '123456789.125'],
    [['a', 1, true, null], "['a', 1, True, None]"],
    [{ k: "it's" }, `{'k': "it's"}`],
    [['a\nb', 'q\\'], "['a\\nb', 'q\\\\']"],
  ])('writes the attribute value %j as Python str() does', (value, expected) => {
    expect(serializeElements([{ attributes: { attr__x: value } }])).toBe(`:attr__x="${expected.replaceAll('"', '\\"')}"nth-child="0"nth-of-type="0"`);
  });

  it('is total on garbage', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => typeof serializeElements(value) === 'string' && typeof serializeElements([value, { attributes: value, attr_class: value, tag_name: value }]) === 'string'),
      { seed: 7, numRuns: 2_000 },
    );
  });

  it('reads back through ElementsChain', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', '-', '_', ':', '/', '[', ']', '1'), minLength: 1, maxLength: 8 });
    // A `\` right before a `"` or at the end of a value is ambiguous in the format (PostHog only
    // escapes quotes), so such values cannot read back and are left out.
    const value = fc
      .string({ unit: fc.constantFrom('a', ' ', '"', ';', ':', '.', '=', '\\', '\n', 'é', '😀'), maxLength: 10 })
      .filter((text) => !/\\("|$)/.test(text));
    const element = fc.record({
      tag_name: fc.constantFrom('a', 'div', 'button', 'svg'),
      attr_class: fc.uniqueArray(name, { maxLength: 4 }),
      text: value,
      href: value,
      attr_id: value,
      nth_child: fc.integer({ min: 1, max: 30 }),
      nth_of_type: fc.integer({ min: 1, max: 30 }),
      attributes: fc.dictionary(name.map((key) => `attr__${key}`), value, { maxKeys: 3 }),
    });
    const chain = new ElementsChain();
    fc.assert(
      fc.property(fc.array(element, { maxLength: 5 }), (elements) => {
        chain.reset(serializeElements(elements));
        const parsed = chain.elements();
        expect(parsed).toHaveLength(elements.length);
        elements.forEach((source, index) => {
          const read = parsed[index];
          expect(read?.tag).toBe(source.tag_name);
          expect(read?.classes).toEqual([...source.attr_class].sort());
          expect(read?.attribute('nth-child')).toBe(String(source.nth_child));
          expect(read?.attribute('attr_id')).toBe(source.attr_id === '' ? undefined : source.attr_id);
          expect(read?.attribute('text')).toBe(source.text === '' ? undefined : source.text);
          for (const [key, text] of Object.entries(source.attributes)) expect(read?.attribute(key)).toBe(text);
        });
      }),
      { seed: 20_511, numRuns: 1_500 },
    );
  });
});
