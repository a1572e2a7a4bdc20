// Per-event element tables for a matcher's selectors and tag tests: one pass over the chain's
// elements records, for every tag, class and attribute pair that some selector mentions (an
// interned token), the set of elements carrying it, as a bit mask. A compound (`button.btn`,
// `[data-attr="x"]`, `#id`) is then the AND of its tokens' masks, a single-compound selector a
// lookup, and a combinator a shift (`>`, the parent is the next element) or a smear (` `, any
// later element) of one 32-bit word: each distinct selector costs a few integer operations per
// event instead of a walk over the elements.
//
// The masks cover chains of up to 32 elements (nearly all real ones); a longer chain, or a
// class written with dots (which spans several of the chain's class names), is answered by the
// reference matcher (selector-match.ts). Tokens are interned for the matcher's lifetime (they
// are short strings from selectors); the pass finds names by length, first character and an
// in-place comparison, so it cuts no strings but the values of attributes some selector tests.
import type { Compound, SelectorOperand } from '../bytecode/selector-operand.js';
import { isSelectorOperand } from '../bytecode/selector-operand.js';
import type { ElementsChain } from '../event/elements-chain.js';
import { createSelectorMatcher } from './selector-match.js';

const MAX_MASKED_ELEMENTS = 32;

/** Length and first code unit of a name: a cheap refusal before a string is cut and looked up. */
function shapeOf(length: number, first: number): number {
  return length * 0x10000 + first;
}

/** Interned names, found in the raw chain by their span without cutting a string. */
class TokenDictionary {
  readonly ids = new Map<string, number>();
  /** By shape: the names of that length and first character, and their ids (usually one). */
  private readonly byShape = new Map<number, Array<readonly [string, number]>>();

  idOf(name: string, next: () => number): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = next();
      this.ids.set(name, id);
      const shape = shapeOf(name.length, name.charCodeAt(0));
      const list = this.byShape.get(shape);
      if (list) list.push([name, id]);
      else this.byShape.set(shape, [[name, id]]);
    }
    return id;
  }

  /** The id of the name spanning raw[start, end), or -1. */
  find(raw: string, start: number, end: number): number {
    if (end <= start) return end === start ? (this.ids.get('') ?? -1) : -1;
    const list = this.byShape.get(shapeOf(end - start, raw.charCodeAt(start)));
    if (list === undefined) return -1;
    for (let i = 0; i < list.length; i++) {
      const [name, id] = list[i] as readonly [string, number];
      if (raw.startsWith(name, start)) return id;
    }
    return -1;
  }
}

export class ElementTables {
  private readonly tags = new TokenDictionary();
  private readonly classes = new TokenDictionary();
  /** Attribute keys mentioned, each with its values. */
  private readonly keys = new TokenDictionary();
  private readonly values: TokenDictionary[] = [];
  private tokenCount = 0;
  private masks = new Int32Array(64);
  private stamps = new Int32Array(64);
  private generation = 1;
  private prepared = 0;
  /** The bound chain is too long for masks: selectors use the reference matcher. */
  private wide = false;
  private count = 0;

  // State of the pass, kept on the instance so the visitors are allocated once.
  private chain: ElementsChain | null = null;
  private element = 0;
  /** Per key id: the slot of its last value in the current element, or -1. */
  private lastSlots = new Int32Array(8).fill(-1);
  private readonly seenKeys: number[] = [];
  /** Tokens the prepared chain has, each listed once, in the order first met. */
  private readonly present: number[] = [];

