// Semver operators: the prepared operand (including the tilde/caret/wildcard bounds PostHog's
// Python compiler derives), the comparison, and a differential run against PostHog's HogVM
// executing `sortableSemver(properties.p) <op> sortableSemver(<value>)` and the range form.
import hogvm from '@posthog/hogvm';
import fc from 'fast-check';
import { RE2 } from 're2-wasm';
import { describe, expect, it } from 'vitest';
import {
  evaluateSemver,
  prepareSemverOperand,
  rangeBounds,
  type SemverOperand,
  type SemverOperator,
} from '../../src/vm/semver.js';

const compareOperators = ['semver_eq', 'semver_neq', 'semver_gt', 'semver_gte', 'semver_lt', 'semver_lte'] as const;
const rangeOperators = ['semver_tilde', 'semver_caret', 'semver_wildcard'] as const;

function operand(operator: SemverOperator, value: unknown): SemverOperand {
  const prepared = prepareSemverOperand(operator, value);
  if ('error' in prepared) throw new Error(prepared.error);
  return prepared;
}

const matches = (operator: SemverOperator, eventValue: unknown, value: unknown): boolean =>
  evaluateSemver(operator, eventValue, operand(operator, value));

describe('evaluateSemver: comparisons', () => {
  it.each([
    ['semver_eq', '1.2.3', '1.2.3', true],
    ['semver_eq', 'v1.2.3', '1.2.3', true],
    ['semver_eq', ' 1.2.3 ', '1.2.3', true],
    ['semver_eq', 'build 1.2.3 (45)', '1.2.3', true],
    ['semver_eq', '01.02.03', '1.2.3', true],
    ['semver_eq', '1.2.3-beta.1', '1.2.3', true], // pre-release ignored
    ['semver_eq', '1.2.3+build.9', '1.2.3', true],
    ['semver_eq', '1.2.3.0', '1.2.3', false], // four parts are four parts
    ['semver_eq', '1.2', '1.2.0', false],
    ['semver_lt', '1.2', '1.2.0', true],
    ['semver_gt', '1.2.3.4', '1.2.3', true],
    ['semver_gt', '1.10.0', '1.9.0', true],
    ['semver_lt', '1.10.0', '1.9.0', false],
    ['semver_gte', '2.0.0', '2.0.0', true],
    ['semver_lte', '2.0.1', '2.0.0', false],
    ['semver_neq', '2.0.1', '2.0.0', true],
    ['semver_eq', 'x1.y.2.3', '2.3', true], // the first dotted digit run wins
    ['semver_eq', '1..2.3', '2.3', true],
    ['semver_eq', '1', '1.0', false], // no dot: no version at all
    ['semver_eq', 1.5, '1.5', true], // numbers go through String()
    ['semver_gt', 1.5, '1.4.9', true],
    ['semver_eq', 2, '2.0', false],
    ['semver_eq', 1.2e-7, '1.2', true], // String(1.2e-7) is "1.2e-7"
    ['semver_eq', ['1.2.3'], '1.2.3', true], // arrays go through their comma join
    ['semver_eq', [1, 2, '3.4'], '3.4', true],
    ['semver_eq', '9007199254740993.0', '9007199254740992.0', true], // parseInt precision
    ['semver_eq', '1.2.3', 1.5, false],
    ['semver_gt', '1.6', 1.5, true],
  ] as const)('%s(%j, %j) = %s', (operator, eventValue, value, expected) => {
    expect(matches(operator, eventValue, value)).toBe(expected);
  });

  // PostHog's sortableSemver turns anything without a dotted digit run into [], which sorts
  // before every version: so "less than" filters hold for events without the property.
  it.each([undefined, null, '', 'abc', '1', '10', 7, 0, true, false, { v: '1.2.3' }, [], [null], 'Infinity'])('%j has no version: below everything', (eventValue) => {
    expect(matches('semver_lt', eventValue, '0.0.1')).toBe(true);
    expect(matches('semver_lte', eventValue, '0.0.1')).toBe(true);
    expect(matches('semver_neq', eventValue, '0.0.1')).toBe(true);
    expect(matches('semver_eq', eventValue, '0.0.1')).toBe(false);
    expect(matches('semver_gt', eventValue, '0.0.1')).toBe(false);
    expect(matches('semver_gte', eventValue, '0.0.1')).toBe(false);
    expect(matches('semver_eq', eventValue, 'latest')).toBe(true); // [] = []
    expect(matches('semver_tilde', eventValue, '1.2.3')).toBe(false);
  });

  it('compares parts past the exact integer range as parseInt does', () => {
    expect(matches('semver_gt', '123456789012345678901.1', '123456789012345678900.1')).toBe(false); // both 1.2345678901234568e20
    expect(matches('semver_gt', '1.123456789012345678901', '1.1')).toBe(true);
    // Digit-by-digit accumulation would give 93266770668308260 here; parseInt rounds correctly.
    expect(matches('semver_eq', '1.93266770668308267', '1.93266770668308270')).toBe(true);
    expect(matches('semver_eq', '1.211423508368197132', '1.211423508368197120')).toBe(true);
  });

  // A part over ~308 digits is Infinity; the VM then stops comparing numbers: `=` is identity
  // (always false), `!=` always true, and orderings compare the comma-joined strings.
  it('falls back to the VM string ordering when a part is not finite', () => {
    const huge = `${'9'.repeat(400)}.1`;
    expect(matches('semver_eq', huge, huge)).toBe(false);
    expect(matches('semver_neq', huge, huge)).toBe(true);
    expect(matches('semver_gte', huge, huge)).toBe(true); // "Infinity,1" >= "Infinity,1"
    expect(matches('semver_gt', huge, '2.0')).toBe(true); // "Infinity,1" > "2,0"
    expect(matches('semver_lt', '10.0', huge)).toBe(true); // "10,0" < "Infinity,1"
    expect(matches('semver_lt', 'abc', huge)).toBe(true); // "" < "Infinity,1"
    expect(matches('semver_gt', `0${'0'.repeat(400)}.1`, '0.0')).toBe(true); // leading zeros keep it finite
    // A finite first part that differs no longer decides: "10,Infinity" < "9,0" as strings.
    expect(matches('semver_gt', `10.${'9'.repeat(309)}`, '9.0')).toBe(false);
    expect(matches('semver_lt', `10.${'9'.repeat(309)}`, '9.0')).toBe(true);
    expect(matches('semver_lt', '10.0', `9.${'9'.repeat(400)}`)).toBe(true); // "10,0" < "9,Infinity"
  });
});

