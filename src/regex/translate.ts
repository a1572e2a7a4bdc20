// Translation of an RE2 pattern into an equivalent V8 RegExp, or the reason there is none.
// A translation is used only when V8's linear-time engine accepts it (checked by building it
// with the `l` flag): that engine is what V8 falls back to when backtracking runs away, so the
// V8 path stays linear-time like RE2.
import { assertsBeforeConsuming, containsAssertion } from './ast.js';
import { emitJsSource, type EmitOptions } from './emit.js';
import { parseRe2 } from './parse.js';
import { UnsupportedSyntax } from './parse-escape.js';
import { linearEngineAvailable } from './v8-flags.js';

export type Translation =
  | {
      readonly ok: true;
      /** The emitted JavaScript source (no flags). */
      readonly source: string;
      /**
       * The evaluator: normally on V8's backtracking engine, which falls back to the linear one
       * when backtracking runs away; the linear one itself when `linearOnly`.
       */
      readonly regex: RegExp;
      /** The same source on the linear engine, for inputs too long for the backtracking stack. */
      readonly linear: RegExp;
      readonly needsWellFormedInput: boolean;
      readonly linearOnly: boolean;
    }
  | { readonly ok: false; readonly reason: string };

// Tried in order: the compact form first, then forms without the quantifiers the linear engine
// refuses to nest (it caps a quantifier's replication, nested ones multiplied, at 16).
const expansions: ReadonlyArray<Pick<EmitOptions, 'expandCounted' | 'expandPlus'>> = [
  { expandCounted: false, expandPlus: false },
  { expandCounted: true, expandPlus: false },
  { expandCounted: true, expandPlus: true },
];

function buildRegExp(source: string, flags: string): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

function emitAndCheck(pattern: string): Translation {
  const parsed = parseRe2(pattern);
  if (!parsed.ok) return parsed;
  const { node } = parsed;
  // A JS search also starts inside surrogate pairs, where \B holds; RE2 never looks there.
  if (assertsBeforeConsuming(node, 'not-word-boundary')) return { ok: false, reason: '\\B where a match can start' };
  const unitRuns = !containsAssertion(node, 'not-word-boundary');
  let previous: string | undefined;
  for (const expansion of expansions) {
    const { source, needsWellFormedInput, copiesGroups } = emitJsSource(node, { ...expansion, unitRuns });
    if (source === previous) continue;
    previous = source;
    const linear = buildRegExp(source, 'l');
    if (linear === undefined) continue;
    const regex = copiesGroups ? linear : buildRegExp(source, '');
    if (regex === undefined) return { ok: false, reason: 'V8 rejected the translation' };
    return { ok: true, source, regex, linear, needsWellFormedInput, linearOnly: copiesGroups };
  }
  return { ok: false, reason: 'not accepted by the V8 linear-time engine' };
}

/** Translates an RE2 pattern that RE2 has accepted into an exactly equivalent V8 RegExp. */
export function translateToJs(pattern: string): Translation {
  if (!linearEngineAvailable) return { ok: false, reason: 'V8 linear-time engine unavailable' };
  try {
    return emitAndCheck(pattern);
  } catch (error) {
    if (error instanceof UnsupportedSyntax) return { ok: false, reason: error.message };
    if (error instanceof RangeError) return { ok: false, reason: 'pattern too deeply nested' };
    throw error;
  }
}
