// A `hogql` property filter in the exporter: PostHog's property_to_expr returns
// `parse_expr(property.key)`, the expression itself, which emission compiles in place.
import { DEFAULT_LIMITS } from '../compile/limits.js';
import { pythonTypeName } from '../compile/python-values.js';
import { HogQLError } from '../hogql/errors.js';
import { parseHogQL } from '../hogql/parse-expression.js';
import type { Expr } from './ast.js';
import { hogqlError, pythonError, unsupported } from './errors.js';

/** The filter's expression. Throws HogExportError: PostHog's syntax error text, or a limit. */
export function hogqlFilterExpr(key: unknown): Expr {
  if (typeof key !== 'string') throw pythonError(`parse_expr expects a string, got ${pythonTypeName(key)}`);
  try {
    return { kind: 'hogql', node: parseHogQL(key, { maxLength: DEFAULT_LIMITS.maxExpressionLength, maxDepth: DEFAULT_LIMITS.maxExpressionDepth }) };
  } catch (caught) {
    if (caught instanceof HogQLError) throw caught.kind === 'posthog' ? hogqlError(caught.message) : unsupported(caught.message);
    throw caught;
  }
}
