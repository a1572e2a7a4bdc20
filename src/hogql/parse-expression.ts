// One HogQL expression text -> typed AST, as PostHog's parse_expr does, with the size limits of
// the compiler applied first. Shared by actionmatch's compiler and the HogVM exporter.
//
// PostHog's parser (ANTLR, in WebAssembly) takes milliseconds for a simple expression and grows
// quickly with bracket nesting (nested calls especially: hundreds of milliseconds at eight
// levels), so nesting is capped by a scan of the text before the parser sees it.
import type { HogQLNode } from './ast.js';
import { HogQLError, posthogError } from './errors.js';
import { parseHogQLExpression } from './parser.js';
import { readParserJson } from './read-json.js';

export interface ExpressionLimits {
  /** Characters of the expression text. */
  readonly maxLength: number;
  /** Nesting of brackets `( [ {` outside string literals. */
  readonly maxDepth: number;
}

/** Syntax trees deeper than this are refused while being read (a structural bound). */
const MAX_AST_DEPTH = 256;

/** The deepest bracket nesting of `text`, quoted strings and identifiers skipped. */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "'" || char === '"' || char === '`') {
      for (i++; i < text.length && text[i] !== char; i++) if (text[i] === '\\') i++;
    } else if (char === '(' || char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ')' || char === ']' || char === '}') depth--;
  }
  return deepest;
}

/** Parses `text`. Throws HogQLError: PostHog's syntax error text, or a limit. */
export function parseHogQL(text: string, limits: ExpressionLimits): HogQLNode {
  if (text.length > limits.maxLength) {
    throw new HogQLError(`expression length ${text.length} exceeds the limit maxExpressionLength = ${limits.maxLength}`, 'limit');
  }
  const depth = bracketDepth(text);
  if (depth > limits.maxDepth) throw new HogQLError(`expression nesting ${depth} exceeds the limit maxExpressionDepth = ${limits.maxDepth}`, 'limit');
  const outcome = parseHogQLExpression(text);
  if (!outcome.ok) throw posthogError(outcome.message);
  return readParserJson(outcome.json, MAX_AST_DEPTH);
}
