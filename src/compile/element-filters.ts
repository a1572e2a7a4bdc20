// Property filters of type `element` (SEMANTICS.md §7.1): selector and tag_name tests
// (exact or is_not only), and any operator on the chain's href or on its texts. The error
// texts are PostHog's, so bytecode_error equals what PostHog stores.
import { source, test, type Expr, type Scalar } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { CompileError, previewValue } from './errors.js';
import { pythonStr } from './python-values.js';
import { compileSingleValue, expandEach, type FilterContext } from './properties.js';
import { compileSelector } from './selector.js';

/** An element filter; list values expand into one test per item first, as PostHog does. */
export function compileElementFilter(key: string, operator: string, value: unknown, path: string, filter: FilterContext): Expr {
  if (Array.isArray(value) && value.length !== 1) {
    return expandEach(value as Scalar[], operator, path, filter, (item, itemPath) => compileElementValue(key, operator, item, path, itemPath, filter));
  }
  return compileElementValue(key, operator, Array.isArray(value) ? (value[0] as Scalar) : value, path, `${path}.value`, filter);
}

function compileElementValue(key: string, operator: string, value: unknown, path: string, valuePath: string, filter: FilterContext): Expr {
  if (key === 'selector' || key === 'tag_name') {
    if (operator !== 'exact' && operator !== 'is_not') {
      throw new CompileError(
        'unsupported_element_filter',
        `${path}.operator`,
        `property_to_expr for element ${key} only supports exact and is_not operators, not ${operator}`,
        true,
      );
    }
    const text = pythonStr(value as Scalar);
    const check =
      key === 'selector'
        ? test(Op.SELECTOR, source(Op.SRC_ELEMENTS), compileSelector(text, valuePath))
        : test(Op.HAS_TAG, source(Op.SRC_ELEMENTS), text);
    return operator === 'is_not' ? { kind: 'not', item: check } : check;
  }
  if (key === 'href') return compileSingleValue(source(Op.SRC_ELEMENTS_HREF), operator, value, path, valuePath, filter);
  if (key === 'text') return { kind: 'any_text', item: compileSingleValue(source(Op.SRC_ITEM), operator, value, path, valuePath, filter) };
  throw new CompileError('unsupported_element_filter', `${path}.key`, `property_to_expr for type element not implemented for key ${previewValue(key).replace(/^"|"$/g, '')}`, true);
}
