// PostHog's selector parser (`Selector` / `SelectorPart` in posthog/models/event/event.py), as
// selector_to_expr calls it (escape_slashes=False). It is a string-splitting parser, not a CSS
// one, and its quirks are part of the bytecode: `.a#b` is one class "a#b", `:nth-of-type(2)`
// stays part of the tag name, a greedy attribute regex folds `[a="1"][b="2"]` into one key unless
// the stricter pair parser accepts the whole bracket run, and parts are listed innermost first.
import { pythonStrip } from '../compile/python-values.js';

export interface SelectorPart {
  /** Written after `>`: the regex then requires the parent to follow immediately. */
  readonly directDescendant: boolean;
  /** PostHog's `data`: `tag_name`, `attr_id`, `nth_child`, `attr_class__contains`, `attributes__attr__<key>`. */
  readonly data: ReadonlyMap<string, string | readonly string[]>;
  /** PostHog's `ch_attributes`: the `key="value"` pairs the regex looks for, in insertion order. */
  readonly chAttributes: ReadonlyMap<string, string>;
}

// SELECTOR_ATTRIBUTE_REGEX: greedy, unanchored; group 1 is the letters just before `[`.
const selectorAttribute = /([a-zA-Z]*)\[(.*)=['|"](.*)['|"]\]/;
// ATTRIBUTE_PAIR_REGEX: one `[key="value"]` with escapes inside the quotes.
const attributePair = /\[\s*([^\]\s="']+)\s*=\s*(['"])((?:\\.|(?!\\|\2).)*)\2\s*\]/g;

/**
 * `_attribute_pairs`: the `[key="value"]` pairs of a part, used only when the greedy regex
 * captured a key containing a quote, the pairs run to the end of the part, and keys are unique.
 */
function attributePairs(tag: string, result: RegExpExecArray | null): Array<[string, string]> {
  if (result === null || tag.includes('[id=') || !/["']/.test(result[2] ?? '')) return [];
  const brackets = tag.slice(result.index + (result[1] ?? '').length);
  const pairs: Array<[string, string]> = [];
  for (const match of brackets.matchAll(attributePair)) {
    pairs.push([match[1] ?? '', (match[3] ?? '').replace(/\\(.)/g, '$1')]);
  }
  const rest = brackets.replace(attributePair, '');
  if (rest !== '' || new Set(pairs.map(([key]) => key)).size !== pairs.length) return [];
  return pairs;
}

function parsePart(source: string, directDescendant: boolean): SelectorPart {
  const data = new Map<string, string | readonly string[]>();
  const chAttributes = new Map<string, string>();
  let tag = source;
  const result = selectorAttribute.exec(tag);
  const pairs = attributePairs(tag, result);
  if (result !== null && pairs.length > 0) {
    for (const [key, value] of pairs) {
      data.set(`attributes__attr__${key}`, value);
      chAttributes.set(key, value);
    }
    tag = result[1] ?? '';
  }
  if (result !== null && tag.includes('[id=')) {
    data.set('attr_id', result[3] ?? '');
    chAttributes.set('attr_id', result[3] ?? '');
    tag = result[1] ?? '';
  }
  if (result !== null && tag.includes('[')) {
    data.set(`attributes__attr__${result[2] ?? ''}`, result[3] ?? '');
    chAttributes.set(result[2] ?? '', result[3] ?? '');
    tag = result[1] ?? '';
  }
  if (tag.includes(':nth-child(')) {
    const parts = tag.split(':nth-child(');
    const nth = (parts[1] ?? '').replaceAll(')', '');
    data.set('nth_child', nth);
    chAttributes.set('nth-child', nth);
    tag = parts[0] ?? '';
  }
  if (tag.includes('.')) {
    // Dots inside square brackets (Tailwind's `shadow-[0_4px_rgba(0,0,0,0.1)]`) do not split.
    const parts = tag.split(/\.(?![^[]*\])/);
    data.set('attr_class__contains', parts.slice(1));
    tag = parts[0] ?? '';
  }
  if (tag.includes('#')) {
    const parts = tag.split('#');
    data.set('attr_id', parts[1] ?? '');
    chAttributes.set('attr_id', parts[1] ?? '');
    tag = parts[0] ?? '';
  }
  if (tag !== '') data.set('tag_name', tag);
  return { directDescendant, data, chAttributes };
}

/** `Selector._split`: splits on spaces outside `[…]`, tracking quotes as PostHog does. */
function splitSelector(selector: string): string[] {
  const tags: string[] = [];
  let inAttributeSelector = false;
  let inQuotes: string | null = null;
  let part = '';
  for (const char of selector) {
    if (char === '[' && inQuotes === null) inAttributeSelector = true;
    if (char === ']' && inQuotes === null) inAttributeSelector = false;
    if (char === '"' || char === "'") {
      if (inQuotes === null) inQuotes = char;
      else if (inQuotes === char) inQuotes = null;
    }
    if (char === ' ' && !inAttributeSelector) {
      tags.push(part);
      part = '';
    } else part += char;
  }
  tags.push(part);
  return tags;
}

/** `Selector(selector, escape_slashes=False).parts`: innermost part first. */
export function parseSelector(selector: string): SelectorPart[] {
  const cleaned = pythonStrip(selector.replaceAll('> * > ', '').replaceAll('> *', '').replaceAll('\\:', ':'));
  const tags = splitSelector(cleaned).reverse();
  const parts: SelectorPart[] = [];
  tags.forEach((tag, index) => {
    if (tag === '>' || tag === '') return;
    parts.push(parsePart(tag, index > 0 && tags[index - 1] === '>'));
  });
  return parts;
}
