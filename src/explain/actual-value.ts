// What the event holds for a condition, rendered for people. The value is read with the
// engine's own readers (readerFor), from the source the condition's compiled test reads, so the
// explanation shows exactly what was compared. Long values are cut, and control characters from
// the event are escaped, so an explanation printed on a terminal cannot drive it.
import type { Expr, Source } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { isSelectorOperand, type Compound } from '../bytecode/selector-operand.js';
import type { ChainElement } from '../event/elements-chain.js';
import type { EventContext } from '../event/event-context.js';
import { readerFor } from '../vm/lower.js';

/** Values are shown up to this many characters. */
export const PREVIEW_LENGTH = 200;

/** What a condition reads: a value source, or a view of the elements chain. */
type Reading = { readonly source: Source } | { readonly view: 'tags' } | { readonly view: 'texts' } | { readonly view: 'path'; readonly keys: readonly string[] };

/** The first value a condition's tree reads, or null for a constant (an ignored filter). */
function readingOf(expr: Expr): Reading | null {
  switch (expr.kind) {
    case 'constant':
      return null;
    case 'not':
      return readingOf(expr.item);
    case 'any_text':
      return { view: 'texts' };
    case 'hogql':
      // Explanations show a HogQL condition's own value (explain-match.ts), not a field.
      return null;
    case 'combinator': {
      for (const item of expr.items) {
        const reading = readingOf(item);
        if (reading !== null) return reading;
      }
      return null;
    }
    case 'test':
      if (expr.source.op === Op.SRC_ELEMENTS) return expr.op === Op.HAS_TAG ? { view: 'tags' } : { view: 'path', keys: selectorKeys(expr.operands[0]) };
      if (expr.source.op === Op.SRC_ITEM) return { view: 'texts' };
      return { source: expr.source };
  }
}

/** The rendered value `expr` reads from the bound event; `(not read)` for an ignored filter. */
export function describeActual(expr: Expr | null, context: EventContext): string {
  if (expr === null) return '(not compared)';
  const reading = readingOf(expr);
  if (reading === null) return '(not read)';
  try {
    if ('source' in reading) return renderValue(readerFor(reading.source)(context));
    const chain = context.chain;
    if (reading.view === 'texts') {
      const texts = chain.texts();
      return texts.length === 0 ? '(no text in the chain)' : renderValue(texts);
    }
    const elements = chain.elements();
    if (elements.length === 0) return '(no elements)';
    if (reading.view === 'tags') return renderValue(elements.map((element) => element.tag));
    // Outermost first, like the selector it is compared with.
    return truncate(elements.map((element) => describeElement(element, reading.keys)).reverse().join(' > '));
  } catch {
    return '(unreadable)';
  }
}

/**
 * The chain keys a compiled selector compares besides tag, classes and id (`attr__data-attr`,
 * `href`, `nth-child`), in first-use order, so the path shows what the selector looked at.
 */
function selectorKeys(operand: unknown): string[] {
  const keys: string[] = [];
  if (!isSelectorOperand(operand)) return keys;
  operand.forEach((compound, index) => {
    if (index % 2 === 1) return;
    const attributes = (compound as Compound)[2];
    for (let at = 0; at < attributes.length; at += 2) {
      const key = attributes[at];
      if (key !== undefined && key !== 'attr_id' && !keys.includes(key)) keys.push(key);
    }
  });
  return keys;
}

/** `button#buy.btn[data-attr="x"]:nth-child(2)`: tag, id, classes, then the attributes and positions asked for. */
function describeElement(element: ChainElement, keys: readonly string[]): string {
  const id = element.attribute('attr_id');
  let text = escapeControls(element.tag) + (id === undefined ? '' : `#${escapeControls(id)}`);
  text += element.classes.map((name) => `.${escapeControls(name)}`).join('');
  let positions = '';
  for (const key of keys) {
    const value = element.attribute(key);
    if (value === undefined) continue;
    if (key === 'nth-child' || key === 'nth-of-type') positions += `:${key}(${escapeControls(value)})`;
    else text += `[${escapeControls(key.startsWith('attr__') ? key.slice('attr__'.length) : key)}=${quote(value)}]`;
  }
  return text + positions;
}

/** Control characters (newlines, ANSI escapes) from the event written as `\uXXXX`, never raw. */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` as a JSON string, its control characters escaped (JSON leaves U+007F to U+009F raw). */
export function quote(text: string): string {
  return escapeControls(JSON.stringify(text));
}

/** A value as JSON (missing and null shown as `(not set)`), cut to PREVIEW_LENGTH characters. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value === 'object' ? Object.prototype.toString.call(value) : String(value);
  }
  return truncate(escapeControls(text));
}

/** Cuts `text` to PREVIEW_LENGTH characters, saying how long it was. */
function truncate(text: string): string {
  if (text.length <= PREVIEW_LENGTH) return text;
  return `${text.slice(0, PREVIEW_LENGTH)}… (${text.length} characters)`;
}