  beginEvent(): void {
    if (++this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  private nextToken = (): number => {
    const id = this.tokenCount++;
    if (id >= this.masks.length) {
      const masks = new Int32Array(this.masks.length * 2);
      const stamps = new Int32Array(this.masks.length * 2);
      masks.set(this.masks);
      stamps.set(this.stamps);
      this.masks = masks;
      this.stamps = stamps;
    }
    return id;
  };

  tagToken(tag: string): number {
    return this.tags.idOf(tag, this.nextToken);
  }

  classToken(name: string): number {
    return this.classes.idOf(name, this.nextToken);
  }

  attributeToken(key: string, value: string): number {
    const keyId = this.keys.idOf(key, () => this.values.push(new TokenDictionary()) - 1);
    if (keyId >= this.lastSlots.length) {
      const grown = new Int32Array(this.lastSlots.length * 2).fill(-1);
      grown.set(this.lastSlots);
      this.lastSlots = grown;
    }
    return (this.values[keyId] as TokenDictionary).idOf(value, this.nextToken);
  }

  /**
   * Binds the tables to the chain of the current event (once per event). Returns the number of
   * elements, or -1 when the chain is too long for masks.
   */
  prepare(chain: ElementsChain): number {
    if (this.prepared !== this.generation) {
      this.prepared = this.generation;
      this.present.length = 0;
      this.count = chain.elementCount();
      this.wide = this.count > MAX_MASKED_ELEMENTS;
      // A wide chain is still passed over once: which tokens it has feeds the index (its
      // masks wrap past 32 elements and are not read).
      if (this.count > 0) this.fill(chain);
    }
    return this.wide ? -1 : this.count;
  }

  /** The tokens the prepared chain has (valid until the next event). */
  presentTokens(): readonly number[] {
    return this.present;
  }

  /** The elements carrying `token` in the prepared chain, a bit each (bit i = element i). */
  mask(token: number): number {
    return this.stamps[token] === this.generation ? (this.masks[token] as number) : 0;
  }

  private set(token: number, bit: number): void {
    if (this.stamps[token] === this.generation) this.masks[token] = (this.masks[token] as number) | bit;
    else {
      this.stamps[token] = this.generation;
      this.masks[token] = bit;
      this.present.push(token);
    }
  }

  private fill(chain: ElementsChain): void {
    this.chain = chain;
    const raw = chain.raw;
    const hasTags = this.tags.ids.size > 0;
    const hasClasses = this.classes.ids.size > 0;
    const hasKeys = this.keys.ids.size > 0;
    for (let i = 0; i < this.count; i++) {
      this.element = i;
      if (hasTags) {
        const id = this.tags.find(raw, chain.tagStart(i), chain.tagEnd(i));
        if (id >= 0) this.set(id, 1 << i);
      }
      if (hasClasses) chain.forEachClassSpan(i, this.visitClass);
      if (hasKeys) {
        chain.forEachAttribute(i, this.visitAttribute);
        // The last value of a repeated key is the one that counts, as in attributeEquals.
        const seen = this.seenKeys;
        for (let k = 0; k < seen.length; k++) {
          const keyId = seen[k] as number;
          const slot = this.lastSlots[keyId] as number;
          const values = this.values[keyId] as TokenDictionary;
          const id = chain.valueEscaped(slot) ? (values.ids.get(chain.valueAt(slot)) ?? -1) : values.find(raw, chain.valueStart(slot), chain.valueEnd(slot));
          if (id >= 0) this.set(id, 1 << i);
          this.lastSlots[keyId] = -1;
        }
        seen.length = 0;
      }
    }
    this.chain = null;
  }

  private readonly visitClass = (start: number, end: number): void => {
    const id = this.classes.find((this.chain as ElementsChain).raw, start, end);
    if (id >= 0) this.set(id, 1 << this.element);
  };

  private readonly visitAttribute = (keyStart: number, keyEnd: number, slot: number): void => {
    const keyId = this.keys.find((this.chain as ElementsChain).raw, keyStart, keyEnd);
    if (keyId < 0) return;
    if (this.lastSlots[keyId] === -1) this.seenKeys.push(keyId);
    this.lastSlots[keyId] = slot;
  };
}

/** One compound as token ids; an empty list (`*`) matches every element. */
type MaskedCompound = readonly number[];

/**
 * A selector predicate reading `tables`: same answers as createSelectorMatcher(operand).
 * Falls back to it for a chain longer than the masks or a class name holding a dot.
 */
export function createTableSelectorMatcher(operand: SelectorOperand, tables: ElementTables): (chain: ElementsChain) => boolean {
  const reference = createSelectorMatcher(operand);
  if (!isSelectorOperand(operand)) return reference;
  const compounds: MaskedCompound[] = [];
  const childOf: boolean[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const [tag, classes, attributes] = operand[index] as Compound;
    if (classes.some((name) => name.includes('.'))) return reference;
    const tokens: number[] = [];
    if (tag !== '*') tokens.push(tables.tagToken(tag));
    for (const name of classes) tokens.push(tables.classToken(name));
    for (let a = 0; a + 1 < attributes.length; a += 2) tokens.push(tables.attributeToken(attributes[a] as string, attributes[a + 1] as string));
    compounds.push(tokens);
    if (index > 0) childOf.push(operand[index - 1] === '>');
  }
  const last = compounds.length - 1;
  return (chain) => {
    const count = tables.prepare(chain);
    if (count < 0) return reference(chain);
    if (count === 0) return false;
    const all = count === 32 ? -1 : (1 << count) - 1;
    let reach = maskOf(compounds[last] as MaskedCompound, tables, all);
    for (let index = last - 1; index >= 0 && reach !== 0; index--) {
      const mask = maskOf(compounds[index] as MaskedCompound, tables, all);
      if (childOf[index] === true) {
        // `A > B`: A on the element right after B's (its parent).
        reach = (reach << 1) & mask;
      } else {
        // `A B`: A on any element after the first that B's part reached.
        const lowest = reach & -reach;
        reach = ~((lowest << 1) - 1) & mask;
      }
    }
    return reach !== 0;
  };
}

function maskOf(tokens: MaskedCompound, tables: ElementTables, all: number): number {
  let mask = all;
  for (let i = 0; i < tokens.length && mask !== 0; i++) mask &= tables.mask(tokens[i] as number);
  return mask;
}

/** A tag test reading `tables`: some element has exactly this tag. */
export function createTableTagTest(tag: string, tables: ElementTables, reference: (chain: ElementsChain) => boolean): (chain: ElementsChain) => boolean {
  const token = tables.tagToken(tag);
  return (chain) => {
    const count = tables.prepare(chain);
    return count < 0 ? reference(chain) : count > 0 && tables.mask(token) !== 0;
  };
}
