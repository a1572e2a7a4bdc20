// steps_to_expr (posthog/hogql/property.py): an action is the OR of its steps, a step the AND of
// its conditions, in PostHog's order: event, then (for $autocapture only) selector, tag_name,
// href, text, then url, then the property filters. One condition stands alone; none is `true`.
// Fields follow Python truthiness: `event`, `selector`, `url` and `properties` apply when truthy,
// `tag_name`, `href` and `text` when not null. Unknown `*_matching` values fall through to
// PostHog's default branch (contains for url, exact for href and text).
import { and, arrayExists, compare, constant, field, or, type Expr } from './ast.js';
import { selectorToExpr, tagNameToExpr } from './element-exprs.js';
import { pythonError, unsupported } from './errors.js';
import { propertyToExpr, type PropertyContext } from './property.js';
import { isTruthy, pythonStr, pythonTypeName } from '../compile/python-values.js';

function read(step: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(step, name) ? (step[name] ?? null) : null;
}

/** `x =~ v`, `x ilike '%v%'` or `x = v` by the step's matching mode (exact by default). */
function matchExpr(subject: Expr, value: unknown, matching: unknown): Expr {
  if (matching === 'regex') return compare('regex', subject, constant(value));
  if (matching === 'contains') return compare('ilike', subject, constant(`%${pythonStr(value)}%`));
  return compare('eq', subject, constant(value));
}

function urlExpr(url: unknown, matching: unknown): Expr {
  const currentUrl = field('properties', '$current_url');
  if (matching === 'exact') return compare('eq', currentUrl, constant(url));
  if (matching === 'regex') return compare('regex', currentUrl, constant(url));
  return compare('like', currentUrl, constant(`%${pythonStr(url)}%`));
}

function stepToExpr(raw: unknown, index: number, context: PropertyContext): Expr {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw unsupported(`steps[${index}] must be an object, got ${pythonTypeName(raw)}`);
  }
  const step = raw as Record<string, unknown>;
  const event = read(step, 'event');
  const exprs: Expr[] = [];
  if (isTruthy(event)) exprs.push(compare('eq', field('event'), constant(event)));
  if (event === '$autocapture') {
    const selector = read(step, 'selector');
    if (isTruthy(selector)) {
      if (typeof selector !== 'string') throw pythonError(`'${pythonTypeName(selector)}' object has no attribute 'replace'`);
      exprs.push(selectorToExpr(selector));
    }
    const tagName = read(step, 'tag_name');
    if (tagName !== null) exprs.push(tagNameToExpr(pythonStr(tagName)));
    const href = read(step, 'href');
    if (href !== null) exprs.push(matchExpr(field('elements_chain_href'), href, read(step, 'href_matching')));
    const text = read(step, 'text');
    if (text !== null) exprs.push(arrayExists('x', matchExpr(field('x'), text, read(step, 'text_matching')), field('elements_chain_texts')));
  }
  const url = read(step, 'url');
  if (isTruthy(url)) exprs.push(urlExpr(url, read(step, 'url_matching')));
  const properties = read(step, 'properties');
  if (isTruthy(properties)) exprs.push(propertyToExpr(properties, context));
  if (exprs.length === 0) return constant(true);
  if (exprs.length === 1 && exprs[0] !== undefined) return exprs[0];
  return and(exprs);
}

/** `steps_to_expr(steps)`: no steps is `true`, one step stands alone, several are ORed. */
export function stepsToExpr(steps: readonly unknown[], context: PropertyContext): Expr {
  if (steps.length === 0) return constant(true);
  const exprs = steps.map((step, index) => stepToExpr(step, index, context));
  return exprs.length === 1 && exprs[0] !== undefined ? exprs[0] : or(exprs);
}
