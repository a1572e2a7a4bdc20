// What the event holds for a condition, rendered for people. The value is read with the
// engine's own readers (readerFor), from the source the condition's compiled test reads, so the
// explanation shows exactly what was compared. Long values are cut.
import type { Expr, Source } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import type { EventContext } from '../event/event-context.js';
import { readerFor } from '../vm/lower.js';

/** Values are shown up to this many characters. */
export const PREVIEW_LENGTH = 200;

/** What a condition reads: a value source, or a view of the elements chain. */
type Reading = { readonly source: Source } | { readonly view: 'path' | 'tags' | 'texts' };

/** The first value a condition's tree reads, or null for a constant (an ignored filter). */
function readingOf(expr: Expr): Reading | null {
  switch (expr.kind) {
    case 'constant':
      return null;
    case 'not':
      return readingOf(expr.item);
    case 'any_text':
      return { view: 'texts' };
    case 'combinator': {
      for (const item of expr.items) {
        const reading = readingOf(item);
        if (reading !== null) return reading;
      }
      return null;
    }
    case 'test':
      if (expr.source.op === Op.SRC_ELEMENTS) return { view: expr.op === Op.HAS_TAG ? 'tags' : 'path' };
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
    if (reading.view === 'texts') return renderValue(chain.texts());
    const elements = chain.elements();
    if (elements.length === 0) return '(no elements)';
    if (reading.view === 'tags') return renderValue(elements.map((element) => element.tag));
    // Outermost first, like the selector it is compared with.
    const path = elements
      .map((element) => {
        const id = element.attribute('attr_id');
        return element.tag + (id === undefined ? '' : `#${id}`) + element.classes.map((name) => `.${name}`).join('');
      })
      .reverse()
      .join(' > ');
    return truncate(path);
  } catch {
    return '(unreadable)';
  }
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
  return truncate(text);
}

/** Cuts `text` to PREVIEW_LENGTH characters, saying how long it was. */
export function truncate(text: string): string {
  if (text.length <= PREVIEW_LENGTH) return text;
  return `${text.slice(0, PREVIEW_LENGTH)}… (${text.length} characters)`;
}