describe('evaluateSemver: ranges', () => {
  it.each([
    ['semver_tilde', '1.2.3', [['1.2.3', true], ['1.2.99', true], ['1.3.0', false], ['1.2.2', false], ['1.3.0-beta', false], ['1.2.3-alpha', true], ['1.2.3.4', true]]],
    ['semver_tilde', '1', [['1.0.0', true], ['1.9.9', true], ['2.0.0', false], ['1.0', false]]],
    ['semver_caret', '1.2.3', [['1.2.3', true], ['1.99.0', true], ['2.0.0', false], ['1.2.2', false]]],
    ['semver_caret', '0.2.3', [['0.2.3', true], ['0.2.9', true], ['0.3.0', false]]],
    ['semver_caret', '0.0.3', [['0.0.3', true], ['0.0.4', false], ['0.0.3.1', true]]],
    ['semver_wildcard', '1.2.*', [['1.2.0', true], ['1.2.99', true], ['1.3.0', false], ['1.2', false], ['1.1.9', false]]],
    ['semver_wildcard', '1.*', [['1.0.0', true], ['1.99.99', true], ['2.0.0', false], ['0.9.9', false]]],
    // Four-part bounds: `1.2.4` < `1.2.4.0` (a prefix sorts first), so PostHog lets it in.
    ['semver_wildcard', '1.2.3.*', [['1.2.3', false], ['1.2.3.0', true], ['1.2.3.9', true], ['1.2.4', true], ['1.2.4.0', false]]],
  ] as const)('%s %j', (operator, value, cases) => {
    const prepared = operand(operator, value);
    for (const [eventValue, expected] of cases) {
      expect([eventValue, evaluateSemver(operator, eventValue, prepared)]).toEqual([eventValue, expected]);
    }
  });
});

