import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher, disassemble } from '../../src/index.js';

function errorOf(steps: unknown): string | null {
  return compileAction({ id: 1, steps }).bytecode_error;
}

describe('object values in the operators PostHog stringifies (icontains, not_icontains, icontains_multi)', () => {
  const matches = (value: unknown, operator: string, plan: unknown): boolean =>
    createMatcher([{ id: 1, steps: [{ properties: [{ key: 'plan', value, operator }] }] }]).match({ event: 'x', properties: { plan } }).includes(1);

  it('compile, as the ILIKE pattern of their Python repr', () => {
    const result = compileAction({ id: 1, steps: [{ properties: [{ key: 'plan', value: { nested: 'pro' }, operator: 'not_icontains' }] }] });
    expect(result.bytecode_error).toBeNull();
    expect(disassemble(result.bytecode ?? [])).toContain(`"%{'nested': 'pro'}%"`);
  });

  it('match as PostHog does', () => {
    expect(matches({ nested: 'pro' }, 'not_icontains', 'free')).toBe(true);
    expect(matches({ nested: 'pro' }, 'icontains', { nested: 'pro' })).toBe(true);
    expect(matches({ nested: 'pro' }, 'icontains', 'pro')).toBe(false);
    expect(matches(['x', { nested: 'pro' }], 'icontains', { nested: 'pro' })).toBe(true);
    expect(matches({ nested: 'pro' }, 'icontains_multi', "{'NESTED': 'pro'}")).toBe(true);
    expect(matches({ nested: 'pro' }, 'not_icontains_multi', { nested: 'pro' })).toBe(false);
  });

  it('a value that is not data is still refused with its place named', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    let deep: unknown = 'x';
    for (let i = 0; i < 101; i++) deep = { d: deep };
    expect(errorOf([{ properties: [{ key: 'a', value: ['y', cyclic], operator: 'icontains' }] }])).toBe('steps[0].properties[0].value: expected JSON data, got object that contains itself');
    expect(errorOf([{ properties: [{ key: 'a', value: deep, operator: 'icontains' }] }])).toMatch(/^steps\[0\]\.properties\[0\]\.value: expected a value nested at most 100 deep, got object /);
  });
});

