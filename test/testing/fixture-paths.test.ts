// autocapture(path) for generated paths: the chain it writes parses back to the path's elements,
// and the event matches an action whose selector is that same path. Plus the details posthog-js
// gets right that a fixture must copy: lowercase tags and single-line element text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/index.js';
import { ElementsChain } from '../../src/event/elements-chain.js';
import { autocapture } from '../../src/testing/fixtures.js';

interface PathElement {
  tag: string;
  id: string | null;
  classes: string[];
  attributes: Array<[string, string]>;
  nthChild: number | null;
}

const identifier = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,7}$/);
// Attribute values with what breaks naive writers: spaces, quotes, `>`, `;`, `:`, `=`, `\`, unicode.
const attributeValue = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', "'", '>', ';', ':', '=', '\\', '.', '#', 'é', '日', '✓', '😀'), maxLength: 12 });
const attributeName = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/).filter((name) => name !== 'class' && name !== 'id');

const pathElement: fc.Arbitrary<PathElement> = fc.record({
  tag: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,5}$/),
  id: fc.option(identifier, { nil: null }),
  classes: fc.uniqueArray(identifier, { maxLength: 3 }),
  attributes: fc.uniqueArray(fc.tuple(attributeName, attributeValue), { maxLength: 2, selector: ([name]) => name }),
  nthChild: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
});

/** A CSS string: quotes and backslashes escaped, so css-what reads the value back unchanged. */
function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

function writeElement(element: PathElement): string {
  let text = element.tag;
  if (element.id !== null) text += `#${element.id}`;
  for (const name of element.classes) text += `.${name}`;
  for (const [name, value] of element.attributes) text += `[${name}=${cssString(value)}]`;
  if (element.nthChild !== null) text += `:nth-child(${element.nthChild})`;
  return text;
}

const elementPath = fc.record({
  elements: fc.array(pathElement, { minLength: 1, maxLength: 4 }),
  combinators: fc.array(fc.constantFrom(' > ', ' '), { minLength: 3, maxLength: 3 }),
});

function writePath(elements: readonly PathElement[], combinators: readonly string[]): string {
  return elements.map((element, index) => (index === 0 ? '' : combinators[index - 1] ?? ' > ') + writeElement(element)).join('');
}

function matchesSelector(selector: string, event: unknown): boolean {
  return createMatcher([{ id: 1, steps: [{ event: '$autocapture', selector }] }]).match(event).includes(1);
}

describe('autocapture on generated paths', () => {
  it('writes a chain that parses back to the elements of the path, and that matches the path as a selector', () => {
    fc.assert(
      fc.property(elementPath, ({ elements, combinators }) => {
        const path = writePath(elements, combinators);
        const hasBackslash = elements.some((element) => element.attributes.some(([, value]) => value.includes('\\')));
        let event: ReturnType<typeof autocapture>;
        try {
          event = autocapture(path);
        } catch (caught) {
          // Only a backslash can make a value unwritable (the chain escapes quotes, not backslashes).
          expect(hasBackslash).toBe(true);
          expect(String(caught)).toMatch(/^TypeError: element path .* cannot be written in an elements chain/);
          return;
        }
        const chain = new ElementsChain();
        chain.reset(event.elements_chain ?? '');
        const parsed = chain.elements();
        expect(parsed.length).toBe(elements.length);
        // The chain is innermost first; the path is outermost first.
        [...elements].reverse().forEach((element, index) => {
          const read = parsed[index];
          expect(read?.tag).toBe(element.tag.toLowerCase());
          expect(read?.attribute('attr_id')).toBe(element.id ?? undefined);
          expect([...(read?.classes ?? [])]).toEqual([...element.classes].sort());
          for (const [name, value] of element.attributes) expect(read?.attribute(`attr__${name}`)).toBe(value);
          expect(read?.attribute('nth-child')).toBe(String(element.nthChild ?? 1));
        });
        expect(matchesSelector(path, event)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('does not match the selector of a different clicked element', () => {
    fc.assert(
      fc.property(elementPath, ({ elements, combinators }) => {
        const path = writePath(elements, combinators.map(() => ' > '));
        if (path.includes('\\')) return;
        // A tag the generator never produces (it has a dash), on the innermost element.
        expect(matchesSelector(`${path} > x-other`, autocapture(path))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('autocapture records what posthog-js records', () => {
  it('lowercases tags, as the DOM reports them in uppercase and posthog-js lowercases them', () => {
    const event = autocapture('DIV.Card > BUTTON#Go');
    expect(event.elements_chain?.startsWith('button:')).toBe(true);
    expect(matchesSelector('div.Card > button#Go', event)).toBe(true);
    expect(matchesSelector('DIV.Card > BUTTON#Go', event)).toBe(true);
  });

  it('writes element text on one line, as posthog-js does, so a text action can match it', () => {
    const event = autocapture('button', { text: '  Sign\nup   now\r\n' });
    expect(event.properties['$el_text']).toBe('Sign up now');
    const byText = (text: string) => createMatcher([{ id: 1, steps: [{ event: '$autocapture', text }] }]).match(event).includes(1);
    expect(byText('Sign up now')).toBe(true);
    const long = autocapture('button', { text: 'x'.repeat(300) });
    expect(long.properties['$el_text']).toBe('x'.repeat(255));
  });

  it('refuses a value the chain cannot carry instead of writing a chain that reads differently', () => {
    // CSS `"C:\\"` is the value C:\ (one backslash at the end).
    const path = String.raw`div[data-path="C:\\"] > button`;
    expect(() => autocapture(path)).toThrow(`element path ${JSON.stringify(path)}: the [data-path] value ${JSON.stringify('C:\\')} of <div> cannot be written in an elements chain`);
    expect(() => autocapture('button', { text: 'a\\' })).toThrow(`the text value ${JSON.stringify('a\\')} of <button> cannot be written`);
    expect(() => autocapture(String.raw`button#x\\`)).toThrow(/the id value/);
    // A backslash elsewhere is fine.
    expect(autocapture(String.raw`button[data-x="a\\b"]`).elements_chain).toContain(String.raw`attr__data-x="a\b"`);
  });

  it('keeps attribute values with spaces, quotes and `>` intact, and the href on an `a` ancestor', () => {
    const event = autocapture('nav[aria-label="Main > top"] > a.nav[title=\'Say "hi"\'] > span', { href: '/pricing?a=1 b', text: 'Pricing ✓' });
    const chain = new ElementsChain();
    chain.reset(event.elements_chain ?? '');
    const [span, link, nav] = chain.elements();
    expect(span?.attribute('href')).toBeUndefined();
    expect(link?.attribute('href')).toBe('/pricing?a=1 b');
    expect(link?.attribute('attr__title')).toBe('Say "hi"');
    expect(nav?.attribute('attr__aria-label')).toBe('Main > top');
    const action = { id: 1, steps: [{ event: '$autocapture', selector: 'nav[aria-label="Main > top"] a.nav > span', href: '/pricing?a=1 b', text: 'Pricing ✓' }] };
    expect(createMatcher([action]).match(event)).toEqual([1]);
  });
});
