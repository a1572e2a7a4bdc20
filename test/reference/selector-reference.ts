// A deliberately plain reading of the elements chain grammar (SEMANTICS.md §5.1, with the
// tie-breaking rules documented in src/event/elements-chain.ts) and of selector matching
// (§6), used only by the tests. It parses every element in full, decodes escapes pair by pair,
// and tries every placement of the compounds by recursion: slow, and obviously right.
// Also home to the realistic 2 KB chain the measurements use.
import { serializeElements } from '../../src/event/serialize-elements.js';

export interface ReferenceElement {
  readonly tag: string;
  /** The head after the tag, starting at its first `.` ('' when there are no classes). */
  readonly classText: string;
  readonly attributes: ReadonlyMap<string, string>;
}

/** The end of a quoted run starting after an opening quote, scanning `\x` pairs; -1 if open. */
function closingQuote(text: string, from: number, end: number): number {
  for (let index = from; index < end; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return -1;
}

interface RawElement {
  readonly text: string;
  /** [open, close] offsets (in `text`) of its quoted values. */
  readonly quoted: Array<[number, number]>;
}

/**
 * Splits on `;` outside quoted values. A `"` opens a value only if a later `"` closes it
 * (scanning `\x` pairs); the first one that does not is plain text, and so is every later `"`.
 */
export function splitChainReference(raw: string): RawElement[] {
  const elements: RawElement[] = [];
  let current: RawElement = { text: '', quoted: [] };
  let quotesLive = true;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index] as string;
    const close = char === '"' && quotesLive ? closingQuote(raw, index + 1, raw.length) : -1;
    if (char === '"' && quotesLive && close === -1) quotesLive = false;
    if (close !== -1) {
      current.quoted.push([current.text.length, current.text.length + close - index]);
      current = { text: current.text + raw.slice(index, close + 1), quoted: current.quoted };
      index = close;
    } else if (char === ';') {
      elements.push(current);
      current = { text: '', quoted: [] };
    } else {
      current = { text: current.text + char, quoted: current.quoted };
    }
  }
  elements.push(current);
  return elements.filter((element) => element.text !== '');
}

function headEnd(element: string): number {
  const firstQuote = element.indexOf('"');
  const limit = firstQuote < 0 ? element.length : firstQuote;
  for (let index = 0; index < limit; index++) {
    if (element[index] !== ':') continue;
    const rest = element.slice(index + 1);
    if (rest === '' || rest.startsWith('attr__') || /^[A-Za-z0-9_-]*=/.test(rest)) return index;
  }
  if (firstQuote >= 0) {
    const lastColon = element.slice(0, firstQuote).lastIndexOf(':');
    if (lastColon >= 0) return lastColon;
  }
  return element.length;
}

function decodeValue(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\\' && text[index + 1] === '"') {
      out += '"';
      index++;
    } else if (text[index] === '\\' && index + 1 < text.length) {
      out += text.slice(index, index + 2);
      index++;
    } else {
      out += text[index];
    }
  }
  return out;
}

/** Attributes are the quoted values right after `=`; each key runs from the previous one. */
export function parseElementReference({ text, quoted }: RawElement): ReferenceElement {
  const end = headEnd(text);
  const head = text.slice(0, end);
  const dot = head.indexOf('.');
  const attributes = new Map<string, string>();
  let keyStart = end + 1;
  for (const [open, close] of quoted) {
    if (open - 1 < keyStart || text[open - 1] !== '=') continue;
    // Keys are compared as written; only values are decoded. A repeated key keeps its last value.
    attributes.set(text.slice(keyStart, open - 1), decodeValue(text.slice(open + 1, close)));
    keyStart = close + 1;
  }
  return { tag: dot < 0 ? head : head.slice(0, dot), classText: dot < 0 ? '' : head.slice(dot), attributes };
}

export function parseChainReference(raw: string): ReferenceElement[] {
  return splitChainReference(raw).map(parseElementReference);
}

export function referenceClasses(element: ReferenceElement): string[] {
  return element.classText.split('.').filter((name) => name !== '');
}

function compoundMatches(compound: readonly unknown[], element: ReferenceElement): boolean {
  const [tag, classes, attributes] = compound as [string, string[], string[]];
  if (tag !== '*' && element.tag !== tag) return false;
  if (!classes.every((name) => (element.classText + '.').includes('.' + name + '.'))) return false;
  for (let index = 0; index < attributes.length; index += 2) {
    if (element.attributes.get(attributes[index] as string) !== attributes[index + 1]) return false;
  }
  return true;
}

