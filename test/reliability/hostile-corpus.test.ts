// A corpus of hostile inputs, each with its expected answer: catastrophic-backtracking patterns
// against long inputs, JSON nested 10,000 deep, 10 MB strings, lone surrogates, and values JSON
// cannot carry (NaN, Infinity, -0, BigInt, numbers past 2^53, throwing proxies) passed in
// directly. Nothing may throw or hang, the index must agree with the plain loop, and events
// stay untouched (they are deep-frozen). Regression tests for the bugs found are marked.
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher, type Matcher } from '../../src/index.js';
import { deepFreeze } from './deep-freeze.js';

function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** The indexed and the plain matcher over the same actions must give the same answer. */
function both(actions: unknown[]): (event: unknown) => number[] {
  const matchers: Matcher[] = [createMatcher(actions), createMatcher(actions, { indexed: false })];
  for (const matcher of matchers) expect(matcher.errors).toEqual([]);
  return (event) => {
    const frozen = deepFreeze(event);
    const [first, second] = matchers.map((matcher) => matcher.match(frozen));
    expect(second).toEqual(first);
    return first ?? [];
  };
}

/** Padding so that both matchers hold more actions than the plain-loop threshold. */
const padding = Array.from({ length: 10 }, (_, i) => ({ id: 1000 + i, steps: [{ event: `never-${i}` }] }));

describe('catastrophic-backtracking patterns as url regex, long inputs', () => {
  const patterns = ['^(a+)+$', '^(a|aa)+$', '^(a|a?)+$', '(x+x+)+y', '^(\\w+\\s?)*$', '(.*a){20}', '^(\\pL+)+$', '^(a+)+\\PN$'];
  const match = both([...patterns.map((url, i) => ({ id: i + 1, steps: [{ url, url_matching: 'regex' }] })), ...padding]);

  it.each([
    ['a'.repeat(50_000) + '!', [6, 8]],
    ['a'.repeat(50_000), [1, 2, 3, 5, 6, 7, 8]],
    ['x'.repeat(60_000), [5, 7]],
    // Past re2-wasm's 64 Ki input cap the \p patterns do not match (documented); V8 ones still run.
    ['a'.repeat(70_000), [1, 2, 3, 5, 6]],
  ])('input %#', (url, expected) => {
    expect(match({ event: 'e', properties: { $current_url: url } })).toEqual(expected);
  }, 30_000);
});

