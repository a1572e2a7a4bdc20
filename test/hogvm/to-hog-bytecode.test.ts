// Behaviour of toHogBytecode beyond PostHog's goldens, each case read off PostHog's compiler
// (property.py, bytecode.py, models/property, models/event): ignored filters, Python's
// formatting of values, list expansion, error texts, relative dates and the selector parser.
import { describe, expect, it } from 'vitest';
import { createBytecode } from '../../src/hogvm/emit.js';
import { buildSelectorRegex } from '../../src/hogvm/element-exprs.js';
import { pythonFloat, pythonIntFromString, pythonRepr, pythonReEscape, pythonStrip } from '../../src/compile/python-values.js';
import { resolveDateValue } from '../../src/hogvm/relative-date.js';
import { parseSelector } from '../../src/hogvm/selector.js';
import { toHogBytecode } from '../../src/hogvm/to-hog-bytecode.js';
import { parseHogQL } from './hogql-expr.js';

const NOW = Date.UTC(2024, 2, 31, 10, 30, 15, 250);

function filterResult(filter: unknown): ReturnType<typeof toHogBytecode> {
  return toHogBytecode({ id: 1, steps: [{ properties: [filter] }] }, { now: NOW });
}

/** The bytecode PostHog emits for `hogql`, or the error text. */
function expectFilter(filter: unknown, hogql: string): void {
  expect(filterResult(filter)).toEqual({ bytecode: createBytecode(parseHogQL(hogql)), bytecode_error: null });
}

function expectError(filter: unknown, message: string): void {
  expect(filterResult(filter)).toEqual({ bytecode: null, bytecode_error: message });
}

describe('filters PostHog ignores (Property() raises ValueError or TypeError): the constant 1', () => {
  it.each([
    ['no key', { value: 'x' }],
    ['key null', { key: null, value: 'x' }],
    ['value null', { key: 'a', value: null }],
    ['value missing', { key: 'a', operator: 'exact' }],
    ['group without index', { type: 'group', key: 'a', value: 'x' }],
    ['unknown type', { type: 'feature', key: 'a', value: 'x' }],
    ['type not a string', { type: 7, key: 'a', value: 'x' }],
    ['type a list', { type: ['event'], key: 'a', value: 'x' }],
    ['empty value list', { key: 'a', value: [], operator: 'regex' }],
  ])('%s', (_name, filter) => expectFilter(filter, '1'));

  it('an empty type, and is_set without a value, construct fine', () => {
    expectFilter({ type: '', key: 'a', value: 'x' }, "properties.a = 'x'");
    expectFilter({ key: 'a', operator: 'is_not_set' }, 'properties.a = NULL');
  });
});

describe('keys, types and fields', () => {
  it('an empty key reads the whole properties object', () => expectFilter({ key: '', value: 'x' }, "properties = 'x'"));
  it('$elements_chain is the event column', () => expectFilter({ key: '$elements_chain', value: 'x', operator: 'icontains' }, "toString(elements_chain) ilike '%x%'"));
  it('group_type_index goes through int()', () => expectFilter({ type: 'group', group_type_index: ' 2 ', key: 'a', value: 'x' }, "group_2.properties.a = 'x'"));
  it('an invalid group_type_index is a ValidationError on any filter type', () => {
    expectError({ type: 'event', key: 'a', value: 'x', group_type_index: 7 }, 'group_type_index is required to be at least 0 and less than 5');
    expectError({ type: 'group', key: 'a', value: null, group_type_index: 'x' }, 'group_type_index is required to be at least 0 and less than 5');
  });
  it('flag filters are a neutral 1', () => expectFilter({ type: 'flag', key: '1', value: true }, '1'));
  it('dynamic-cohort reaches the final NotImplementedError', () =>
    expectError({ type: 'dynamic-cohort', key: 'id', value: 3 }, 'property_to_expr not implemented for filter type Property and dynamic-cohort'));
  it('revenue_analytics filters do not work in event scope', () =>
    expectError({ type: 'revenue_analytics', key: 'a.b', value: 'x' }, "The 'revenue_analytics' property filter does not work in 'event' scope"));
  it.each(['session', 'behavioral', 'data_warehouse', 'recording', 'event_metadata'])('%s filters are not reproduced', (type) => {
    expectError({ type, key: 'a', value: 'x' }, `toHogBytecode does not support property filters of type "${type}"`);
  });
  it('cohorts fail when the bytecode is compiled, with the cohort id', () => {
    expectError({ type: 'static-cohort', key: 'id', value: '12', operator: 'not_in' }, "Can't use cohorts in real-time filters. Please inline the relevant expressions (cohort id=12).");
    expectError({ type: 'cohort', key: 'id', value: 'abc' }, "Field 'id' expected a number but got 'abc'.");
    expectError({ type: 'cohort', key: 'id', value: [1] }, 'Cohort property value must be a cohort ID');
  });
  it('an expression error wins over a cohort found later while emitting', () => {
    const action = { id: 1, steps: [{ properties: [{ type: 'cohort', key: 'id', value: 1 }] }, { properties: [{ key: 'a', value: 'x', operator: 'near' }] }] };
    expect(toHogBytecode(action).bytecode_error).toBe('PropertyOperator near not implemented');
  });
});

