// PostHog's own HogQL parser (@posthog/hogql-parser: the ANTLR grammar compiled to WebAssembly),
// loading starts when this module is first imported. The package only offers an async factory,
// and compiling is synchronous, so the ES module entries wait for `hogqlReady` at their top
// level (src/import.ts): every `import` of actionmatch receives a ready parser. This module
// itself has no top-level await, so that CommonJS callers can `require()` the package; they
// await `hogqlReady` once before compiling HogQL filters. If the WebAssembly module cannot
// load, nothing throws: HogQL filters then compile to a bytecode_error naming the failure.
//
// Parsing costs milliseconds per expression (an ANTLR parser), so results are kept in a small
// cache keyed by the expression text: recompiling an action set, or many actions sharing one
// expression, parses each expression once.
import createHogQLParser, { type HogQLParser } from '@posthog/hogql-parser';

/** The parser's answer: its JSON AST (floats marked, see readParserJson), or its error. */
export type ParseOutcome = { readonly ok: true; readonly json: string } | { readonly ok: false; readonly message: string };

async function loadParser(): Promise<HogQLParser | string> {
  try {
    return await createHogQLParser();
  } catch (caught) {
    return caught instanceof Error ? caught.message : String(caught);
  }
}

// undefined while loading; the parser, or the reason it could not load, once settled.
let loaded: HogQLParser | string | undefined;

/** Settles (never rejects) once PostHog's HogQL parser has loaded or failed to load. */
export const hogqlReady: Promise<void> = loadParser().then((outcome) => {
  loaded = outcome;
});

/** Parsed expressions kept; beyond this the oldest entry is dropped. */
const CACHE_SIZE = 2048;
const cache = new Map<string, ParseOutcome>();

interface ParserError {
  readonly error: true;
  readonly type?: unknown;
  readonly message?: unknown;
}

function isParserError(value: unknown): value is ParserError {
  return typeof value === 'object' && value !== null && (value as { error?: unknown }).error === true;
}

const NOT_YET_LOADED: ParseOutcome = { ok: false, message: 'the HogQL parser is still loading: await hogqlReady (exported by actionmatch) before compiling HogQL filters' };

function parseUncached(text: string): ParseOutcome {
  if (loaded === undefined) return NOT_YET_LOADED;
  if (typeof loaded === 'string') return { ok: false, message: `the HogQL parser could not be loaded: ${loaded}` };
  let json: string;
  try {
    json = loaded.parseExpr(text, true);
  } catch (caught) {
    // The WebAssembly module aborts on inputs it cannot handle (memory exhaustion).
    return { ok: false, message: `the HogQL parser failed: ${caught instanceof Error ? caught.message : String(caught)}` };
  }
  // Errors are small objects; an AST is only inspected by readParserJson.
  if (json.startsWith('{"end"') || json.includes('"error":true')) {
    const parsed: unknown = JSON.parse(json);
    if (isParserError(parsed)) return { ok: false, message: typeof parsed.message === 'string' ? parsed.message : 'syntax error' };
  }
  return { ok: true, json };
}

/** Parses one HogQL expression with PostHog's parser. Never throws. */
export function parseHogQLExpression(text: string): ParseOutcome {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  // Not cached while loading: the same text parses once the parser is there.
  if (loaded === undefined) return NOT_YET_LOADED;
  const outcome = parseUncached(text);
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(text, outcome);
  return outcome;
}
