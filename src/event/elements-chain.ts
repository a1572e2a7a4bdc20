// One event's elements chain (SEMANTICS.md §5): the values PostHog derives from it by regex
// (href, texts, ids) and a structural parse for selectors and tag tests. A matcher owns one
// instance and rebinds it per event; every value is computed on first request and kept until
// the next reset(), so an event pays only for what its actions ask. All scans are linear in the
// chain and never throw: chains are user data and may be hostile.
//
// The structural parse keeps numbers, not strings: the spans of elements and of quoted values
// live in reused typed arrays, and the selector matcher compares tags, classes and attribute
// values in place (no slicing per event). Strings are cut only for the public object view,
// elements(). One pass tokenizes the chain: splitting on `;` must find every quoted value
// anyway, so it records them, and an element's attributes are read off its quoted values when
// first asked, without scanning the element again.

/** One element of the chain, from the clicked element outwards. */
export interface ChainElement {
  readonly tag: string;
  /** The dot-separated names after the tag, empty names dropped (as PostHog's parser does). */
  readonly classes: readonly string[];
  /** Attribute value by its chain key (`attr_id`, `href`, `text`, `nth-child`, `nth-of-type`, `attr__data-attr`, …) with `\"` unescaped, or undefined. */
  attribute(key: string): string | undefined;
}

import { ForwardSearch, scanQuotedValues } from './chain-scan.js';

const QUOTE = 34;
const DOT = 46;
const COLON = 58;
const EQUALS = 61;
const BACKSLASH = 92;

// Per element: start, end, headEnd (the `:` opening the attributes, or end), tagEnd (first `.`
// of the head, or headEnd) — both set when the head is located — and its quoted values
// [quoteFrom, quoteTo).
const ELEMENT_STRIDE = 6;
// Per quoted value: index of the opening `"`, of the closing `"`, 1 when it holds `\"`.
const QUOTE_STRIDE = 3;
const NONE: readonly string[] = Object.freeze([]);

/** One event's elements chain, parsed lazily. Results are valid until the next reset(). */
export class ElementsChain {
  private text = '';
  private hrefValue: string | null = null;
  private textValues: readonly string[] | null = null;
  private idValues: readonly string[] | null = null;
  private count = -1;
  private spans: Int32Array<ArrayBuffer> = new Int32Array(32 * ELEMENT_STRIDE);
  private quotes: Int32Array<ArrayBuffer> = new Int32Array(128 * QUOTE_STRIDE);
  private views: readonly ChainElement[] | null = null;
  private headsLocated = 0;
  private readonly colonSearch = new ForwardSearch(':');
  private readonly quoteSearch = new ForwardSearch('"');

  /** Rebinds to another event's chain. Allocates nothing. */
  reset(raw: string): void {
    this.text = raw;
    this.hrefValue = null;
    this.textValues = null;
    this.idValues = null;
    this.count = -1;
    this.views = null;
    this.headsLocated = 0;
    this.colonSearch.reset();
    this.quoteSearch.reset();
  }

  get raw(): string {
    return this.text;
  }

  /** `elements_chain_href`: the first match of `(?::|")href="(.*?)"`, '' if none. */
  href(): string {
    return (this.hrefValue ??= scanQuotedValues(this.text, 'href="', 3, true)[0] ?? '');
  }

  /** `elements_chain_texts`: the distinct matches of `(?::|")text="(.*?)"`, in order. */
  texts(): readonly string[] {
    return (this.textValues ??= scanQuotedValues(this.text, 'text="', 2, false));
  }

  /** `elements_chain_ids`: the distinct matches of `(?::|")attr_id="(.*?)"`, in order. */
  ids(): readonly string[] {
    return (this.idValues ??= scanQuotedValues(this.text, 'attr_id="', 4, false));
  }

  /** The structural parse, from the clicked element outwards. */
  elements(): readonly ChainElement[] {
    if (this.views === null) {
      const views: ElementView[] = [];
      for (let index = 0, count = this.elementCount(); index < count; index++) views.push(new ElementView(this, index));
      this.views = views;
    }
    return this.views;
  }

  // The index-based API below is what the selector matcher uses: it splits the chain once and
  // answers per-element questions without cutting strings.