describe('operators and values', () => {
  it('unknown operators keep their Python text', () => {
    expectError({ key: 'a', value: 'x', operator: 'near' }, 'PropertyOperator near not implemented');
    expectError({ key: 'a', value: 'x', operator: 7 }, 'PropertyOperator 7 not implemented');
  });
  it('in / not_in need a list of two or more (one item is unwrapped first)', () => {
    expectError({ key: 'a', value: 'x', operator: 'in' }, 'IN and NOT IN operators require a list of values');
    expectError({ key: 'a', value: ['x'], operator: 'not_in' }, 'IN and NOT IN operators require a list of values');
    expectFilter({ key: 'a', value: ['x', 1], operator: 'not_in' }, "properties.a not in ('x', 1)");
  });
  it('a null inside a list is an uncaught ValueError', () =>
    expectError({ key: 'a', value: ['x', null], operator: 'regex' }, 'Value must be set for property type event & operator regex'));
  it('not_icontains_multi with several values ORs one test per value', () =>
    expectFilter(
      { key: 'a', value: ['x', 'y'], operator: 'not_icontains_multi' },
      "multiSearchAnyCaseInsensitive(toString(properties.a), ['x']) = 0 or multiSearchAnyCaseInsensitive(toString(properties.a), ['y']) = 0",
    ));
  it('icontains formats the value with str()', () => {
    expectFilter({ key: 'a', value: 1.5, operator: 'icontains' }, "toString(properties.a) ilike '%1.5%'");
    expectFilter({ key: 'a', value: true, operator: 'icontains' }, "toString(properties.a) ilike '%True%'");
    expectFilter({ key: 'a', value: 1e21, operator: 'icontains' }, "toString(properties.a) ilike '%1e+21%'");
    expectFilter({ key: 'a', value: [null, 'x'], operator: 'icontains' }, "multiSearchAnyCaseInsensitive(toString(properties.a), ['None', 'x']) > 0");
  });
  it('exact turns booleans into strings; other operators keep them', () => {
    expectFilter({ key: 'a', value: false }, "properties.a = 'false'");
    expectFilter({ key: 'a', value: true, operator: 'gt' }, 'properties.a > true');
    expectFilter({ key: 'a', value: [true, 'x'] }, "properties.a in (true, 'x')");
  });
  it('a dict value cannot be emitted', () => expectError({ key: 'a', value: { b: 1 } }, 'Constant type `<class \'dict\'>` is not supported'));
  it('an object value for the stringifying operators is its Python repr', () => {
    expectFilter({ key: 'plan', value: { nested: 'pro' }, operator: 'icontains' }, "toString(properties.plan) ilike '%{\\'nested\\': \\'pro\\'}%'");
    expectFilter({ key: 'plan', value: [{ nested: 'pro' }], operator: 'not_icontains' }, "toString(properties.plan) not ilike '%{\\'nested\\': \\'pro\\'}%'");
    expectFilter({ key: 'plan', value: { a: [1, true, null] }, operator: 'icontains_multi' }, "multiSearchAnyCaseInsensitive(toString(properties.plan), ['{\\'a\\': [1, True, None]}']) > 0");
  });
  it('an invalid regex / not_regex pattern is a QueryError checked with RE2, naming the pattern', () => {
    expectError({ key: 'a', value: '(', operator: 'regex' }, "Invalid regular expression '(': missing )");
    expectError({ key: 'a', value: ['x', 'a(?=b)'], operator: 'not_regex' }, "Invalid regular expression 'a(?=b)': invalid perl operator: (?=");
    expectError({ type: 'element', key: 'text', value: '[a', operator: 'regex' }, "Invalid regular expression '[a': missing ]: [a");
    // The step fields are not checked by PostHog's compiler: the pattern is stored as it is.
    expect(toHogBytecode({ id: 1, steps: [{ url: '(', url_matching: 'regex' }] }).bytecode_error).toBeNull();
  });
  it('is_date_* need a string', () => expectError({ key: 'a', value: 5, operator: 'is_date_after' }, 'AssertionError: is_date_after requires a string value'));
  it('between keeps the values as given', () => expectFilter({ key: 'a', value: ['1', 2.5], operator: 'between' }, "properties.a >= '1' and properties.a <= 2.5"));
  it('is_cleaned_path_exact compares the raw value without path cleaning rules', () =>
    expectFilter({ key: '$pathname', value: '/a', operator: 'is_cleaned_path_exact' }, "properties.$pathname = '/a'"));
});

