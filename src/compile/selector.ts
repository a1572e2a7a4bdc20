// CSS selectors of steps and element filters (SEMANTICS.md §6), compiled to the JSON operand
// of the SELECTOR instruction. css-what parses; this module decides what is supported, maps
// each condition to the chain key it tests, and refuses everything else with a message naming
// the construct. css-what is lenient (an empty string, a leading or dangling combinator, any
// pseudo-class), so its output is validated token by token.
import { AttributeAction, parse, SelectorType, type AttributeSelector, type Selector } from 'css-what';
import type { SelectorOperand } from '../bytecode/selector-operand.js';
import { CompileError } from './errors.js';
import { currentLimits, DEFAULT_LIMITS } from './limits.js';

export { formatSelectorOperand, isSelectorOperand, type SelectorOperand } from '../bytecode/selector-operand.js';

/**
 * The default selector limits under their earlier names; the limits in force are the shared
 * ones (`maxSelectorLength`, `maxSelectorCompounds`), which compileAction's options may lower.
 */
export const selectorLimits = Object.freeze({ maxLength: DEFAULT_LIMITS.maxSelectorLength, maxCompounds: DEFAULT_LIMITS.maxSelectorCompounds });

const attributeOperators: Readonly<Record<string, string>> = {
  [AttributeAction.Element]: '~=',
  [AttributeAction.Start]: '^=',
  [AttributeAction.End]: '$=',
  [AttributeAction.Any]: '*=',
  [AttributeAction.Hyphen]: '|=',
  [AttributeAction.Not]: '!=',
};

const unsupportedCombinators: Readonly<Record<string, string>> = {
  [SelectorType.Adjacent]: '+',
  [SelectorType.Sibling]: '~',
  [SelectorType.Parent]: '<',
  [SelectorType.ColumnCombinator]: '||',
};

interface CompoundDraft {
  tag: string;
  readonly classes: string[];
  readonly attributes: string[];
  empty: boolean;
}

/**
 * Compiles `selector` to its operand. Throws CompileError (`unsupported_selector`, or
 * `limit_exceeded`) with `path` and a message naming the offending construct.
 */
export function compileSelector(selector: string, path: string): SelectorOperand {
  // The wording predates the shared limits and is pinned by the selector tests; it names the
  // cap (maxSelectorLength) and the path.
  const { maxSelectorLength } = currentLimits();
  if (selector.length > maxSelectorLength) {
    throw new CompileError('limit_exceeded', path, `selector is longer than ${maxSelectorLength} characters`);
  }
  // PostHog erases these star hops before parsing, so `div > * > a` means `div a` there too.
  // PostHog also rewrites `\:` to `:` because its own splitter would otherwise keep the
  // backslash; css-what already decodes `\:` (and `\/`, `\.`) inside a name, and rewriting first
  // would turn `.hover\:bg-blue` into class `hover` plus pseudo-class `:bg-blue`. Keeping the
  // escape yields the class `hover:bg-blue`, the same name PostHog ends up with.
  const normalized = selector.replaceAll('> * > ', '').replaceAll('> *', '');
  let lists: Selector[][];
  try {
    lists = parse(normalized);
  } catch (caught) {
    throw new CompileError('unsupported_selector', path, `invalid selector syntax: ${caught instanceof Error ? caught.message : String(caught)}`);
  }
  if (lists.length === 0) throw new CompileError('unsupported_selector', path, 'empty selector');
  if (lists.length > 1) throw unsupported(path, 'selector list ","');
  return compileTokens(lists[0] ?? [], path);
}

function compileTokens(tokens: readonly Selector[], path: string): SelectorOperand {
  const operand: unknown[] = [];
  let compound = newCompound();
  const { maxSelectorCompounds } = currentLimits();
  for (const token of tokens) {
    if (token.type === SelectorType.Descendant || token.type === SelectorType.Child) {
      const combinator = token.type === SelectorType.Child ? '>' : ' ';
      if (compound.empty) throw unsupported(path, `selector starts with the combinator "${combinator}"`);
      operand.push(finishCompound(compound), combinator);
      if (operand.length / 2 >= maxSelectorCompounds) {
        throw new CompileError('limit_exceeded', path, `selector has more than ${maxSelectorCompounds} compound selectors`);
      }
      compound = newCompound();
      continue;
    }
    addToCompound(compound, token, path);
    compound.empty = false;
  }
  if (compound.empty) throw unsupported(path, 'selector ends with the combinator ">"');
  operand.push(finishCompound(compound));
  return operand;
}

