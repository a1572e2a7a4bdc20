// Limits: every compile-time limit is a `limit_exceeded` error naming the limit, the value and
// the path, at exactly one past the cap; overrides are validated up front (TypeError); the
// event-side caps degrade to a documented answer instead of failing.
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher, DEFAULT_LIMITS, MAX_CHAIN_LENGTH, type Limits } from '../../src/index.js';

function errorOf(action: unknown, limits?: Partial<Limits>): { code: string; path: string; message: string } | null {
  return compileAction(action, limits === undefined ? undefined : { limits }).error;
}

const filters = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));
const words = (n: number): string[] => Array.from({ length: n }, (_, i) => `w${i}`);

describe('DEFAULT_LIMITS', () => {
  it('holds the documented defaults and is frozen', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxSteps: 100,
      maxFiltersPerStep: 100,
      maxPatternLength: 10_000,
      maxSelectorLength: 10_000,
      maxSelectorCompounds: 100,
      maxValuesPerList: 1_000,
      maxProgramSize: 100_000,
      maxExpressionLength: 4_000,
      maxExpressionDepth: 16,
      maxRegexCost: 30_000,
    });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });
});

describe('each limit is a compile error at one past the cap', () => {
  const cases: [string, (n: number) => unknown, keyof Limits, string, string][] = [
    ['steps', (n) => ({ id: 1, steps: Array.from({ length: n }, () => ({ event: 'e' })) }), 'maxSteps', 'steps', 'number of steps'],
    ['filters per step', (n) => ({ id: 1, steps: [{ properties: filters(n) }] }), 'maxFiltersPerStep', 'steps[0].properties', 'number of filters'],
    ['url regex', (n) => ({ id: 1, steps: [{ url: 'a'.repeat(n), url_matching: 'regex' }] }), 'maxPatternLength', 'steps[0].url', 'regex pattern length'],
    ['url contains', (n) => ({ id: 1, steps: [{ url: 'a'.repeat(n) }] }), 'maxPatternLength', 'steps[0].url', 'pattern length'],
    ['text regex', (n) => ({ id: 1, steps: [{ event: '$autocapture', text: 'a'.repeat(n), text_matching: 'regex' }] }), 'maxPatternLength', 'steps[0].text', 'regex pattern length'],
    ['href contains', (n) => ({ id: 1, steps: [{ event: '$autocapture', href: 'a'.repeat(n), href_matching: 'contains' }] }), 'maxPatternLength', 'steps[0].href', 'pattern length'],
    ['regex filter', (n) => ({ id: 1, steps: [{ properties: [{ key: 'a', value: 'a'.repeat(n), operator: 'regex' }] }] }), 'maxPatternLength', 'steps[0].properties[0].value', 'regex pattern length'],
    ['icontains filter', (n) => ({ id: 1, steps: [{ properties: [{ key: 'a', value: 'a'.repeat(n), operator: 'icontains' }] }] }), 'maxPatternLength', 'steps[0].properties[0].value', 'pattern length'],
    ['icontains list item', (n) => ({ id: 1, steps: [{ properties: [{ key: 'a', value: ['b', 'a'.repeat(n)], operator: 'icontains' }] }] }), 'maxPatternLength', 'steps[0].properties[0].value[1]', 'pattern length'],
    ['values per list', (n) => ({ id: 1, steps: [{ properties: [{ key: 'a', value: words(n) }] }] }), 'maxValuesPerList', 'steps[0].properties[0].value', 'number of values'],
  ];

  it.each(cases)('%s', (_name, build, limit, path, what) => {
    const cap = DEFAULT_LIMITS[limit];
    expect(errorOf(build(cap))).toBeNull();
    expect(errorOf(build(cap + 1))).toEqual({ code: 'limit_exceeded', path, message: `${path}: ${what} ${cap + 1} exceeds the limit ${limit} = ${cap}` });
    // A lower override applies, with the same message shape.
    expect(errorOf(build(3), { [limit]: 2 })?.message).toBe(`${path}: ${what} 3 exceeds the limit ${limit} = 2`);
    expect(errorOf(build(2), { [limit]: 2 })).toBeNull();
  });

  it('selector length and compounds (step and element filter)', () => {
    const step = (selector: string): unknown => ({ id: 1, steps: [{ event: '$autocapture', selector }] });
    expect(errorOf(step('a'.repeat(10_000)))).toBeNull();
    expect(errorOf(step('a'.repeat(10_001)))).toMatchObject({ code: 'limit_exceeded', path: 'steps[0].selector' });
    expect(errorOf(step('a'.repeat(11)), { maxSelectorLength: 10 })?.message).toBe('steps[0].selector: selector is longer than 10 characters');
    expect(errorOf(step('a b c'), { maxSelectorCompounds: 2 })?.message).toBe('steps[0].selector: selector has more than 2 compound selectors');
    expect(errorOf(step('a b'), { maxSelectorCompounds: 2 })).toBeNull();
    const filter = { id: 1, steps: [{ properties: [{ type: 'element', key: 'selector', value: 'a b c' }] }] };
    expect(errorOf(filter, { maxSelectorCompounds: 2 })).toMatchObject({ code: 'limit_exceeded', path: 'steps[0].properties[0].value' });
  });

  it('program size', () => {
    const action = { id: 1, steps: [{ event: 'a', url: 'b' }] };
    const size = compileAction(action).bytecode?.length ?? 0;
    expect(size).toBe(11);
    expect(errorOf(action, { maxProgramSize: 11 })).toBeNull();
    expect(errorOf(action, { maxProgramSize: 10 })).toEqual({ code: 'limit_exceeded', path: '', message: 'program size 11 exceeds the limit maxProgramSize = 10' });
    // Within every other default limit, an action can still compile to more than the default
    // program size: each list item of a `gt` filter becomes its own test.
    const wide = {
      id: 1,
      steps: Array.from({ length: 100 }, (_, s) => ({ properties: Array.from({ length: 100 }, (_, f) => ({ key: `k${f}`, value: [s, f, s + f + 1], operator: 'gt' })) })),
    };
    expect(errorOf(wide)?.message).toMatch(/^program size \d+ exceeds the limit maxProgramSize = 100000$/);
  });
});