describe('element filters', () => {
  it('an empty value list is OR of nothing, or AND of nothing for negative operators', () => {
    expect(filterResult({ type: 'element', key: 'text', value: [] }).bytecode).toEqual(['_H', 1, 4, 0]);
    expect(filterResult({ type: 'element', key: 'text', value: [], operator: 'is_not' }).bytecode).toEqual(['_H', 1, 3, 0]);
  });
  it('selector and tag_name accept only exact and is_not', () =>
    expectError({ type: 'element', key: 'selector', value: 'a', operator: 'icontains' }, 'property_to_expr for element selector only supports exact and is_not operators, not icontains'));
  it('other keys are not implemented', () =>
    expectError({ type: 'element', key: 'attr_id', value: 'a' }, 'property_to_expr for type element not implemented for key attr_id'));
});

describe('steps', () => {
  it('element fields apply to $autocapture only, in PostHog order', () => {
    const step = { event: '$autocapture', url: 'u', text: 't', text_matching: 'contains', href: 'h', href_matching: 'regex', tag_name: 'a', selector: '#x' };
    expect(toHogBytecode({ id: 1, steps: [step] }).bytecode).toEqual(
      createBytecode(
        parseHogQL(
          "event = '$autocapture' and indexOf(elements_chain_ids, 'x') > 0 and elements_chain =~ '(^|;)a(\\\\.|$|;|:)' and elements_chain_href =~ 'h' and arrayExists(x -> x ilike '%t%', elements_chain_texts) and properties.$current_url like '%u%'",
        ),
      ),
    );
  });
  it('an empty string text or href is still a condition; an empty url is not', () => {
    const step = { event: '$autocapture', text: '', href: '', url: '' };
    expect(toHogBytecode({ id: 1, steps: [step] }).bytecode).toEqual(
      createBytecode(parseHogQL("event = '$autocapture' and elements_chain_href = '' and arrayExists(x -> x = '', elements_chain_texts)")),
    );
  });
  it('unknown matching modes take PostHog default branches', () => {
    expect(toHogBytecode({ id: 1, steps: [{ url: 'u', url_matching: 'fuzzy' }] }).bytecode).toEqual(createBytecode(parseHogQL("properties.$current_url like '%u%'")));
  });
  it('an empty step is true and several steps are ORed', () => {
    expect(toHogBytecode({ id: 1, steps: [{}, { event: 'a' }] }).bytecode).toEqual(createBytecode(parseHogQL("true or event = 'a'")));
  });
  it('never throws', () => {
    for (const junk of [null, 7, 'x', [], { steps: 'x' }, { steps: [7] }, { steps: [{ properties: 'x' }] }]) {
      expect(toHogBytecode(junk).bytecode).toBeNull();
    }
    expect(toHogBytecode({ steps: [{ properties: 'x' }] }).bytecode_error).toBe('property_to_expr with property of type str not implemented');
  });
});