describe('prepareSemverOperand', () => {
  // Bounds as PostHog's Python compiler computes them (_tilde_bounds, _caret_bounds,
  // _wildcard_bounds, parse_semver with Python's int()); null where it raises.
  it.each([
    ['1.2.3', ['1.2.3', '1.3.0'], ['1.2.3', '2.0.0'], ['1.2.3.0', '1.2.4.0']],
    ['1.2', ['1.2.0', '1.3.0'], ['1.2.0', '2.0.0'], ['1.2.0', '1.3.0']],
    ['1', ['1.0.0', '2.0.0'], ['1.0.0', '2.0.0'], ['1.0.0', '2.0.0']],
    ['0.2.3', ['0.2.3', '0.3.0'], ['0.2.3', '0.3.0'], ['0.2.3.0', '0.2.4.0']],
    ['0.0.3', ['0.0.3', '0.1.0'], ['0.0.3', '0.0.4'], ['0.0.3.0', '0.0.4.0']],
    ['0.0.0', ['0.0.0', '0.1.0'], ['0.0.0', '0.0.1'], ['0.0.0.0', '0.0.1.0']],
    ['0', ['0.0.0', '1.0.0'], ['0.0.0', '0.0.1'], ['0.0.0', '1.0.0']],
    ['0.0', ['0.0.0', '0.1.0'], ['0.0.0', '0.0.1'], ['0.0.0', '0.1.0']],
    ['0.9', ['0.9.0', '0.10.0'], ['0.9.0', '0.10.0'], ['0.9.0', '0.10.0']],
    ['1.2.3-beta.1', ['1.2.3', '1.3.0'], ['1.2.3', '2.0.0'], ['1.2.3.0', '1.2.4.0']],
    ['1.2.3-', ['1.2.3', '1.3.0'], ['1.2.3', '2.0.0'], ['1.2.3.0', '1.2.4.0']],
    ['1.2.3.4', ['1.2.3', '1.3.0'], ['1.2.3', '2.0.0'], ['1.2.3.0', '1.2.4.0']],
    ['1.2.3.*', ['1.2.3', '1.3.0'], ['1.2.3', '2.0.0'], ['1.2.3.0', '1.2.4.0']],
    ['1.2.3.4.*', ['1.2.3', '1.3.0'], ['1.2.3', '2.0.0'], ['1.2.3.0', '1.2.4.0']],
    ['1.2-rc.1.*', ['1.2.0', '1.3.0'], ['1.2.0', '2.0.0'], ['1.2.0', '1.3.0']],
    ['1.*', null, null, ['1.0.0', '2.0.0']],
    ['1.*.*', null, null, ['1.0.0', '2.0.0']],
    ['1.2.*', null, null, ['1.2.0', '1.3.0']],
    ['1.', null, null, ['1.0.0', '2.0.0']],
    [' 1.2', [' 1.2.0', ' 1.3.0'], [' 1.2.0', '2.0.0'], [' 1.2.0', ' 1.3.0']],
    ['1 .2', ['1 .2.0', '1 .3.0'], ['1 .2.0', '2.0.0'], ['1 .2.0', '1 .3.0']],
    ['\t2\n.3', ['\t2\n.3.0', '\t2\n.4.0'], ['\t2\n.3.0', '3.0.0'], ['\t2\n.3.0', '\t2\n.4.0']],
    ['+1.2', ['+1.2.0', '+1.3.0'], ['+1.2.0', '2.0.0'], ['+1.2.0', '+1.3.0']],
    ['01.002.3', ['01.002.3', '01.3.0'], ['01.002.3', '2.0.0'], ['01.002.3.0', '01.002.4.0']],
    ['1_0.2', ['1_0.2.0', '1_0.3.0'], ['1_0.2.0', '11.0.0'], ['1_0.2.0', '1_0.3.0']],
    ['\u0661.\u0662.\u0663', ['\u0661.\u0662.\u0663', '\u0661.3.0'], ['\u0661.\u0662.\u0663', '2.0.0'], ['\u0661.\u0662.\u0663.0', '\u0661.\u0662.4.0']],
    ['99999999999999999999.1', ['99999999999999999999.1.0', '99999999999999999999.2.0'], ['99999999999999999999.1.0', '100000000000000000000.0.0'], ['99999999999999999999.1.0', '99999999999999999999.2.0']],
    ['v1.2.3', null, null, null],
    ['1.x', null, null, null],
    ['*', null, null, null],
    ['**', null, null, null],
    ['.1', null, null, null],
    ['1..2', null, null, null],
    ['', null, null, null],
    ['_1.2', null, null, null],
    ['-1.2.3', null, null, null],
    ['1e3', null, null, null],
    ['0x1', null, null, null],
  ] as const)('bounds of %j', (value, tilde, caret, wildcard) => {
    expect(rangeBounds('semver_tilde', value)).toEqual(tilde);
    expect(rangeBounds('semver_caret', value)).toEqual(caret);
    expect(rangeBounds('semver_wildcard', value)).toEqual(wildcard);
  });

  it('applies Python int() digit limits', () => {
    expect(rangeBounds('semver_caret', '9'.repeat(4300))).toBeNull(); // str(int + 1) has 4301 digits
    expect(rangeBounds('semver_tilde', `1.${'1'.repeat(4301)}`)).toBeNull();
    expect(rangeBounds('semver_tilde', `1.${'1'.repeat(4300)}`)).toEqual([`1.${'1'.repeat(4300)}.0`, `1.${'1'.repeat(4299)}2.0`]);
    expect(rangeBounds('semver_tilde', `${'1_'.repeat(2150)}1`)).not.toBeNull(); // underscores do not count
  });

  it.each([
    ['semver_tilde', 'Tilde'],
    ['semver_caret', 'Caret'],
    ['semver_wildcard', 'Wildcard'],
  ] as const)('%s uses PostHog messages', (operator, name) => {
    for (const value of [1, 1.2, true, null, ['1.2.3'], { a: 1 }]) {
      expect(prepareSemverOperand(operator, value)).toEqual({ error: `${name} operator requires a semver string value` });
    }
    for (const value of ['', 'abc', 'v1.2', '1.x', '*']) {
      expect(prepareSemverOperand(operator, value)).toEqual({ error: `${name} operator requires a valid semver string (e.g., '1.2.3')` });
    }
  });

  it('range operands carry the bounds they compare against', () => {
    expect(operand('semver_caret', '0.2.3')).toEqual({
      kind: 'range',
      lower: { source: '0.2.3', parts: [0, 2, 3], finite: true, joined: '0,2,3' },
      upper: { source: '0.3.0', parts: [0, 3, 0], finite: true, joined: '0,3,0' },
    });
  });

  // PostHog does not validate the operand of the plain comparisons: a value without a version
  // compiles to sortableSemver(...) = [].
  it.each([
    ['1.2.3', [1, 2, 3]],
    ['v1.2', [1, 2]],
    ['latest', []],
    ['', []],
    [1.5, [1, 5]],
    [2, []],
    [true, []],
    [null, []],
  ] as const)('compare operand %j reads as %j', (value, parts) => {
    for (const operator of compareOperators) {
      expect(operand(operator, value)).toMatchObject({ kind: 'compare', version: { parts } });
    }
  });

  it.each([[['1.2.3']], [{ a: '1.2.3' }]])('compare operand %j is a compile error', (value) => {
    expect(prepareSemverOperand('semver_gt', value)).toEqual({ error: expect.stringMatching(/^semver_gt requires a single version, got (array|object)$/) });
  });

  it('returns frozen operands', () => {
    const prepared = operand('semver_gte', '1.2.3');
    expect(Object.isFrozen(prepared)).toBe(true);
    expect(prepared.kind === 'compare' && Object.isFrozen(prepared.version.parts)).toBe(true);
  });
});