describe('limit options are validated when given', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10', null, 2 ** 53])('maxSteps = %s is a TypeError', (value) => {
    const limits = { maxSteps: value } as unknown as Partial<Limits>;
    expect(() => compileAction({ id: 1 }, { limits })).toThrow(TypeError);
    expect(() => createMatcher([], { limits })).toThrow(/limits\.maxSteps must be a positive integer/);
  });

  it('unknown names and non-objects are TypeErrors', () => {
    expect(() => compileAction({ id: 1 }, { limits: { maxStep: 3 } as unknown as Partial<Limits> })).toThrow(/unknown limit "maxStep"/);
    expect(() => createMatcher([], { limits: 5 as unknown as Partial<Limits> })).toThrow(TypeError);
  });

  it('an undefined override keeps the default', () => {
    expect(compileAction({ id: 1 }, { limits: {} }).bytecode_error).toBeNull();
    expect(compileAction({ id: 1, steps: [{ url: 'a'.repeat(10) }] }, { limits: { maxPatternLength: 9 } }).error?.code).toBe('limit_exceeded');
  });
});

describe('createMatcher applies its limits', () => {
  it('to compiled actions, upserts and stored programs', () => {
    const matcher = createMatcher(
      [
        { id: 1, steps: [{ event: 'a' }, { event: 'b' }, { event: 'c' }] },
        { id: 2, steps: [{ event: 'a' }] },
      ],
      { limits: { maxSteps: 2 } },
    );
    expect(matcher.match({ event: 'a' })).toEqual([2]);
    expect(matcher.errors.map((error) => [error.id, error.error?.code])).toEqual([[1, 'limit_exceeded']]);
    expect(matcher.upsert({ id: 3, steps: [{}, {}, {}] }).error?.message).toBe('steps: number of steps 3 exceeds the limit maxSteps = 2');
    const stored = compileAction({ id: 4, steps: [{ event: 'a', url: 'b' }] });
    const small = createMatcher([], { limits: { maxProgramSize: 7 } });
    expect(small.upsert({ id: 4, bytecode: stored.bytecode }).error).toEqual({
      code: 'limit_exceeded',
      path: 'bytecode',
      message: 'bytecode: program size 11 exceeds the limit maxProgramSize = 7',
    });
    expect(small.errors).toHaveLength(1);
  });
});

describe('event-side limits degrade to a documented answer', () => {
  const chainActions = [
    { id: 1, steps: [{ event: '$autocapture', text: 'buy', text_matching: 'exact' }] },
    { id: 2, steps: [{ event: '$autocapture', selector: 'button' }] },
    { id: 3, steps: [{ event: '$autocapture', tag_name: 'button' }] },
    { id: 4, steps: [{ event: '$autocapture', href: '/x', href_matching: 'exact' }] },
    { id: 5, steps: [{ event: '$autocapture', properties: [{ key: '$elements_chain', value: 'text="buy"', operator: 'icontains' }] }] },
  ];
  const chainOf = (length: number): string => {
    const head = 'button:href="/x"text="buy";';
    return head + 'div;'.repeat(Math.ceil((length - head.length - 4) / 4)).slice(0, length - head.length - 4) + 'body';
  };

  it(`a chain up to ${MAX_CHAIN_LENGTH} code units is parsed; a longer one has no elements`, () => {
    expect(MAX_CHAIN_LENGTH).toBe(1024 * 1024);
    const matcher = createMatcher(chainActions);
    const fits = chainOf(MAX_CHAIN_LENGTH);
    expect(fits.length).toBe(MAX_CHAIN_LENGTH);
    expect(matcher.match({ event: '$autocapture', elements_chain: fits })).toEqual([1, 2, 3, 4, 5]);
    const over = chainOf(MAX_CHAIN_LENGTH + 1);
    // texts / href / selectors / tags see an empty chain; the raw property is still readable.
    expect(matcher.match({ event: '$autocapture', elements_chain: over })).toEqual([5]);
    expect(matcher.match({ event: '$autocapture', properties: { $elements_chain: over } })).toEqual([5]);
  });

  it('an input over 64 Ki code units never matches a pattern that runs on re2-wasm', () => {
    const matcher = createMatcher([
      { id: 1, steps: [{ url: '\\pL', url_matching: 'regex' }] },
      { id: 2, steps: [{ url: 'a', url_matching: 'regex' }] },
    ]);
    expect(matcher.match({ event: 'e', properties: { $current_url: 'a'.repeat(65_536) } })).toEqual([1, 2]);
    // The V8-translatable pattern keeps matching; the re2-wasm one gives the documented no.
    expect(matcher.match({ event: 'e', properties: { $current_url: 'a'.repeat(65_537) } })).toEqual([2]);
  });
});