describe('relative dates (UTC, resolved against now)', () => {
  it.each([
    ['-7d', '2024-03-24 10:30:15'],
    ['-7dStart', '2024-03-24 00:00:00'],
    ['-7dEnd', '2024-03-24 23:59:59'],
    ['-1m', '2024-02-29 10:30:15'],
    ['-1mStart', '2024-02-01 10:30:15'],
    ['-13m', '2023-02-28 10:30:15'],
    ['-1y', '2023-03-31 10:30:15'],
    ['-1yStart', '2023-01-01 10:30:15'],
    ['-3h', '2024-03-31 07:30:15'],
    ['-3hStart', '2024-03-31 07:00:00'],
    ['-2w', '2024-03-17 10:30:15'],
    ['-1q', '2023-12-31 10:30:15'],
    ['-30s', '2024-03-31 10:29:45'],
    ['-5M', '2024-03-31 10:25:15'],
    ['-2D', '2024-03-31 10:30:15'],
    ['7d', '2024-03-24 10:30:15'],
    ['2024-01-01', '2024-01-01'],
    ['-x', '-x'],
  ])('%s', (value, expected) => expect(resolveDateValue(value, NOW)).toBe(expected));
});

describe('Python helpers', () => {
  it('repr', () => {
    expect(pythonRepr([1, 'a', true, null, 0.1, 1e16, 1e-5, 123456.5])).toBe("[1, 'a', True, None, 0.1, 1e+16, 1e-05, 123456.5]");
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr('a\nb\u0007\u00a0')).toBe("'a\\nb\\x07\\xa0'");
    expect(pythonRepr({ a: [1] })).toBe("{'a': [1]}");
  });
  it('re.escape escapes only the ASCII specials', () => expect(pythonReEscape('a-b c#d/é:"')).toBe('a\\-b\\ c\\#d/é:"'));
  it('strip uses Python whitespace', () => expect(pythonStrip('\x1c a \ufeff')).toBe('a \ufeff'));
  it('int() and float() of strings', () => {
    expect(pythonIntFromString(' +1_000 ')).toBe(1000n);
    expect(pythonIntFromString('\u0661\u0662')).toBe(12n);
    expect(pythonIntFromString('1.0')).toBeNull();
    expect(pythonFloat(' 1_0.5e1 ')).toBe(105);
    expect(pythonFloat('-Infinity')).toBe(-Infinity);
    expect(pythonFloat('1.')).toBe(1);
    expect(pythonFloat('0x10')).toBeNull();
    expect(pythonFloat(null)).toBeNull();
  });
});

describe('PostHog selector parser quirks', () => {
  const regexOf = (selector: string): string => buildSelectorRegex(parseSelector(selector));
  it('.a#b is one class', () => expect(regexOf('button.primary#buy')).toBe('(^|;)button.*?\\.primary\\#buy[^;]*?($|;|:([^;^\\s]*(;|$|\\s)))'));
  it('#id after the classes is an id', () =>
    expect(regexOf('button#buy.primary')).toBe('(^|;)button.*?\\.primary.*?attr_id="buy".*?[^;]*?($|;|:([^;^\\s]*(;|$|\\s)))'));
  it('nth-child becomes an attribute; nth-of-type stays in the tag', () => {
    expect(regexOf('li:nth-child(2)')).toBe('(^|;)li.*?nth\\-child="2".*?[^;]*?($|;|:([^;^\\s]*(;|$|\\s)))');
    expect(regexOf('li:nth-of-type(2)')).toBe('(^|;)li:nth\\-of\\-type\\(2\\)[^;]*?($|;|:([^;^\\s]*(;|$|\\s)))');
  });
  it('attribute pairs, quotes written either way', () => {
    expect(regexOf('[data-a="1"][data-b=\'x "y"\']')).toBe('(^|;).*?data\\-a="1".*?data\\-b="x\\ \\\\"y\\\\"".*?[^;]*?($|;|:([^;^\\s]*(;|$|\\s)))');
  });
  it('> * and \\: are cleaned before parsing', () => expect(regexOf('div > * > a\\:hover')).toBe(regexOf('div a:hover')));
  it('an empty selector compiles to an empty regex', () => expect(regexOf('  ')).toBe(''));
});
