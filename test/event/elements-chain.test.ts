import fc from 'fast-check';
import { RE2 } from 're2-wasm';
import { describe, expect, it } from 'vitest';
import { ElementsChain } from '../../src/event/elements-chain.js';
import { serializeElements } from '../../src/event/serialize-elements.js';
import { parseChainReference, realisticChain, referenceClasses } from '../reference/selector-reference.js';

const EXAMPLE =
  'button.btn.primary:attr__class="btn primary"attr_id="buy"nth-child="2"nth-of-type="1"text="Buy \\"now\\"";' +
  'div.card:nth-child="1"nth-of-type="1";body:nth-child="2"nth-of-type="1"';

function chainOf(raw: string): ElementsChain {
  const chain = new ElementsChain();
  chain.reset(raw);
  return chain;
}

function shape(raw: string): Array<[string, readonly string[]]> {
  return chainOf(raw)
    .elements()
    .map((element) => [element.tag, element.classes]);
}

describe('derived values (§5.2)', () => {
  it('reads the example chain', () => {
    const chain = chainOf(EXAMPLE);
    expect(chain.raw).toBe(EXAMPLE);
    expect(chain.href()).toBe('');
    // The lazy capture stops at the escaped quote, as PostHog's regex does.
    expect(chain.texts()).toEqual(['Buy \\']);
    expect(chain.ids()).toEqual(['buy']);
  });

  it.each([
    ['first unprefixed href wins', 'a:attr__href="/x"href="/one";a:href="/two"', '/one'],
    ['attr__href alone is not an href', 'a:attr__href="/x"', ''],
    ['a quote may prefix the key', 'a:attr__x="1"href="/q"', '/q'],
    ['newline inside skips the candidate', 'a:href="/a\nb";a:href="/c"', '/c'],
    ['a later candidate may start inside a failed one', 'a:href="x\n:href="/y"', '/y'],
    ['empty value', 'a:href=""', ''],
    ['no chain', '', ''],
  ])('href: %s', (_name, raw, expected) => {
    expect(chainOf(raw).href()).toBe(expected);
  });

  it.each([
    ['distinct, first-occurrence order', 'a:text="b";a:text="a";a:text="b"', ['b', 'a']],
    ['escaped quote cuts the text', 'a:text="say \\"hi\\""', ['say \\']],
    ['a text with a newline is skipped', 'a:text="x\ny";b:text="z"', ['z']],
    ['candidates inside a failed one', 'a:text="x\n:text="y"', ['y']],
    ['needs a `:` or `"` before the key', 'a.text="x";b:xtext="y";c:text="z"', ['z']],
    ['matches do not overlap', 'a:text=":text="x"', [':text=']],
    ['empty text', 'a:text=""', ['']],
    ['unterminated', 'a:text="abc', []],
  ])('texts: %s', (_name, raw, expected) => {
    expect(chainOf(raw).texts()).toEqual(expected);
  });

  it('ids ignore attr__id and keep order', () => {
    expect(chainOf('a:attr__id="n"attr_id="b";b:attr_id="a";c:attr_id="b"').ids()).toEqual(['b', 'a']);
  });

  it('dedupes many texts', () => {
    const raw = Array.from({ length: 100 }, (_, index) => `a:text="t${index % 40}"`).join(';');
    expect(chainOf(raw).texts()).toEqual(Array.from({ length: 40 }, (_, index) => `t${index}`));
  });

  it('forgets everything on reset', () => {
    const chain = chainOf(EXAMPLE);
    expect(chain.elements()).toHaveLength(3);
    expect(chain.texts()).toHaveLength(1);
    chain.reset('a:href="/x"text="y"');
    expect([chain.href(), chain.texts(), chain.ids(), chain.elements().length]).toEqual(['/x', ['y'], [], 1]);
    chain.reset('');
    expect([chain.href(), chain.texts(), chain.ids(), chain.elements().length]).toEqual(['', [], [], 0]);
  });
});

