// The compiled selector, as a SELECTOR instruction stores it: its JSON shape, its validation
// (when bytecode is decoded) and its CSS rendering (for the disassembler). compile/selector.ts
// produces it; vm/selector-match.ts evaluates it.
//
// SelectorOperand, as stored in bytecode (plain JSON):
//   [compound, combinator, compound, …]   odd length ≥ 1, compounds from LEFT to RIGHT
//   compound   = [tag, classes, attributes]
//     tag        = lowercase tag name, or "*" for any element
//     classes    = ["btn", "hover:bg-blue", …]           every one must be a class of the element
//     attributes = [key, value, key, value, …]           chain keys: "attr_id", "href",
//                  "attr__<name>", "nth-child", "nth-of-type"; values compared exactly
//   combinator = ">" (the left compound matches the parent of the right one's element)
//              | " " (the left compound matches some ancestor)
// Example: `div.card > button#buy:nth-child(2)` is
//   [["div",["card"],[]], ">", ["button",[],["attr_id","buy","nth-child","2"]]]
/** A compiled selector; see the module header for the shape. Validate with isSelectorOperand. */
export type SelectorOperand = readonly unknown[];
export type Compound = readonly [tag: string, classes: readonly string[], attributes: readonly string[]];

/** Structural validation of a compiled selector read from stored bytecode. */
export function isSelectorOperand(value: unknown): value is SelectorOperand {
  if (!Array.isArray(value) || value.length % 2 === 0) return false;
  return value.every((item: unknown, index) => (index % 2 === 1 ? item === '>' || item === ' ' : isCompound(item)));
}

function isCompound(value: unknown): value is Compound {
  if (!Array.isArray(value) || value.length !== 3) return false;
  const [tag, classes, attributes] = value as unknown[];
  return (
    typeof tag === 'string' &&
    tag !== '' &&
    isStringList(classes, (name) => name !== '') &&
    isStringList(attributes, (text, index) => index % 2 === 1 || text !== '') &&
    (attributes as unknown[]).length % 2 === 0
  );
}

function isStringList(value: unknown, accept: (text: string, index: number) => boolean): boolean {
  return Array.isArray(value) && value.every((item: unknown, index) => typeof item === 'string' && accept(item, index));
}

/** CSS text for a compiled selector (for the disassembler); compiling it gives the operand back. */
export function formatSelectorOperand(operand: SelectorOperand): string {
  if (!isSelectorOperand(operand)) return `<invalid selector ${JSON.stringify(operand)}>`;
  let text = formatCompound(operand[0] as Compound);
  for (let index = 1; index + 1 < operand.length; index += 2) {
    const compound = formatCompound(operand[index + 1] as Compound);
    // `> *` would be erased when compiled (PostHog's star-hop rule), so a child `*` is written `>*`.
    text += (operand[index] === ' ' ? ' ' : compound.startsWith('*') ? ' >' : ' > ') + compound;
  }
  return text;
}

function formatCompound([tag, classes, attributes]: Compound): string {
  let text = tag === '*' ? '' : escapeIdentifier(tag);
  for (const name of classes) text += '.' + escapeIdentifier(name);
  for (let index = 0; index + 1 < attributes.length; index += 2) {
    const key = attributes[index] as string;
    const value = attributes[index + 1] as string;
    if (key === 'attr_id' && value !== '') text += '#' + escapeIdentifier(value);
    else if ((key === 'nth-child' || key === 'nth-of-type') && /^[1-9][0-9]*$/.test(value)) text += `:${key}(${value})`;
    // `*` is escaped too, so that no `> *` appears for the compiler to erase.
    else text += `[${escapeIdentifier(chainKeyToAttribute(key))}="${value.replace(/["\\*]/g, '\\$&')}"]`;
  }
  return text === '' ? '*' : text;
}

/** The CSS attribute name a chain key came from. Keys the compiler never emits are shown as is. */
function chainKeyToAttribute(key: string): string {
  if (key === 'attr_id') return 'id';
  return key.startsWith('attr__') ? key.slice(6) : key;
}

/** Backslash-escapes what would end a CSS identifier; control characters as hex escapes. */
function escapeIdentifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_\u00B0-\uFFFF-]/g, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? `\\${code.toString(16)} ` : '\\' + char;
  });
}