describe('JSON nested 10,000 deep', () => {
  const deepArray = nested(10_000, 'array');
  const deepObject = nested(10_000, 'object');

  // Regression: a deeply nested array filter value crashed the error message (its preview
  // recursed until the stack overflowed), so the action failed with internal_error.
  it.each([
    ['array', deepArray, 'steps[0].properties[0].value: expected a string, number, boolean or a list of them, got array […]'],
    ['object', deepObject, 'steps[0].properties[0].value: expected a string, number, boolean or a list of them, got object {…}'],
  ])('as a filter value (%s): a clear compile error', (_kind, value, message) => {
    expect(compileAction({ id: 1, steps: [{ properties: [{ key: 'a', value }] }] }).error).toEqual({ code: 'invalid_operand', path: 'steps[0].properties[0].value', message });
    expect(compileAction({ id: 1, steps: [{ properties: [{ key: 'a', value: ['x', value], operator: 'icontains' }] }] }).error?.code).toBe('invalid_operand');
    // is_set ignores its value, whatever it is.
    expect(compileAction({ id: 1, steps: [{ properties: [{ key: 'a', value, operator: 'is_set' }] }] }).error).toBeNull();
  });

  it('in every other place of an action: an answer, never internal_error', () => {
    for (const value of [deepArray, deepObject]) {
      for (const action of [value, { id: 1, steps: value }, { id: 1, steps: [value] }, { id: 1, steps: [{ properties: value }] }, { id: 1, steps: [{ url: value, url_matching: value }] }, { id: 1, steps: [{ properties: [{ key: 'a', value: 'b', type: 'group', group_type_index: value }] }] }, { id: 1, steps: [{ properties: [{ key: 'a', value: 'b', operator: value }] }] }, { id: 1, steps: [{ properties: [{ key: value, value: 'b' }] }] }]) {
        const result = compileAction(deepFreeze(action));
        expect(result.error?.code).not.toBe('internal_error');
        expect(compileAction(action)).toEqual(result);
      }
    }
    expect(createMatcher(deepArray).rejected).toHaveLength(1);
    expect(createMatcher({ results: deepObject }).rejected).toHaveLength(1);
  });

  it('as event values: every operator answers, the index agrees with the plain loop', () => {
    const operators = ['exact', 'is_not', 'is_set', 'is_not_set', 'icontains', 'not_icontains', 'regex', 'not_regex', 'gt', 'lt', 'in', 'is_date_after', 'semver_gt', 'icontains_multi'];
    const value = (operator: string): unknown => (operator === 'in' ? ['1', 'x'] : operator.startsWith('semver') ? '1.0.0' : operator.startsWith('is_date') ? '2020-01-01' : '1');
    const match = both([
      ...operators.map((operator, i) => ({ id: i + 1, steps: [{ properties: [{ key: 'a', operator, value: value(operator) }] }] })),
      { id: 20, steps: [{ url: '1', url_matching: 'regex' }] },
      { id: 21, steps: [{ url: '1' }] },
      { id: 22, steps: [{ properties: [{ key: 'b', value: '1', type: 'person' }] }] },
      { id: 23, steps: [{ event: '$autocapture', text: '1', text_matching: 'contains' }] },
    ]);
    // Values print at most 64 levels deep (deeper ones read as null): no '1' left to find.
    // (A missing `a` is null, and null < "1": lt matches, as in PostHog.)
    expect(match({ event: 'e', properties: { a: deepArray, $current_url: deepArray } })).toEqual([2, 3, 6, 8, 10]);
    expect(match({ event: 'e', properties: { a: deepObject, $current_url: deepObject } })).toEqual([2, 3, 6, 8, 9]);
    expect(match({ event: 'e', person: { properties: { b: deepArray } }, groups: { g: deepObject }, properties: deepObject })).toEqual([2, 3, 6, 8, 9]);
    // Regression: serialising such elements to a chain recursed until the stack overflowed, and
    // match() threw. Containers deeper than 64 levels now serialise as `...`.
    expect(match({ event: '$autocapture', elements: [{ tag_name: 'a', text: deepArray, attributes: deepObject }, deepArray] })).toEqual([2, 4, 6, 8, 10]);
    expect(match({ event: '$autocapture', elements: [{ tag_name: 'a', text: nested(70, 'array') }] })).toEqual([2, 4, 6, 8, 10]);
    expect(match({ event: '$autocapture', elements: [{ tag_name: 'a', text: nested(3, 'array') }] })).toEqual([2, 4, 6, 8, 10, 23]);
    expect(match(deepObject)).toEqual([]);
    expect(match(deepArray)).toEqual([]);
  });
});

