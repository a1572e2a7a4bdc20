// Structural, CSS-exact matching of a compiled selector against an event's elements chain
// (SEMANTICS.md §6). The compiled selector's JSON shape is a bytecode operand format, defined
// and validated in bytecode/selector-operand.ts.
import type { Compound, SelectorOperand } from '../bytecode/selector-operand.js';
import { isSelectorOperand } from '../bytecode/selector-operand.js';
import type { ElementsChain } from '../event/elements-chain.js';

interface CompiledCompound {
  /** null for `*`. */
  readonly tag: string | null;
  readonly classes: readonly string[];
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

// One row of the dynamic programme, shared by every matcher: matching is synchronous and never
// re-entered, so a single buffer that only grows keeps evaluation free of allocation.
let reach = new Uint8Array(64);
const never = (): boolean => false;

/**
 * A predicate for one compiled selector. The rightmost compound may match any element of the
 * chain (not only the clicked one). Runs in O(compounds × elements) without backtracking, after
 * a prefilter that refuses, without parsing the chain, any chain missing one of the literal
 * texts a match needs. Never throws; an invalid operand never matches.
 */
export function createSelectorMatcher(operand: SelectorOperand): (chain: ElementsChain) => boolean {
  if (!isSelectorOperand(operand)) return never;
  const compounds: CompiledCompound[] = [];
  const childOf: boolean[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const compound = compileCompound(operand[index] as Compound);
    if (compound === null) return never;
    compounds.push(compound);
    if (index > 0) childOf.push(operand[index - 1] === '>');
  }
  const literals = requiredLiterals(compounds);
  return (chain) => {
    // The literal prefilter saves the structural parse; once the chain is parsed (another
    // selector or the matcher's index needed it), checking the elements directly is cheaper
    // than searching the raw text.
    if (!chain.isParsed()) {
      const raw = chain.raw;
      for (let index = 0; index < literals.length; index++) if (!raw.includes(literals[index] as string)) return false;
    }
    const count = chain.elementCount();
    return count > 0 && matchChain(chain, count, compounds, childOf);
  };
}

/** null when the compound can never match (one key required to hold two values). */
function compileCompound([tag, classes, attributes]: Compound): CompiledCompound | null {
  const keys: string[] = [];
  const values: string[] = [];
  for (let index = 0; index + 1 < attributes.length; index += 2) {
    const key = attributes[index] as string;
    const value = attributes[index + 1] as string;
    const seen = keys.indexOf(key);
    if (seen >= 0 && values[seen] !== value) return null;
    if (seen < 0) {
      keys.push(key);
      values.push(value);
    }
  }
  return { tag: tag === '*' ? null : tag, classes: [...new Set(classes)], keys, values };
}

/**
 * Texts the raw chain must contain for a match: each tag, `.class`, and `key="value"` with the
 * value's quotes escaped as the chain writes them. Longest first: they refuse most often.
 */
function requiredLiterals(compounds: readonly CompiledCompound[]): string[] {
  const literals = new Set<string>();
  for (const { tag, classes, keys, values } of compounds) {
    if (tag !== null) literals.add(tag);
    for (const name of classes) literals.add('.' + name);
    keys.forEach((key, index) => literals.add(`${key}="${(values[index] as string).replaceAll('"', '\\"')}"`));
  }
  return [...literals].sort((a, b) => b.length - a.length);
}

/**
 * reach[p] says whether compounds j…last can be placed with compound j on element p. Going
 * leftwards, `A > B` needs B on p - 1 (the child, one step towards the clicked element) and
 * `A B` needs B on some q < p, tracked by a running flag. One row, overwritten in place.
 */
function matchChain(chain: ElementsChain, count: number, compounds: readonly CompiledCompound[], childOf: readonly boolean[]): boolean {
  const last = compounds.length - 1;
  const rightmost = compounds[last] as CompiledCompound;
  if (last === 0) {
    for (let position = 0; position < count; position++) if (matchesCompound(chain, position, rightmost)) return true;
    return false;
  }
  if (reach.length < count) reach = new Uint8Array(Math.max(count, reach.length * 2));
  const row = reach;
  let any = false;
  for (let position = 0; position < count; position++) {
    const ok = matchesCompound(chain, position, rightmost);
    row[position] = ok ? 1 : 0;
    any ||= ok;
  }
  for (let index = last - 1; index >= 0 && any; index--) {
    const compound = compounds[index] as CompiledCompound;
    any = false;
    if (childOf[index] === true) {
      // Descending, so row[position - 1] still holds the previous compound's answer.
      for (let position = count - 1; position >= 1; position--) {
        const ok = row[position - 1] === 1 && matchesCompound(chain, position, compound);
        row[position] = ok ? 1 : 0;
        any ||= ok;
      }
      row[0] = 0;
    } else {
      let below = false;
      for (let position = 0; position < count; position++) {
        const previous = row[position] === 1;
        const ok = below && matchesCompound(chain, position, compound);
        row[position] = ok ? 1 : 0;
        any ||= ok;
        below ||= previous;
      }
    }
  }
  return any;
}

function matchesCompound(chain: ElementsChain, position: number, compound: CompiledCompound): boolean {
  if (compound.tag !== null && !chain.tagEquals(position, compound.tag)) return false;
  const { classes, keys, values } = compound;
  for (let index = 0; index < classes.length; index++) if (!chain.hasClass(position, classes[index] as string)) return false;
  for (let index = 0; index < keys.length; index++) {
    if (!chain.attributeEquals(position, keys[index] as string, values[index] as string)) return false;
  }
  return true;
}