describe('evaluateSemver is total', () => {
  const cyclic: unknown[] = ['1.2.3'];
  cyclic.push(cyclic);
  const hostile: readonly (readonly [string, unknown])[] = [
    ['an array holding a symbol', [Symbol('x')]],
    ['an array holding a throwing toString', [{ toString: (): never => { throw new Error('boom'); } }]],
    ['a cyclic array', cyclic],
    ['a Map', new Map([['a', '1.2.3']])],
    ['a Date', new Date(0)],
    ['a function', (): string => '1.2.3'],
    ['a symbol', Symbol('1.2.3')],
    ['a bigint', 10n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a long string without digits', 'a'.repeat(100_000)],
    ['a long dotted run', `${'1.'.repeat(50_000)}1`],
  ];
  it.each(hostile)('never throws on %s', (_name, value) => {
    for (const operator of [...compareOperators, ...rangeOperators]) {
      expect(typeof evaluateSemver(operator, value, operand(operator, '1.2.3'))).toBe('boolean');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Differential run against @posthog/hogvm.

const vmOps: Readonly<Record<(typeof compareOperators)[number], number>> = {
  semver_eq: 11,
  semver_neq: 12,
  semver_gt: 13,
  semver_gte: 14,
  semver_lt: 15,
  semver_lte: 16,
};
// The real-time path injects RE2 for both; sortableSemver needs `extract`. Compiled patterns
// are cached: re2-wasm keeps each one in WebAssembly memory that is never given back.
const patterns = new Map<string, RE2>();
const re2 = (pattern: string): RE2 => {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    compiled = new RE2(pattern, 'u');
    patterns.set(pattern, compiled);
  }
  return compiled;
};
const vmOptions = {
  external: {
    regex: {
      match: (pattern: string, text: string): boolean => re2(pattern).test(text),
      extract: (pattern: string, text: string): string => {
        const match = re2(pattern).exec(text);
        if (match === null) return '';
        return match.length > 1 ? (match[1] ?? '') : (match[0] ?? '');
      },
    },
  },
};

const property: readonly unknown[] = [32, 'p', 32, 'properties', 1, 2];
const sortable = (code: readonly unknown[]): unknown[] => [...code, 2, 'sortableSemver', 1];

/** How PostHog's compiler emits a filter value as a constant. */
function constant(value: unknown): unknown[] {
  if (typeof value === 'string') return [32, value];
  if (typeof value === 'number') return Number.isInteger(value) ? [33, value] : [34, value];
  if (value === true) return [29];
  if (value === false) return [30];
  return [31];
}

function runVm(bytecode: unknown[], eventValue: unknown): boolean {
  try {
    const properties = eventValue === undefined ? {} : { p: eventValue };
    return hogvm.exec(['_H', 1, ...bytecode], { ...vmOptions, globals: { properties } }).result === true;
  } catch {
    return false;
  }
}

const vmCompare = (operator: (typeof compareOperators)[number], eventValue: unknown, value: unknown): boolean =>
  runVm([...sortable(constant(value)), ...sortable(property), vmOps[operator]], eventValue);

const vmRange = (lower: string, upper: string, eventValue: unknown): boolean =>
  runVm([...sortable([32, lower]), ...sortable(property), 14, ...sortable([32, upper]), ...sortable(property), 15, 3, 2], eventValue);

const part = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 20 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('00', '01', '007', '10', '99', '100') },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{15,22}$/) },
  { weight: 1, arbitrary: fc.constantFrom('9'.repeat(309), '1'.repeat(320), `0${'0'.repeat(330)}1`) },
);
const separator = fc.oneof({ weight: 12, arbitrary: fc.constant('.') }, { weight: 1, arbitrary: fc.constantFrom('-', '..', '.x', ' ', '_', '') });
const version = fc
  .tuple(
    fc.constantFrom('', '', '', 'v', 'V', ' ', 'app ', 'x.', '1-', '.'),
    fc.array(fc.tuple(part, separator), { minLength: 1, maxLength: 5 }),
    fc.constantFrom('', '', '', '-beta', '-beta.2', '+build.5', ' ', '.', 'rc1', '.x', '.*', '*', '-1.2'),
  )
  .map(([prefix, parts, suffix]) => prefix + parts.map(([p, s], i) => (i === parts.length - 1 ? p : p + s)).join('') + suffix);
const scalarValue = fc.oneof(
  { weight: 8, arbitrary: version },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(1.5, 10.25, 1e21, 1.2e-7, 0)) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
);
const eventValue = fc.oneof(
  { weight: 10, arbitrary: scalarValue },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.array(scalarValue, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', 'v'), version, { maxKeys: 2 }) },
);

describe('differential: evaluateSemver vs @posthog/hogvm', () => {
  it('semver_eq .. semver_lte', () => {
    fc.assert(
      fc.property(fc.constantFrom(...compareOperators), scalarValue, eventValue, (operator, value, event) =>
        evaluateSemver(operator, event, operand(operator, value)) === vmCompare(operator, event, value),
      ),
      { seed: 1_2_3, numRuns: 6000 },
    );
  });

  it('semver_eq .. semver_lte with related versions', () => {
    // The same version edited a little, so that equal and adjacent versions are common.
    const related = version.chain((v) => fc.tuple(fc.constant(v), fc.constantFrom(v, `${v}.0`, `v${v}`, `${v}-rc.1`, v.replace(/\d+$/, (d) => String(Number(d) + 1)), v.replace(/^\d+/, (d) => `0${d}`))));
    fc.assert(
      fc.property(fc.constantFrom(...compareOperators), related, fc.boolean(), (operator, [a, b], swap) => {
        const [value, event] = swap ? [b, a] : [a, b];
        return evaluateSemver(operator, event, operand(operator, value)) === vmCompare(operator, event, value);
      }),
      { seed: 4_5_6, numRuns: 4000 },
    );
  });

  it('semver_tilde, semver_caret, semver_wildcard', () => {
    // Small parts, so that generated events often fall inside or next to the range.
    const small = fc.array(fc.integer({ min: 0, max: 4 }).map(String), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));
    const rangeValue = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(small, fc.constantFrom('', '', '.*', '.*.*', '-beta', '-rc.1')).map(([v, suffix]) => v + suffix) },
      { weight: 2, arbitrary: version },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    );
    /** A version near the operand's: one part moved by -1..2, maybe cut short, maybe extended. */
    const near = (value: string): fc.Arbitrary<string> =>
      fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 0, 1, 2), fc.constantFrom('', '', '.0', '.9', '-beta')).map(([at, delta, tail]) => {
        const parts = (/\d+(\.\d+)*/.exec(value)?.[0] ?? '0').split('.');
        const i = at % parts.length;
        parts[i] = String(Math.max(0, Number(parts[i]) + delta));
        return (at % 3 === 0 ? parts.slice(0, i + 1) : parts).join('.') + tail;
      });
    const pair = rangeValue.chain((value) =>
      fc.tuple(fc.constant(value), fc.oneof({ weight: 3, arbitrary: near(value) }, { weight: 1, arbitrary: small }, { weight: 1, arbitrary: eventValue })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...rangeOperators), pair, (operator, [value, event]) => {
        const prepared = prepareSemverOperand(operator, value);
        if ('error' in prepared) return rangeBounds(operator, value) === null;
        if (prepared.kind !== 'range') return false;
        return evaluateSemver(operator, event, prepared) === vmRange(prepared.lower.source, prepared.upper.source, event);
      }),
      { seed: 7_8_9, numRuns: 5000 },
    );
  });
});