describe('10 MB strings', () => {
  const big = 'x'.repeat(10_000_000);
  const match = both([
    { id: 1, steps: [{ url: 'xy' }] },
    { id: 2, steps: [{ url: 'x$', url_matching: 'regex' }] },
    { id: 3, steps: [{ url: '\\pL$', url_matching: 'regex' }] },
    { id: 4, steps: [{ properties: [{ key: 'p', value: 'X', operator: 'icontains' }] }] },
    { id: 5, steps: [{ properties: [{ key: 'p', value: 'x{3}', operator: 'regex' }] }] },
    { id: 6, steps: [{ event: '$autocapture', text: 'x', text_matching: 'contains' }] },
    { id: 7, steps: [{ event: '$autocapture', selector: 'a' }] },
    { id: 8, steps: [{ properties: [{ key: 'p', value: big.slice(1), operator: 'exact' }] }] },
    { id: 9, steps: [{ event: big }] },
    ...padding,
  ]);

  it('as URL, property and event name', () => {
    // \pL runs on re2-wasm: a 10 MB input is past its 64 Ki cap, so it does not match.
    expect(match({ event: 'e', properties: { $current_url: big, p: big } })).toEqual([2, 4, 5]);
    expect(match({ event: big, properties: { p: big.slice(1) } })).toEqual([4, 5, 8, 9]);
    expect(match({ event: 'e', properties: { p: `${big}y` } })).toEqual([4, 5]);
  }, 60_000);

  it('as a text in a chain: past the 1 MiB chain limit the chain has no elements', () => {
    expect(match({ event: '$autocapture', elements_chain: `a:text="${big}"` })).toEqual([]);
    expect(match({ event: '$autocapture', elements_chain: `a:text="${big.slice(0, 1000)}"` })).toEqual([6, 7]);
    expect(match({ event: '$autocapture', elements: [{ tag_name: 'a', text: big }] })).toEqual([]);
  }, 60_000);

  it('as an action field: patterns are capped, plain values are not', () => {
    expect(compileAction({ id: 1, steps: [{ url: big, url_matching: 'regex' }] }).error?.code).toBe('limit_exceeded');
    expect(compileAction({ id: 1, steps: [{ event: '$autocapture', selector: big }] }).error?.code).toBe('limit_exceeded');
    expect(compileAction({ id: 1, steps: [{ url: big, url_matching: 'exact' }] }).error).toBeNull();
  }, 60_000);
});

describe('lone surrogates', () => {
  it('in a regex pattern: a compile error (RE2 reads UTF-8)', () => {
    expect(compileAction({ id: 1, steps: [{ url: 'a\ud800', url_matching: 'regex' }] }).error).toMatchObject({ code: 'invalid_regex', path: 'steps[0].url' });
    expect(compileAction({ id: 1, steps: [{ properties: [{ key: 'a', value: '\udc00', operator: 'regex' }] }] }).error?.code).toBe('invalid_regex');
  });

  it('in values, selectors and events: ordinary code units', () => {
    const match = both([
      { id: 1, steps: [{ url: '\ud800' }] },
      { id: 2, steps: [{ url: '^.b$', url_matching: 'regex' }] },
      { id: 3, steps: [{ properties: [{ key: '\udc00', value: '\udc00' }] }] },
      { id: 4, steps: [{ properties: [{ key: 'a', value: '\ud800', operator: 'icontains' }] }] },
      { id: 5, steps: [{ event: '$autocapture', selector: '.c\ud800' }] },
      { id: 6, steps: [{ event: '$autocapture', text: '\udfff', text_matching: 'exact' }] },
    ]);
    // The regex engines read a lone surrogate as U+FFFD: one character.
    expect(match({ event: 'e', properties: { $current_url: '\ud800b', '\udc00': '\udc00', a: 'x\ud800' } })).toEqual([1, 2, 3, 4]);
    expect(match({ event: '$autocapture', elements_chain: 'a.c\ud800:text="\udfff"' })).toEqual([5, 6]);
    expect(match({ event: '\ud800', properties: { $current_url: '\udc00\ud800' } })).toEqual([1]);
  });
});

