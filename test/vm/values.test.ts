import { describe, expect, it } from 'vitest';
import { compareValues, toHogString } from '../../src/vm/values.js';

describe('toHogString', () => {
  it.each([
    ['abc', 'abc'],
    [null, 'null'],
    [undefined, 'null'],
    [true, 'true'],
    [false, 'false'],
    [42, '42'],
    [1.5, '1.5'],
    [['a', 'b'], "['a', 'b']"],
    [[1, 'a', true, null], "[1, 'a', true, null]"],
    [{ a: 1 }, "{'a': 1}"],
    [{ "it's": ['x\ny'] }, "{'it\\'s': ['x\\ny']}"],
  ])('%j -> %j', (value, expected) => {
    expect(toHogString(value)).toBe(expected);
  });
});

describe('compareValues (SEMANTICS.md §8)', () => {
  it.each([
    ['eq', ' 5 ', 5, true],
    ['eq', '', 0, true],
    ['eq', 'abc', 5, false],
    ['ne', 'abc', 5, true],
    ['eq', true, 'true', true],
    ['eq', true, 'True', false],
    ['eq', false, 'false', true],
    ['eq', false, 'true', false],
    ['eq', true, 1, true],
    ['gt', '10', '5', false],
    ['gt', '10', 5, true],
    ['lt', null, 5, true],
    ['le', null, 0, true],
    ['eq', null, 0, false],
    ['eq', null, 'null', false],
    ['lt', [1], 5, true],
    ['eq', { a: 1 }, 'x', false],
  ] as const)('%s(%j, %j) = %s', (op, left, right, expected) => {
    expect(compareValues(op, left, right)).toBe(expected);
  });
});

describe('hostile values never make a comparison throw', () => {
  const hostile = [JSON.parse('{"toString": null, "valueOf": null}') as unknown, [JSON.parse('{"toString": 1}') as unknown], { a: 1 }];
  it.each(hostile.map((h) => [JSON.stringify(h), h] as const))('%s', (_name, value) => {
    for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
      for (const other of [5, '5', 'x', null, true, value]) {
        expect(() => compareValues(op, value, other)).not.toThrow();
        expect(() => compareValues(op, other, value)).not.toThrow();
      }
    }
  });
  it('orders containers as the VM does (arrays by their String(), objects as "[object Map]")', () => {
    expect(compareValues('lt', [5], 6)).toBe(true);
    expect(compareValues('lt', [1, 2], 6)).toBe(false);
    expect(compareValues('lt', { a: 1 }, 'x')).toBe(true);
    expect(compareValues('gt', { a: 1 }, 5)).toBe(false);
  });
});