/** Brute force: compound `index` on element `position`, everything to its left placed above. */
export function referenceSelectorMatch(operand: readonly unknown[], raw: string): boolean {
  const elements = parseChainReference(raw);
  const compounds = operand.filter((_, index) => index % 2 === 0) as (readonly unknown[])[];
  const combinators = operand.filter((_, index) => index % 2 === 1);
  const placeable = (index: number, position: number): boolean => {
    const element = elements[position];
    if (element === undefined || !compoundMatches(compounds[index] as readonly unknown[], element)) return false;
    if (index === 0) return true;
    if (combinators[index - 1] === '>') return placeable(index - 1, position + 1);
    for (let above = position + 1; above < elements.length; above++) if (placeable(index - 1, above)) return true;
    return false;
  };
  return elements.some((_, position) => placeable(compounds.length - 1, position));
}

/** About 2 KB: a click on a span inside a button, a dozen ancestors with utility classes. */
export function realisticChain(): string {
  const elements = [
    { tag_name: 'span', attr_class: ['font-medium', 'truncate'], text: 'Add to cart', nth_child: 1, nth_of_type: 1, attributes: { attr__class: 'font-medium truncate', 'attr__data-testid': 'add-to-cart-label' } },
    { tag_name: 'button', attr_class: ['btn', 'btn-primary', 'hover:bg-blue-700', 'px-4', 'py-2'], text: 'Add to cart', attr_id: 'add-to-cart', nth_child: 3, nth_of_type: 2, attributes: { attr__class: 'btn btn-primary hover:bg-blue-700 px-4 py-2', attr__type: 'button', 'attr__data-attr': 'add-to-cart', 'attr__aria-label': 'Add this item to your cart' } },
    { tag_name: 'div', attr_class: ['flex', 'items-center', 'gap-2', 'md:flex-row'], nth_child: 2, nth_of_type: 2, attributes: { attr__class: 'flex items-center gap-2 md:flex-row' } },
    { tag_name: 'form', attr_class: ['product-form'], nth_child: 1, nth_of_type: 1, attributes: { attr__class: 'product-form', attr__action: '/cart/add', attr__method: 'post', attr__id: 'product-form-1234' }, attr_id: 'product-form-1234' },
    { tag_name: 'div', attr_class: ['product-info', 'w-full', 'lg:w-1/2'], nth_child: 2, nth_of_type: 2, attributes: { attr__class: 'product-info w-full lg:w-1/2' } },
    { tag_name: 'section', attr_class: ['product', 'container', 'mx-auto'], nth_child: 1, nth_of_type: 1, attributes: { attr__class: 'product container mx-auto', 'attr__data-section-id': 'template--1234__main', 'attr__data-section-type': 'product' } },
    { tag_name: 'a', attr_class: ['link'], href: '/products/blue-shirt', nth_child: 1, nth_of_type: 1, attributes: { attr__href: '/products/blue-shirt', attr__class: 'link' } },
    { tag_name: 'main', attr_class: ['main-content'], attr_id: 'MainContent', nth_child: 4, nth_of_type: 1, attributes: { attr__class: 'main-content', attr__id: 'MainContent', attr__role: 'main', attr__tabindex: '-1' } },
    { tag_name: 'div', attr_class: ['page-width', 'page-width--narrow'], nth_child: 3, nth_of_type: 2, attributes: { attr__class: 'page-width page-width--narrow', attr__style: 'padding-top: 12px; padding-bottom: 12px;' } },
    { tag_name: 'div', attr_class: ['wrapper', 'min-h-screen', 'bg-white', 'dark:bg-gray-900'], nth_child: 2, nth_of_type: 2, attributes: { attr__class: 'wrapper min-h-screen bg-white dark:bg-gray-900' } },
    { tag_name: 'div', attr_class: ['app-root'], attr_id: 'root', nth_child: 1, nth_of_type: 1, attributes: { attr__class: 'app-root', attr__id: 'root', 'attr__data-reactroot': '' } },
    { tag_name: 'body', attr_class: ['template-product', 'antialiased'], nth_child: 2, nth_of_type: 1, attributes: { attr__class: 'template-product antialiased', 'attr__data-theme': 'light' } },
    { tag_name: 'html', attr_class: ['js', 'no-touch', 'supports-grid'], nth_child: 1, nth_of_type: 1, attributes: { attr__class: 'js no-touch supports-grid', attr__lang: 'en', attr__dir: 'ltr', 'attr__data-build': '2024.11.3-rc.1+sha.9f8e7d6' } },
  ];
  return serializeElements(elements);
}