describe('compileAction never throws and explains every failure', () => {
  it.each([
    ['a number', 42, 'an action must be a JSON object, got number'],
    ['null', null, 'an action must be a JSON object, got null'],
    ['an array', [], 'an action must be a JSON object, got array'],
  ])('%s as the action', (_name, action, message) => {
    const result = compileAction(action);
    expect(result).toMatchObject({ id: null, bytecode: null, bytecode_error: message, error: { code: 'invalid_action' } });
  });

  it.each([
    ['steps not an array', 'nope', 'steps: expected an array or null, got string'],
    ['a step that is not an object', [1], 'steps[0]: expected an object, got number'],
    ['event of the wrong type', [{ event: 5 }], 'steps[0].event: expected a string or null, got number'],
    ['unknown url_matching', [{ url: 'x', url_matching: 'startswith' }], 'steps[0].url_matching: unknown matching mode "startswith" (expected "contains", "exact" or "regex")'],
    ['unknown text_matching', [{}, { event: '$autocapture', text: 'x', text_matching: 'fuzzy' }], 'steps[1].text_matching: unknown matching mode "fuzzy" (expected "contains", "exact" or "regex")'],
    ['invalid url regex', [{ url: '(', url_matching: 'regex' }], 'steps[0].url: invalid regex "(": missing )'],
    ['properties not a list', [{ properties: { key: 'a' } }], 'steps[0].properties: expected an array or null, got object'],
    ['a filter that is not an object', [{ properties: ['a'] }], 'steps[0].properties[0]: expected an object, got string'],
    ['an object filter value', [{ properties: [{ key: 'a', value: { b: 1 } }] }], 'steps[0].properties[0].value: expected a string, number, boolean or a list of them, got object {"b":1}'],
    ['an object value for a regex filter', [{ properties: [{ key: 'a', value: { b: 1 }, operator: 'regex' }] }], 'steps[0].properties[0].value: expected a string, number, boolean or a list of them, got object {"b":1}'],
    ['an object holding a non-finite number (passed in directly)', [{ properties: [{ key: 'a', value: { b: Infinity }, operator: 'icontains' }] }], 'steps[0].properties[0].value: expected a finite number, got Infinity'],
    ['an unknown operator', [{ properties: [{ key: 'a', value: 1, operator: 'near' }] }], 'PropertyOperator near not implemented'],
    ['a cohort filter', [{ properties: [{ type: 'cohort', key: 'id', value: 42 }] }], "Can't use cohorts in real-time filters. Please inline the relevant expressions (cohort id=42)."],
    ['a hogql filter calling an unknown function', [{ properties: [{ type: 'hogql', key: "nope(properties.a) = 'b'" }] }], 'steps[0].properties[0].key: Hog function `nope` is not implemented'],
    ['a hogql filter that does not parse', [{ properties: [{ type: 'hogql', key: 'properties.a = ' }] }], /^steps\[0\]\.properties\[0\]\.key: mismatched input '<EOF>' expecting/],
    ['between with one bound', [{ properties: [{ key: 'a', value: [1], operator: 'between' }] }], 'between operator requires a two-element array [min, max]'],
    ['between reversed', [{ properties: [{ key: 'a', value: [5, 1], operator: 'between' }] }], 'between operator requires min value to be less than or equal to max value'],
    ['not_between with words', [{ properties: [{ key: 'a', value: ['x', 'y'], operator: 'not_between' }] }], 'not_between operator requires numeric values'],
    ['in with a scalar', [{ properties: [{ key: 'a', value: 'x', operator: 'in' }] }], 'IN and NOT IN operators require a list of values'],
    ['an invalid regex filter', [{ properties: [{ key: 'a', value: 'a(?=b)', operator: 'regex' }] }], /^steps\[0\]\.properties\[0\]\.value: invalid regex "a\(\?=b\)": /],
  ])('%s', (_name, steps, message) => {
    const error = errorOf(steps);
    if (message instanceof RegExp) expect(error).toMatch(message);
    else expect(error).toBe(message);
  });

  it('gives the path of a PostHog-worded error separately', () => {
    const result = compileAction({ id: 3, steps: [{}, { properties: [{}, { key: 'a', value: 1, operator: 'near' }] }] });
    expect(result.error).toEqual({ code: 'unknown_operator', path: 'steps[1].properties[1].operator', message: 'PropertyOperator near not implemented' });
  });

  it('turns a foreign failure into an internal_error result', () => {
    // Not JSON, but compileAction must survive anything it is handed, even a throwing getter.
    const action = Object.defineProperty({ id: 1 }, 'steps', {
      get(): never {
        throw new Error('boom');
      },
      enumerable: true,
    });
    const result = compileAction(action);
    expect(result).toMatchObject({ bytecode: null, error: { code: 'internal_error' } });
    expect(result.bytecode_error).toContain('boom');
  });
});

describe('warnings', () => {
  it('reports element fields on a non-autocapture step, and ignores them', () => {
    const action = { id: 1, steps: [{ event: '$pageview', text: 'Buy', selector: 'button', href: '' }] };
    const result = compileAction(action);
    expect(result.bytecode_error).toBeNull();
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ['ignored_element_field', 'steps[0].selector'],
      ['ignored_element_field', 'steps[0].text'],
      ['ignored_element_field', 'steps[0].href'],
    ]);
    expect(createMatcher([action]).match({ event: '$pageview' })).toEqual([1]);
  });

  it('reports ignored filters and an action that can never match', () => {
    const result = compileAction({ id: 1, steps: [{ properties: [{ key: 'a', operator: 'exact' }] }] });
    expect(result.warnings.map((w) => w.code)).toEqual(['ignored_filter', 'never_matches']);
    expect(result.warnings[0]?.message).toBe('steps[0].properties[0]: filter ignored (it has no value), as PostHog does');
    expect(disassemble(result.bytecode)).toBe('_AM v1\n   2  ONE');
  });
});

describe('PostHog value semantics of ignored filters', () => {
  const ignored = { key: 'a' }; // no value: compiles to the integer 1
  it.each([
    ['alone: integer 1, no match', [{ properties: [ignored] }], false],
    ['two of them: AND gives boolean true', [{ properties: [ignored, ignored] }], true],
    ['beside an event condition', [{ event: 'x', properties: [ignored] }], true],
    ['ORed with another step: OR gives boolean true', [{ properties: [ignored] }, { event: 'never' }], true],
    ['an empty step still matches everything', [{}], true],
  ])('%s', (_name, steps, expected) => {
    expect(createMatcher([{ id: 1, steps }]).match({ event: 'x' })).toEqual(expected ? [1] : []);
  });
});
