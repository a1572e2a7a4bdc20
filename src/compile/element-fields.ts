// A step's element fields (SEMANTICS.md §3): selector, tag_name, href and text. They are
// validated on every step but only take effect on `$autocapture` steps (steps.ts decides).
import { source, test, type Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { readOwn } from '../event/read-value.js';
import { readOptionalString } from './read-fields.js';
import { compileSelector } from './selector.js';
import { compileStringMatch, readMatchingMode } from './string-matching.js';

export const elementFields = ['selector', 'tag_name', 'text', 'href'] as const;

/** The element fields a step sets: a non-empty selector, or tag_name / text / href not null. */
export function elementFieldsPresent(step: Record<string, unknown>): string[] {
  return elementFields.filter((field) => {
    const value = readOwn(step, field);
    return field === 'selector' ? !!value : value !== null;
  });
}

/**
 * The conditions of a step's element fields, in PostHog's order (selector, tag_name, href,
 * text). href and text `contains` are case-insensitive; text holds if some text of the chain
 * satisfies it, href is the first href of the chain.
 */
export function compileElementFields(step: Record<string, unknown>, path: string): Expr[] {
  const selector = readOptionalString(step, 'selector', `${path}.selector`);
  const tagName = readOptionalString(step, 'tag_name', `${path}.tag_name`);
  const href = readOptionalString(step, 'href', `${path}.href`);
  const hrefMatching = readMatchingMode(step, 'href_matching', 'exact', `${path}.href_matching`);
  const text = readOptionalString(step, 'text', `${path}.text`);
  const textMatching = readMatchingMode(step, 'text_matching', 'exact', `${path}.text_matching`);

  const exprs: Expr[] = [];
  if (selector) exprs.push(test(Op.SELECTOR, source(Op.SRC_ELEMENTS), compileSelector(selector, `${path}.selector`)));
  if (tagName !== null) exprs.push(test(Op.HAS_TAG, source(Op.SRC_ELEMENTS), tagName));
  if (href !== null) exprs.push(compileStringMatch(hrefMatching, href, source(Op.SRC_ELEMENTS_HREF), true, `${path}.href`));
  if (text !== null) {
    exprs.push({ kind: 'any_text', item: compileStringMatch(textMatching, text, source(Op.SRC_ITEM), true, `${path}.text`) });
  }
  return exprs;
}