describe('values JSON cannot carry, passed in directly', () => {
  it('as filter values: NaN, ±Infinity, BigInt, symbols, functions are compile errors; -0 and 2^60 compile', () => {
    const codeOf = (value: unknown, operator = 'gt'): string | null => compileAction({ id: 1, steps: [{ properties: [{ key: 'a', value, operator }] }] }).error?.code ?? null;
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(codeOf(value)).toBe('invalid_operand');
    // Regression: a BigInt inside an `in` list reached the bytecode and failed as internal_error;
    // BigInt, symbols and functions compiled into bytecode that is not JSON.
    for (const value of [10n, Symbol('s'), () => 1]) {
      expect(codeOf(value)).toBe('invalid_operand');
      expect(codeOf([value, value], 'in')).toBe('invalid_operand');
    }
    expect(codeOf([undefined, 'x'], 'in')).toBe('invalid_operand');
    expect(codeOf(-0)).toBeNull();
    expect(codeOf(2 ** 60)).toBeNull();
    expect(codeOf([0, Number.NaN], 'between')).toBe('invalid_operand');
  });

  it('as event values', () => {
    const match = both([
      { id: 1, steps: [{ properties: [{ key: 'a', value: 5, operator: 'gt' }] }] },
      { id: 2, steps: [{ properties: [{ key: 'a', value: 5, operator: 'lt' }] }] },
      { id: 3, steps: [{ properties: [{ key: 'a', value: 0 }] }] },
      { id: 4, steps: [{ properties: [{ key: 'a', value: 9007199254740993 }] }] },
      { id: 5, steps: [{ properties: [{ key: 'a', value: '9007199254740993' }] }] },
      { id: 6, steps: [{ properties: [{ key: 'a', operator: 'is_set' }] }] },
    ]);
    expect(match({ event: 'e', properties: { a: Number.NaN } })).toEqual([6]);
    expect(match({ event: 'e', properties: { a: Number.POSITIVE_INFINITY } })).toEqual([1, 6]);
    expect(match({ event: 'e', properties: { a: Number.NEGATIVE_INFINITY } })).toEqual([2, 6]);
    expect(match({ event: 'e', properties: { a: -0 } })).toEqual([2, 3, 6]);
    // Past 2^53 numbers are doubles: 2^53 + 1 reads as 2^53, on both sides.
    expect(match({ event: 'e', properties: { a: 2 ** 53 } })).toEqual([1, 4, 5, 6]);
    expect(match({ event: 'e', properties: { a: 2 ** 60 } })).toEqual([1, 6]);
    expect(match({ event: 'e', properties: { a: 10n } })).toEqual([1, 6]);
    expect(match({ event: 'e', properties: { a: Symbol('s') } })).toEqual([6]);
    expect(match({ event: 'e', properties: { a: undefined } })).toEqual([2]);
  });

  it('throwing proxies and getters: the event or the action fails alone', () => {
    const boom = (): never => {
      throw new Error('boom');
    };
    const proxy = new Proxy({}, { get: boom, ownKeys: boom, getPrototypeOf: boom, has: boom, getOwnPropertyDescriptor: boom });
    const actions = [
      ...['exact', 'icontains', 'regex', 'gt', 'is_set'].map((operator, i) => ({ id: i + 1, steps: [{ properties: [{ key: 'a', operator, value: '1' }] }] })),
      { id: 9, steps: [{ url: '1' }] },
      ...padding,
    ];
    // Regression: the candidate index read a throwing value outside any guard, so match() threw.
    const match = both(actions);
    // A container compares as "[object Map]" (gt "1" holds) without touching the proxy's traps.
    expect(match({ event: 'e', properties: { a: proxy, $current_url: proxy } })).toEqual([4, 5]);
    expect(match(proxy)).toEqual([]);
    expect(match({ event: 'e', properties: proxy })).toEqual([]);
    const getter = Object.defineProperty({}, 'event', { get: boom, enumerable: true });
    expect(createMatcher(actions).match(getter)).toEqual([]);
    // Regression: compileAction read the id of its input outside its error boundary and threw.
    expect(compileAction(proxy).bytecode_error).toBe('internal error while compiling: Error: boom');
    // An input the loader cannot even read is one rejected entry; upsert reports, never throws.
    const matcher = createMatcher([proxy, { id: 1, steps: [] }]);
    expect(matcher.rejected).toEqual([{ index: 0, id: null, message: 'the actions could not be read: Error: boom' }]);
    expect(matcher.upsert(proxy).error?.code).toBe('internal_error');
    matcher.upsert({ id: 2, steps: [] });
    expect(matcher.match({ event: 'e' })).toEqual([2]);
  });
});
