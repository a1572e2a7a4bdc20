// Reads an element path in CSS-like notation (`div.card > button#buy.btn[data-attr="x"]`) into
// element objects as PostHog's API returns them, innermost (the clicked element) first, ready
// for serializeElements. css-what parses, as it does for action selectors, so a path reads the
// same way a selector does.
import { AttributeAction, parse, SelectorType, type Selector } from 'css-what';

/** One element as PostHog's `elements` array holds it. */
export interface ElementObject {
  tag_name: string;
  attr_class?: string[];
  attr_id?: string;
  href?: string;
  text?: string;
  nth_child: number;
  nth_of_type: number;
  attributes: Record<string, string>;
}

/** The elements of `path`, innermost first. Throws a TypeError naming the part it cannot use. */
export function readElementPath(path: string): ElementObject[] {
  let lists: Selector[][];
  try {
    lists = parse(path);
  } catch (caught) {
    throw new TypeError(`element path ${JSON.stringify(path)} is not valid: ${caught instanceof Error ? caught.message : String(caught)}`);
  }
  const [tokens, ...others] = lists;
  if (tokens === undefined || tokens.length === 0 || others.length > 0) {
    throw new TypeError(`element path ${JSON.stringify(path)} must be one path of elements (like "div.card > button#buy")`);
  }
  const elements: ElementObject[] = [];
  let current: ElementObject | null = null;
  const open = (): ElementObject => (current ??= { tag_name: 'div', nth_child: 1, nth_of_type: 1, attributes: {} });
  for (const token of tokens) {
    if (token.type === SelectorType.Child || token.type === SelectorType.Descendant) {
      if (current === null) throw new TypeError(`element path ${JSON.stringify(path)} has a combinator without an element before it`);
      elements.push(current);
      current = null;
      continue;
    }
    applyToken(open(), token, path);
  }
  if (current === null) throw new TypeError(`element path ${JSON.stringify(path)} ends with a combinator`);
  elements.push(current);
  return elements.map(finish).reverse();
}

function applyToken(element: ElementObject, token: Selector, path: string): void {
  switch (token.type) {
    case SelectorType.Tag:
      // The DOM reports HTML tags in uppercase and posthog-js records them lowercased, which is
      // what a selector's tag is compared with.
      element.tag_name = token.name.toLowerCase();
      return;
    case SelectorType.Universal:
      return;
    case SelectorType.Attribute:
      if (token.name === 'class' && token.action === AttributeAction.Element) {
        (element.attr_class ??= []).push(token.value);
        return;
      }
      if (token.action === AttributeAction.Equals) {
        setAttribute(element, token.name, token.value);
        return;
      }
      break;
    case SelectorType.Pseudo:
      if ((token.name === 'nth-child' || token.name === 'nth-of-type') && typeof token.data === 'string' && /^\d+$/.test(token.data.trim())) {
        element[token.name === 'nth-child' ? 'nth_child' : 'nth_of_type'] = Number(token.data.trim());
        return;
      }
      break;
    default:
      break;
  }
  throw new TypeError(`element path ${JSON.stringify(path)}: cannot build an element from ${JSON.stringify(token)}`);
}

/** `id` and `href` are fields of their own in PostHog's elements; every attribute is also `attr__<name>`. */
function setAttribute(element: ElementObject, name: string, value: string): void {
  if (name === 'id') element.attr_id = value;
  else if (name === 'href') element.href = value;
  else if (name === 'class') element.attr_class = value.split(/\s+/).filter((item) => item !== '');
  element.attributes[`attr__${name}`] = value;
}

/** The class attribute as the DOM holds it, as posthog-js records it. */
function finish(element: ElementObject): ElementObject {
  if (element.attr_class !== undefined && element.attr_class.length > 0) element.attributes['attr__class'] = element.attr_class.join(' ');
  return element;
}