describe('derived values: differential against re2-wasm', () => {
  // Built once: re2-wasm never frees a compiled pattern. Its `index` and `lastIndex` count code
  // points, not UTF-16 units, so the scan below restarts on slices and converts the index.
  const hrefRegex = new RE2('(?::|")href="(.*?)"', 'u');
  const textRegex = new RE2('(?::|")text="(.*?)"', 'u');
  const idRegex = new RE2('(?::|")attr_id="(.*?)"', 'u');
  const unitOffset = (text: string, codePoints: number): number => {
    let units = 0;
    for (let seen = 0; seen < codePoints; seen++) units += (text.codePointAt(units) ?? 0) > 0xffff ? 2 : 1;
    return units;
  };
  const extractAll = (regex: RE2, raw: string): string[] => {
    const found: string[] = [];
    for (let position = 0; position <= raw.length; ) {
      const rest = raw.slice(position);
      const match = regex.exec(rest);
      if (match === null) break;
      const value = match[1] ?? '';
      if (!found.includes(value)) found.push(value);
      position += unitOffset(rest, match.index) + (match[0] ?? '').length;
    }
    return found;
  };
  const tokens = ['text="', 'href="', 'attr_id="', 'attr__href="', ':', '"', '\\"', '\\', '\n', '\r', '\u2028', ';', '=', 'a', 'é', '😀', ' ', '.', 'text=', 'xtext="', ':text="', '"text="', ':href="', ':attr_id="', '""', 'nth-child="1"'];
  const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((parts) => parts.join(''));
  const text = fc.string({ unit: fc.constantFrom('a', 'é', '"', '\\', '\n', ';', ':', ' ', '😀', 'text="'), maxLength: 12 });
  const element = fc.record({ tag_name: fc.constantFrom('a', 'div', 'button'), text, href: text, attr_id: text, attributes: fc.dictionary(fc.constantFrom('attr__href', 'attr__id', 'attr__text'), text) }, { requiredKeys: ['tag_name'] });
  const realistic = fc.array(element, { maxLength: 5 }).map(serializeElements);

  it('href, texts and ids equal RE2 on generated hostile chains', () => {
    fc.assert(
      fc.property(fc.oneof(soup, realistic), (raw) => {
        const chain = chainOf(raw);
        expect(chain.href()).toBe(hrefRegex.exec(raw)?.[1] ?? '');
        expect(chain.texts()).toEqual(extractAll(textRegex, raw));
        expect(chain.ids()).toEqual(extractAll(idRegex, raw));
      }),
      { seed: 5_2_2024, numRuns: 8_000 },
    );
  });
});