function addToCompound(compound: CompoundDraft, token: Selector, path: string): void {
  switch (token.type) {
    case SelectorType.Tag:
    case SelectorType.Universal: {
      const name = token.type === SelectorType.Tag ? token.name : '*';
      if (token.namespace !== null) throw unsupported(path, `namespace "${token.namespace}|" in "${token.namespace}|${name}"`);
      if (!compound.empty) throw unsupported(path, `type selector "${name}" after other conditions of its compound`);
      // HTML type selectors ignore ASCII case, and chains record tags in lowercase.
      compound.tag = token.type === SelectorType.Tag ? asciiLowercase(name) : '*';
      return;
    }
    case SelectorType.Attribute:
      addAttribute(compound, token, path);
      return;
    case SelectorType.Pseudo: {
      const position = token.name === 'nth-child' || token.name === 'nth-of-type' ? readPosition(token.data) : null;
      if (position === null) throw unsupported(path, describePseudo(token.name, token.data));
      addCondition(compound.attributes, token.name, position);
      return;
    }
    case SelectorType.PseudoElement:
      throw unsupported(path, `pseudo-element "::${token.name}"`);
    default:
      throw unsupported(path, `combinator "${unsupportedCombinators[token.type] ?? token.type}"`);
  }
}

function addAttribute(compound: CompoundDraft, token: AttributeSelector, path: string): void {
  const { name, value } = token;
  if (token.namespace !== null) throw unsupported(path, `namespace "${token.namespace}|" in attribute [${token.namespace}|${name}]`);
  // css-what marks the `.class` and `#id` shorthands (and only those) with "quirks".
  if (token.ignoreCase === 'quirks') {
    if (name === 'class') {
      if (!compound.classes.includes(value)) compound.classes.push(value);
    } else {
      addCondition(compound.attributes, 'attr_id', value);
    }
    return;
  }
  if (token.action === AttributeAction.Exists) throw unsupported(path, `attribute existence test [${name}]`);
  if (token.action !== AttributeAction.Equals) {
    throw unsupported(path, `attribute operator "${attributeOperators[token.action] ?? token.action}" in [${name}${attributeOperators[token.action] ?? ''}${JSON.stringify(value)}]`);
  }
  if (token.ignoreCase === true) throw unsupported(path, `case-insensitive attribute flag "i" in [${name}=${JSON.stringify(value)} i]`);
  // Attribute names keep their case: the chain records DOM names, which are case-sensitive
  // outside HTML (`viewBox`), and PostHog compares them as written.
  addCondition(compound.attributes, name === 'id' ? 'attr_id' : name === 'href' ? 'href' : `attr__${name}`, value);
}

/** Appends `key = value` unless the compound already requires exactly that. */
function addCondition(attributes: string[], key: string, value: string): void {
  for (let index = 0; index + 1 < attributes.length; index += 2) {
    if (attributes[index] === key && attributes[index + 1] === value) return;
  }
  attributes.push(key, value);
}

/** The decimal text of a positive integer `:nth-child()` / `:nth-of-type()` argument, or null. */
function readPosition(data: unknown): string | null {
  if (typeof data !== 'string') return null;
  const match = /^\s*\+?0*([1-9][0-9]*)\s*$/.exec(data);
  return match?.[1] ?? null;
}

function describePseudo(name: string, data: unknown): string {
  if (name === 'nth-child' || name === 'nth-of-type') {
    return typeof data === 'string'
      ? `":${name}(${data})" (only :${name}(N) with a positive integer N is supported)`
      : `pseudo-class ":${name}" without a position`;
  }
  return `pseudo-class ":${name}${data === null ? '' : '()'}"`;
}

function newCompound(): CompoundDraft {
  return { tag: '*', classes: [], attributes: [], empty: true };
}

function finishCompound(compound: CompoundDraft): readonly unknown[] {
  return [compound.tag, compound.classes, compound.attributes];
}

function unsupported(path: string, construct: string): CompileError {
  return new CompileError('unsupported_selector', path, `unsupported selector syntax: ${construct}`);
}

function asciiLowercase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
