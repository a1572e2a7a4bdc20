// One HogQL expression text -> typed AST, as PostHog's parse_expr does, with the size limits of
// the compiler applied first. Shared by actionmatch's compiler and the HogVM exporter.
import type { HogQLNode } from './ast.js';
import { HogQLError, posthogError } from './errors.js';
import { parseHogQLExpression } from './parser.js';
import { readParserJson } from './read-json.js';

export interface ExpressionLimits {
  /** Characters of the expression text. */
  readonly maxLength: number;
  /** Nesting of the AST. */
  readonly maxDepth: number;
}

/** Parses `text`. Throws HogQLError: PostHog's syntax error text, or a limit. */
export function parseHogQL(text: string, limits: ExpressionLimits): HogQLNode {
  if (text.length > limits.maxLength) {
    throw new HogQLError(`expression length ${text.length} exceeds the limit maxExpressionLength = ${limits.maxLength}`, 'limit');
  }
  const outcome = parseHogQLExpression(text);
  if (!outcome.ok) throw posthogError(outcome.message);
  return readParserJson(outcome.json, limits.maxDepth);
}