  /** Whether the structural parse has already run for this chain (it is then free to use). */
  isParsed(): boolean {
    return this.count >= 0;
  }

  /** Number of elements; empty elements (`;;`) are dropped, as PostHog's parser does. */
  elementCount(): number {
    if (this.count < 0) this.split();
    return this.count;
  }

  tagEquals(index: number, tag: string): boolean {
    if (index < 0 || index >= this.elementCount()) return false;
    const start = this.spans[index * ELEMENT_STRIDE] as number;
    // Most elements differ in their first characters: refuse those before locating the head.
    if (!this.text.startsWith(tag, start)) return false;
    const base = this.head(index);
    return (this.spans[base + 3] as number) - start === tag.length;
  }

  /**
   * Whether the element's head holds `.name` followed by `.` or the end of the head. For a name
   * without dots this is "name is one of its classes"; a name with dots (`py-1.5`, written into
   * the chain unescaped) matches the run of classes it was split into.
   */
  hasClass(index: number, name: string): boolean {
    const base = this.head(index);
    if (base < 0 || name === '') return false;
    const raw = this.text;
    const headEnd = this.spans[base + 2] as number;
    const after = name.length + 1;
    // A character loop bounded by the head: indexOf could run on through long attribute values.
    for (let dot = this.spans[base + 3] as number; dot + after <= headEnd; dot++) {
      if (raw.charCodeAt(dot) !== DOT || !raw.startsWith(name, dot + 1)) continue;
      if (dot + after === headEnd || raw.charCodeAt(dot + after) === DOT) return true;
    }
    return false;
  }

  /** Whether the attribute `key` (the last one, if repeated) has exactly `value` (unescaped). */
  attributeEquals(index: number, key: string, value: string): boolean {
    const slot = this.findAttribute(index, key);
    if (slot < 0) return false;
    const start = (this.quotes[slot] as number) + 1;
    const end = this.quotes[slot + 1] as number;
    if (this.quotes[slot + 2] === 1) return unescapeQuotes(this.text.slice(start, end)) === value;
    return end - start === value.length && this.text.startsWith(value, start);
  }

  tagOf(index: number): string {
    const base = this.head(index);
    return base < 0 ? '' : this.text.slice(this.spans[base] as number, this.spans[base + 3] as number);
  }

  classesOf(index: number): string[] {
    const base = this.head(index);
    if (base < 0) return [];
    const tagEnd = this.spans[base + 3] as number;
    const headEnd = this.spans[base + 2] as number;
    return tagEnd >= headEnd ? [] : this.text.slice(tagEnd + 1, headEnd).split('.').filter((name) => name !== '');
  }

  /**
   * Calls `visit(start, end)` with the span in `raw` of each class of the element (the head
   * split on dots), so callers can filter before cutting a string.
   */
  forEachClassSpan(index: number, visit: (start: number, end: number) => void): void {
    const base = this.head(index);
    if (base < 0) return;
    const raw = this.text;
    const headEnd = this.spans[base + 2] as number;
    let start = (this.spans[base + 3] as number) + 1;
    for (let i = start; i <= headEnd; i++) {
      if (i === headEnd || raw.charCodeAt(i) === DOT) {
        if (i > start) visit(start, i);
        start = i + 1;
      }
    }
  }

  /**
   * Calls `visit(keyStart, keyEnd, slot)` for each attribute of the element, in chain order,
   * by the rule of findAttribute (a repeated key is visited each time: the last one counts).
   * `slot` names the value for valueAt().
   */
  forEachAttribute(index: number, visit: (keyStart: number, keyEnd: number, slot: number) => void): void {
    const base = this.head(index);
    if (base < 0) return;
    const raw = this.text;
    const quotes = this.quotes;
    const quoteTo = this.spans[base + 5] as number;
    let keyStart = (this.spans[base + 2] as number) + 1;
    for (let slot = this.spans[base + 4] as number; slot < quoteTo; slot += QUOTE_STRIDE) {
      const open = quotes[slot] as number;
      if (open <= keyStart || raw.charCodeAt(open - 1) !== EQUALS) continue;
      visit(keyStart, open - 1, slot);
      keyStart = (quotes[slot + 1] as number) + 1;
    }
  }

