// Scans of the raw elements chain that need no structural parse: the extraction of
// href / texts / ids exactly as PostHog's RE2 regexes do it, and a memoised forward indexOf.

const QUOTE = 34;
const COLON = 58;
const NONE: readonly string[] = Object.freeze([]);

/**
 * indexOf that remembers its last answer: a query at or after the previous start and not past
 * the answer reuses it. Heads are located in order, so a run of elements without a `:` costs one
 * scan instead of one scan each (which would make a hostile chain quadratic).
 */
export class ForwardSearch {
  private from = Number.POSITIVE_INFINITY;
  private found = -1;

  constructor(private readonly needle: string) {}

  reset(): void {
    this.from = Number.POSITIVE_INFINITY;
  }

  next(text: string, position: number): number {
    if (position < this.from || (this.found !== -1 && position > this.found)) {
      this.from = position;
      this.found = text.indexOf(this.needle, position);
    }
    return this.found;
  }
}

/**
 * What RE2 finds for `(?::|")<needle>(.*?)"` over `raw`: a match starts at a `:` or `"` right
 * before the needle, and the lazy capture runs to the next `"` — so `\"` cuts it — unless a
 * `\n` comes first (`.` does not match it), in which case the search goes on from the next
 * position, possibly inside the failed candidate. Successive matches do not overlap: the next
 * one must start after the previous closing quote. Distinct values in first-occurrence order.
 *
 * The needle is found by searching its tail from `probe` on (`xt="`, `_id="`, `f="`): indexOf
 * skips ahead with memchr on the tail's first character, and `x`, `_` and `f` are far rarer in
 * chains than `t`, `a` or `h` (several times faster on real chains). The head is then checked.
 */
export function scanQuotedValues(raw: string, needle: string, probe: number, firstOnly: boolean): readonly string[] {
  const tail = needle.slice(probe);
  let values: string[] | null = null;
  let seen: Set<string> | null = null;
  let newline = -2;
  let found = raw.indexOf(tail, probe + 1);
  while (found !== -1) {
    const at = found - probe;
    const prefix = raw.charCodeAt(at - 1);
    if ((prefix !== COLON && prefix !== QUOTE) || !raw.startsWith(needle, at)) {
      found = raw.indexOf(tail, found + 1);
      continue;
    }
    const valueStart = at + needle.length;
    const close = raw.indexOf('"', valueStart);
    // No `"` after this candidate means none after any later one either.
    if (close === -1) break;
    if (newline !== -1 && newline < valueStart) newline = raw.indexOf('\n', valueStart);
    if (newline !== -1 && newline < close) {
      found = raw.indexOf(tail, found + 1);
      continue;
    }
    const value = raw.slice(valueStart, close);
    if (values === null) values = [value];
    else if (seen !== null ? !seen.has(value) : !values.includes(value)) values.push(value);
    if (firstOnly) break;
    // A linear scan for duplicates is cheapest for the usual handful of texts; a set past that.
    if (seen !== null) seen.add(value);
    else if (values.length > 16) seen = new Set(values);
    // The next match must start after the closing quote.
    found = raw.indexOf(tail, close + 2 + probe);
  }
  return values ?? NONE;
}
