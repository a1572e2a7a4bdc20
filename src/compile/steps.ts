// One action step -> one expression (SEMANTICS.md §2, §3): every condition of the step ANDed,
// in the shape PostHog's steps_to_expr builds, so that the ignored-filter integer 1 behaves
// exactly as it does there.
import { TRUE_EXPR, source, test, type Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { compileElementFields, elementFieldsPresent } from './element-fields.js';
import { compileElementFilter } from './element-filters.js';
import type { WarningSink } from './errors.js';
import { enforceLimit } from './limits.js';
import { compileFilters } from './properties.js';
import { expectObject, readOptionalArray, readOptionalString } from './read-fields.js';
import { compileStringMatch, readMatchingMode } from './string-matching.js';

export const AUTOCAPTURE_EVENT = '$autocapture';

export function compileStep(raw: unknown, path: string, warnings: WarningSink): Expr {
  const step = expectObject(raw, path);
  const exprs: Expr[] = [];

  const event = readOptionalString(step, 'event', `${path}.event`);
  if (event) exprs.push(test(Op.EQ, source(Op.SRC_EVENT), event));

  // Element fields are validated on every step but only apply to autocapture steps.
  const elementExprs = compileElementFields(step, path);
  if (event === AUTOCAPTURE_EVENT) {
    exprs.push(...elementExprs);
  } else {
    for (const field of elementFieldsPresent(step)) {
      warnings.add('ignored_element_field', `${path}.${field}`, `ignored: element fields apply only to steps whose event is "${AUTOCAPTURE_EVENT}"`);
    }
  }

  const url = readOptionalString(step, 'url', `${path}.url`);
  const urlMatching = readMatchingMode(step, 'url_matching', 'contains', `${path}.url_matching`);
  if (url) exprs.push(compileStringMatch(urlMatching, url, source(Op.SRC_PROP, '$current_url'), false, `${path}.url`));

  const filters = readOptionalArray(step, 'properties', `${path}.properties`);
  if (filters !== null && filters.length > 0) {
    enforceLimit('maxFiltersPerStep', filters.length, 'number of filters', `${path}.properties`);
    exprs.push(compileFilters(filters, `${path}.properties`, warnings, compileElementFilter));
  }

  if (exprs.length === 0) return TRUE_EXPR;
  if (exprs.length === 1 && exprs[0] !== undefined) return exprs[0];
  return { kind: 'combinator', op: Op.AND, items: exprs };
}