  /** Where the raw value of the attribute at `slot` starts (after its `"`) and ends; whether it holds `\"`. */
  valueStart(slot: number): number {
    return (this.quotes[slot] as number) + 1;
  }

  valueEnd(slot: number): number {
    return this.quotes[slot + 1] as number;
  }

  valueEscaped(slot: number): boolean {
    return this.quotes[slot + 2] === 1;
  }

  /** The unescaped value of the attribute at `slot` (from forEachAttribute). */
  valueAt(slot: number): string {
    const value = this.text.slice((this.quotes[slot] as number) + 1, this.quotes[slot + 1] as number);
    return this.quotes[slot + 2] === 1 ? unescapeQuotes(value) : value;
  }

  /** Where element `index`'s tag starts in raw (its head located), or -1 if out of range. */
  tagStart(index: number): number {
    const base = this.head(index);
    return base < 0 ? -1 : (this.spans[base] as number);
  }

  /** Where element `index`'s tag ends in raw, or -1 if out of range. */
  tagEnd(index: number): number {
    const base = this.head(index);
    return base < 0 ? -1 : (this.spans[base + 3] as number);
  }

  attributeOf(index: number, key: string): string | undefined {
    const slot = this.findAttribute(index, key);
    if (slot < 0) return undefined;
    const value = this.text.slice((this.quotes[slot] as number) + 1, this.quotes[slot + 1] as number);
    return this.quotes[slot + 2] === 1 ? unescapeQuotes(value) : value;
  }

  /**
   * Splits on `;` outside quoted values. A `"` opens a quoted value only if an unescaped `"`
   * closes it (`\"` never does); an unterminated one is plain text, and then so is every later
   * one (no later quote can close either), which keeps the scan linear.
   */
  private split(): void {
    const raw = this.text;
    let count = 0;
    let start = 0;
    let quoted = 0;
    let elementQuotes = 0;
    let semicolon = raw.indexOf(';');
    let quote = raw.indexOf('"');
    for (;;) {
      if (quote !== -1 && (semicolon === -1 || quote < semicolon)) {
        const close = findClosingQuote(raw, quote + 1);
        if (close === -1) {
          quote = -1;
          continue;
        }
        if (quoted + QUOTE_STRIDE > this.quotes.length) this.quotes = grow(this.quotes, quoted + QUOTE_STRIDE);
        this.quotes[quoted] = quote;
        this.quotes[quoted + 1] = close;
        this.quotes[quoted + 2] = closingQuoteSkippedEscape ? 1 : 0;
        quoted += QUOTE_STRIDE;
        if (semicolon !== -1 && semicolon < close) semicolon = raw.indexOf(';', close + 1);
        quote = raw.indexOf('"', close + 1);
        continue;
      }
      const end = semicolon === -1 ? raw.length : semicolon;
      if (end > start) count = this.addElement(count, start, end, elementQuotes, quoted);
      if (semicolon === -1) break;
      start = semicolon + 1;
      elementQuotes = quoted;
      semicolon = raw.indexOf(';', start);
    }
    this.count = count;
  }

  private addElement(count: number, start: number, end: number, quoteFrom: number, quoteTo: number): number {
    const base = count * ELEMENT_STRIDE;
    if (base + ELEMENT_STRIDE > this.spans.length) this.spans = grow(this.spans, base + ELEMENT_STRIDE);
    const spans = this.spans;
    spans[base] = start;
    spans[base + 1] = end;
    spans[base + 4] = quoteFrom;
    spans[base + 5] = quoteTo;
    return count + 1;
  }

  /**
   * The span base of element `index` with its head (tag and classes) located, or -1 if out of
   * range. Heads are located in chain order, so the forward searches below never go back.
   * The head ends at the first `:` before the element's first `"` that is followed by `attr__`,
   * by a key (`[A-Za-z0-9_-]*`) and `=`, or by the end of the element — PostHog's rule, which lets
   * classes like `hover:bg-blue` keep their colon — else at the last `:` before that `"` (a first
   * key with other characters), else at the end of the element.
   */
  private head(index: number): number {
    if (index < 0 || index >= this.elementCount()) return -1;
    for (; this.headsLocated <= index; this.headsLocated++) this.locateHead(this.headsLocated * ELEMENT_STRIDE);
    return index * ELEMENT_STRIDE;
  }

