// selector_to_expr, tag_name_to_expr and build_selector_regex (posthog/hogql/property.py and the
// production build_selector_regex of posthog/models/property/util.py, the one ending each part
// with `[^;]*?`). The regex is PostHog's, not a CSS matcher: it is what PostHog stores and runs.
import { and, array, call, compare, constant, elementsChainMatches, field, lambda, type Expr } from './ast.js';
import { compareCodePoints, pythonReEscape } from '../compile/python-values.js';
import { parseSelector, type SelectorPart } from './selector.js';

/** `Element.USEFUL_ELEMENTS`: the tags elements_chain_elements can confirm. */
const usefulElements: readonly string[] = ['a', 'button', 'input', 'select', 'textarea', 'label'];

/** Each part ends by skipping the rest of its element, up to `;` (PostHog's production tail). */
const PART_TAIL = '[^;]*?($|;|:([^;^\\s]*(;|$|\\s)))';

/** `_chain_escaped_value`: quotes written either way in the selector become the chain's `\"`. */
function chainEscapedValue(value: string): string {
  return value.replaceAll('\\"', '"').replaceAll('"', '\\"');
}

function byKey(a: [string, string], b: [string, string]): number {
  return compareCodePoints(a[0], b[0]);
}

/** `build_selector_regex(Selector(selector))`. */
export function buildSelectorRegex(parts: readonly SelectorPart[]): string {
  let regex = '';
  for (const part of parts) {
    const tagName = part.data.get('tag_name');
    if (typeof tagName === 'string' && tagName !== '' && tagName !== '*') regex += pythonReEscape(tagName);
    const classes = part.data.get('attr_class__contains');
    if (Array.isArray(classes) && classes.length > 0) {
      const sorted = [...(classes as readonly string[])].sort(compareCodePoints);
      regex += '.*?\\.' + sorted.map(pythonReEscape).join('\\..*?');
    }
    if (part.chAttributes.size > 0) {
      regex += '.*?';
      for (const [key, value] of [...part.chAttributes].sort(byKey)) {
        regex += `${pythonReEscape(key)}="${pythonReEscape(chainEscapedValue(value))}".*?`;
      }
    }
    regex += PART_TAIL;
    if (part.directDescendant) regex += '.*';
  }
  // Anchoring at an element boundary keeps a tag "foo" from matching a class named "foo".
  return regex === '' ? '' : `(^|;)${regex}`;
}

/** `selector_to_expr(selector)`. */
export function selectorToExpr(selector: string): Expr {
  const parts = parseSelector(selector);
  const exprs: Expr[] = [elementsChainMatches(buildSelectorRegex(parts))];
  const useful: Expr[] = [];
  for (const part of parts) {
    const tagName = part.data.get('tag_name');
    if (typeof tagName === 'string' && usefulElements.includes(tagName)) useful.push(constant(tagName));
    const id = part.data.get('attr_id');
    if (id !== undefined) {
      const idExpr = compare('gt', call('indexOf', field('elements_chain_ids'), constant(id)), constant(0));
      // PostHog's optimisation: a lone `#id` is answered by the ids column alone.
      if (parts.length === 1 && part.data.size === 1) return idExpr;
      exprs.push(idExpr);
    }
  }
  if (useful.length > 0) {
    const isUseful = lambda(['x'], compare('in', field('x'), array(useful)));
    exprs.push(compare('gt', call('arrayCount', isUseful, field('elements_chain_elements')), constant(0)));
  }
  return exprs.length === 1 && exprs[0] !== undefined ? exprs[0] : and(exprs);
}

/** `tag_name_to_expr(tag_name)`: the tag goes into the regex unescaped, as PostHog does. */
export function tagNameToExpr(tagName: string): Expr {
  return elementsChainMatches(`(^|;)${tagName}(\\.|$|;|:)`);
}