describe('structure (§5.1)', () => {
  it('parses the example chain, clicked element first', () => {
    const elements = chainOf(EXAMPLE).elements();
    expect(elements.map((element) => [element.tag, element.classes])).toEqual([
      ['button', ['btn', 'primary']],
      ['div', ['card']],
      ['body', []],
    ]);
    const button = elements[0];
    expect(button?.attribute('text')).toBe('Buy "now"');
    expect(button?.attribute('attr__class')).toBe('btn primary');
    expect(button?.attribute('attr_id')).toBe('buy');
    expect(button?.attribute('nth-child')).toBe('2');
    expect(button?.attribute('href')).toBeUndefined();
    expect(elements[2]?.attribute('nth-of-type')).toBe('1');
  });

  it.each([
    ['utility classes keep their colon', 'div.hover:bg-blue.md:w-1/2:nth-child="1"', [['div', ['hover:bg-blue', 'md:w-1/2']]]],
    ['a class with a colon and no attributes', 'div.hover:bg-blue', [['div', ['hover:bg-blue']]]],
    ['no colon at all', 'span.a.b', [['span', ['a', 'b']]]],
    ['no tag', '.a:text="x"', [['', ['a']]]],
    ['empty class names are dropped', 'div..a.:text="x"', [['div', ['a']]]],
    ['empty elements are dropped', ';;a;;b;', [['a', []], ['b', []]]],
    ['a trailing colon ends the head', 'a.x:', [['a', ['x']]]],
    ['`;` and `:` inside values', 'a:attr__style="x;y:z"text="p;q";b', [['a', []], ['b', []]]],
    ['a first key starting attr__ with odd characters', 'a.b:c:attr__@click="go"', [['a', ['b:c']]]],
    ['a first key with odd characters', 'a.b:c:@click="go"', [['a', ['b:c']]]],
    ['an unterminated quote is plain text', 'a:text="x;b;c', [['a', []], ['b', []], ['c', []]]],
    ['an escaped quote at the very end', 'a:text="x\\"', [['a', []]]],
    ['only a quote', '"', [['"', []]]],
  ])('%s', (_name, raw, expected) => {
    expect(shape(raw)).toEqual(expected);
  });

  it('keeps `;` inside a quoted value and decodes escaped quotes', () => {
    const [first] = chainOf('a:text="say \\"a;b\\""attr__x="1";b').elements();
    expect(first?.attribute('text')).toBe('say "a;b"');
    expect(first?.attribute('attr__x')).toBe('1');
  });

  it('keeps other backslashes as written', () => {
    expect(chainOf('a:text="a\\\\"').elements()[0]?.attribute('text')).toBe('a\\\\');
    expect(chainOf('a:text="C:\\dir"').elements()[0]?.attribute('text')).toBe('C:\\dir');
  });

  it('a repeated key reads its last value; an unterminated pair is dropped', () => {
    const [element] = chainOf('a:x="1"x="2"y="3').elements();
    expect(element?.attribute('x')).toBe('2');
    expect(element?.attribute('y')).toBeUndefined();
  });

  it('survives a 100 KB text', () => {
    const big = 'x'.repeat(100_000);
    const chain = chainOf(`a.b:text="${big}";div:attr_id="n"`);
    expect(chain.texts()).toEqual([big]);
    expect(shape(chain.raw)).toEqual([['a', ['b']], ['div', []]]);
    expect(chain.elements()[0]?.attribute('text')).toHaveLength(100_000);
    expect(chain.hasClass(0, 'b')).toBe(true);
  });

  it.each([
    ['quotes', '"'.repeat(200_000)],
    ['escaped quotes', '\\"'.repeat(100_000)],
    ['semicolons then a quote', 'a;'.repeat(100_000) + '"'],
    ['colons', ':'.repeat(200_000) + '"'],
    ['keys', ':text="'.repeat(30_000)],
    ['newlines in texts', ':text="\n'.repeat(30_000)],
    ['elements without values', 'a:b=c;'.repeat(40_000) + 'x="y"'],
  ])('stays linear on pathological input: %s', (_name, raw) => {
    const chain = chainOf(raw);
    chain.href();
    chain.texts();
    chain.ids();
    for (let index = 0; index < chain.elementCount(); index++) {
      chain.tagEquals(index, 'a');
      chain.hasClass(index, 'b');
      chain.attributeEquals(index, 'text', 'x');
    }
    expect(chain.elements().length).toBe(chain.elementCount());
  });

  it('index queries out of range are false', () => {
    const chain = chainOf('a.b:x="1"');
    expect([chain.tagEquals(1, 'a'), chain.hasClass(-1, 'b'), chain.attributeEquals(5, 'x', '1'), chain.tagOf(3)]).toEqual([false, false, false, '']);
  });

  it('agrees with the reference parser on generated chains', () => {
    const tokens = [';', ':', '"', '\\"', '\\', '.', '=', '="', 'div', 'a', 'x', 'hover:bg', 'attr__x="', 'text="', 'attr_id="v"', 'nth-child="1"', '@k="', ';;', ' '];
    const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 40 }).map((parts) => parts.join(''));
    const value = fc.string({ unit: fc.constantFrom('a', '"', '\\', ';', ':', '.', '=', ' '), maxLength: 8 });
    const element = fc.record({
      tag_name: fc.constantFrom('a', 'div', 'Svg'),
      attr_class: fc.array(fc.constantFrom('x', 'y', 'hover:bg', 'p-1.5', 'w:1=2'), { maxLength: 3 }),
      text: value,
      attr_id: value,
      attributes: fc.dictionary(fc.constantFrom('attr__data-x', 'attr__@click', 'attr__x:y', 'custom'), value),
    });
    const realistic = fc.array(element, { maxLength: 4 }).map(serializeElements);
    const chain = new ElementsChain();
    fc.assert(
      fc.property(fc.oneof(soup, realistic), (raw) => {
        chain.reset(raw);
        const expected = parseChainReference(raw);
        const actual = chain.elements();
        expect(actual.map((element) => [element.tag, element.classes])).toEqual(expected.map((element) => [element.tag, referenceClasses(element)]));
        expected.forEach((element, index) => {
          for (const [key, value] of element.attributes) expect(actual[index]?.attribute(key)).toBe(value);
          expect(actual[index]?.attribute('absent')).toBe(element.attributes.get('absent'));
        });
      }),
      { seed: 51_2024, numRuns: 4_000 },
    );
  });
});