  private locateHead(base: number): void {
    const raw = this.text;
    const spans = this.spans;
    const start = spans[base] as number;
    const end = spans[base + 1] as number;
    const quote = this.quoteSearch.next(raw, start);
    const bound = quote === -1 || quote > end ? end : quote;
    let headEnd = -1;
    let lastColon = -1;
    for (let colon = this.colonSearch.next(raw, start); colon !== -1 && colon < bound; ) {
      const key = colon + 1;
      if (key === end || (key + 6 <= end && raw.startsWith('attr__', key))) {
        headEnd = colon;
        break;
      }
      let keyEnd = key;
      while (keyEnd < end && isKeyCode(raw.charCodeAt(keyEnd))) keyEnd++;
      if (keyEnd < end && raw.charCodeAt(keyEnd) === EQUALS) {
        headEnd = colon;
        break;
      }
      lastColon = colon;
      colon = this.colonSearch.next(raw, keyEnd);
    }
    if (headEnd < 0) headEnd = bound < end && lastColon >= 0 ? lastColon : end;
    let tagEnd = start;
    while (tagEnd < headEnd && raw.charCodeAt(tagEnd) !== DOT) tagEnd++;
    spans[base + 2] = headEnd;
    spans[base + 3] = tagEnd;
  }

  /**
   * Index into `quotes` of the value of the last attribute named `key`, or -1. An attribute is a
   * quoted value whose opening `"` follows `=`; its key is the text from the end of the previous
   * attribute (or the head's `:`) to that `=`. So `key="value"` pairs need no separator, and a
   * quoted run not preceded by `=` stays part of the next key, as in PostHog's lazy key match.
   */
  private findAttribute(index: number, key: string): number {
    const base = this.head(index);
    if (base < 0) return -1;
    const raw = this.text;
    const quotes = this.quotes;
    const quoteTo = this.spans[base + 5] as number;
    let keyStart = (this.spans[base + 2] as number) + 1;
    let found = -1;
    for (let slot = this.spans[base + 4] as number; slot < quoteTo; slot += QUOTE_STRIDE) {
      const open = quotes[slot] as number;
      // Values inside the head (none, by the head rule) or not after `=` do not start a pair.
      if (open <= keyStart || raw.charCodeAt(open - 1) !== EQUALS) continue;
      if (open - 1 - keyStart === key.length && raw.startsWith(key, keyStart)) found = slot;
      keyStart = (quotes[slot + 1] as number) + 1;
    }
    return found;
  }
}

/** The public object view of one element; strings are cut on first access. */
class ElementView implements ChainElement {
  private tagValue: string | null = null;
  private classValues: readonly string[] | null = null;

  constructor(
    private readonly chain: ElementsChain,
    private readonly index: number,
  ) {}

  get tag(): string {
    return (this.tagValue ??= this.chain.tagOf(this.index));
  }

  get classes(): readonly string[] {
    return (this.classValues ??= this.chain.classesOf(this.index));
  }

  attribute(key: string): string | undefined {
    return this.chain.attributeOf(this.index, key);
  }
}

// Set by findClosingQuote: whether it stepped over an escaped `"` (so the value holds `\"`).
// A side channel rather than a returned object keeps the scan free of allocation.
let closingQuoteSkippedEscape = false;

/** The first `"` at or after `from` not escaped by an odd run of `\`, or -1. */
function findClosingQuote(raw: string, from: number): number {
  closingQuoteSkippedEscape = false;
  for (let quote = raw.indexOf('"', from); quote !== -1; quote = raw.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && raw.charCodeAt(quote - backslashes - 1) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return quote;
    closingQuoteSkippedEscape = true;
  }
  return -1;
}

/** Undoes PostHog's only escape. Every `"` inside a value ends an odd run of `\`, so a plain
 * replacement of `\"` is exactly the pairwise decoding. */
function unescapeQuotes(value: string): string {
  return value.replaceAll('\\"', '"');
}

function isKeyCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45;
}

function grow(array: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}
