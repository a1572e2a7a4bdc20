// PostHog's own expectations, table-driven: compiler output for HogQL expressions
// (posthog-compiler.jsonl, posthog-hogql-compiler.jsonl), the expression property_to_expr builds for a filter
// (posthog-property-exprs.jsonl, written in PostHog's HogQL and parsed here), and whole actions
// to bytecode (posthog-actions.jsonl). Each line names the PostHog test it comes from.
import { describe, expect, it } from 'vitest';
import { createBytecode } from '../../src/hogvm/emit.js';
import { propertyToExpr } from '../../src/hogvm/property.js';
import { toHogBytecode } from '../../src/hogvm/to-hog-bytecode.js';
import { parseHogQL } from './hogql-expr.js';
import { readJsonl } from './load-data.js';

interface CompilerCase {
  name: string;
  source: string;
  hogql: string;
  bytecode: unknown[];
}
interface PropertyCase {
  name: string;
  source: string;
  filter: unknown;
  expr?: string;
  error?: string;
  /** PostHog's test asserts only how its error begins (assertRaisesMessage). */
  error_prefix?: string;
  now?: string;
}
interface ActionCase {
  name: string;
  source: string;
  action: unknown;
  bytecode?: unknown[];
  bytecode_error?: string;
}

describe('PostHog compiler goldens', () => {
  it.each(readJsonl<CompilerCase>('posthog-compiler.jsonl'))('$name', ({ hogql, bytecode }) => {
    expect(createBytecode(parseHogQL(hogql))).toEqual(bytecode);
  });
});

describe('PostHog compiler goldens through PostHog\'s parser, as hogql filters', () => {
  // A `hogql` filter alone is the expression itself: the whole action's bytecode is PostHog's.
  const cases = [...readJsonl<CompilerCase>('posthog-compiler.jsonl'), ...readJsonl<CompilerCase>('posthog-hogql-compiler.jsonl')];
  it.each(cases)('$name', ({ hogql, bytecode }) => {
    expect(toHogBytecode({ id: 1, steps: [{ properties: [{ type: 'hogql', key: hogql }] }] })).toEqual({ bytecode, bytecode_error: null });
  });
});

describe('PostHog property_to_expr goldens', () => {
  it.each(readJsonl<PropertyCase>('posthog-property-exprs.jsonl'))('$name', ({ filter, expr, error, error_prefix, now }) => {
    const nowMs = now === undefined ? Date.UTC(2024, 0, 1) : Date.parse(now);
    const action = { id: 1, steps: [{ properties: [filter] }] };
    const result = toHogBytecode(action, { now: nowMs });
    if (error_prefix !== undefined) {
      expect(result.bytecode).toBeNull();
      expect(result.bytecode_error?.startsWith(error_prefix), String(result.bytecode_error)).toBe(true);
      return;
    }
    if (error !== undefined) {
      expect(result).toEqual({ bytecode: null, bytecode_error: error });
      return;
    }
    const expected = parseHogQL(expr ?? '');
    expect(propertyToExpr(filter, { nowMs })).toEqual(expected);
    expect(result).toEqual({ bytecode: createBytecode(expected), bytecode_error: null });
  });
});

describe('PostHog action goldens', () => {
  it.each(readJsonl<ActionCase>('posthog-actions.jsonl'))('$name', ({ action, bytecode, bytecode_error }) => {
    expect(toHogBytecode(action)).toEqual({ bytecode: bytecode ?? null, bytecode_error: bytecode_error ?? null });
  });
});
