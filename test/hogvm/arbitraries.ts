// Generators for the HogVM differential test: actions and events drawn from small vocabularies,
// so that filters hit the properties events carry, with the values where matching rules get
// subtle (numbers in strings, booleans, null, wildcards, case, versions, dates, quotes and
// newlines inside elements chains). Selectors are left out: PostHog's regex selectors differ from
// our CSS-exact ones by design (SEMANTICS.md §10.1); the selector suite covers them. Step regex
// patterns are valid RE2 (invalid ones are a compile error here by design, §10.2); filter
// patterns are sometimes invalid, which both compilers refuse. Filter values for the ILIKE
// operators are sometimes objects, compared against their Python repr by both.
import fc from 'fast-check';
import type { TestEvent } from './posthog-vm.js';

export const NOW = Date.UTC(2024, 5, 15, 12, 0, 0);

const eventNames = ['$pageview', '$autocapture', 'signup', 'purchase', 'Sign Up', 'signup ', ''];
const keys = ['a', 'b', 'plan', 'amount', 'version', 'when', 'a.b', '$browser', '$current_url', 'distinct_id', ''];
const tags = ['a', 'button', 'div', 'span', 'input', 'form', 'li'];
const classes = ['btn', 'primary', 'card'];

const textValues = ['', 'a', 'A', 'a\nb', 'x\u212a', 'abc', 'Abc', 'ABC', 'hello world', 'Sign up', 'sign up now', 'x%y', 'a_c', 'é', 'É', 'ß', 'K', 'k', 'null', 'true', 'false', 'True'];
const numberStrings = ['5', ' 5 ', '10', '1.5', '-3', '0', '', '1e3', 'abc', '0x10'];
const versions = ['1.2.3', 'v1.2.3', '1.10.0', '2.0.0-beta', '1.2', '01.2.3', ' 1.2.3 ', '1.2.3.4', 'x'];
const dates = ['2024-06-15', '2024-06-15T11:00:00Z', '2024-06-14 12:00:00', '2024-06-08T00:00:00+02:00', '2023-06-15', '2024-06-15T12:00:00.500Z', 'not a date', '2024-13-01'];
const urls = ['https://example.com/pricing', 'https://example.com/docs/intro?a=1', 'HTTPS://EXAMPLE.COM/PRICING', 'http://x.test/a%20b', '/docs'];

const scalar = fc.oneof(
  fc.constantFrom(...textValues, ...numberStrings, ...versions, ...dates),
  fc.constantFrom(0, 1, 5, -3, 1.5, 10, 1e21, 0.1),
  fc.boolean(),
  fc.constant(null),
);
const propertyValue = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('a', 1, true, null), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom({ a: 1 }, { nested: 'pro' }, { a: [1, true, null] }, "{'a': 1}", "x {'NESTED': 'Pro'} y") },
);

const properties = fc.dictionary(fc.constantFrom(...keys), propertyValue, { maxKeys: 5 });

/** Values quoted into an elements chain: quotes, separators and newlines included. */
const chainValues = ['', 'a', 'Sign up', 'sign UP', 'x;y', 'a:b', 'x;a:b', 'x;button.y', 'say "hi"', 'line\nbreak', 'text="inner"', 'é', '/pricing', 'https://example.com/a'];

const element = fc.record(
  {
    tag: fc.constantFrom(...tags),
    classes: fc.subarray(classes),
    text: fc.constantFrom(...chainValues),
    href: fc.constantFrom(...chainValues),
    id: fc.constantFrom('buy', 'nav', 'x;y'),
    nth: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: ['tag', 'classes', 'nth'] },
);

/** PostHog's elements_to_string for one element. */
function serializeElement(el: { tag: string; classes: string[]; text?: string; href?: string; id?: string; nth: number }): string {
  const attributes: Record<string, string> = { 'nth-child': String(el.nth), 'nth-of-type': '1' };
  if (el.text) attributes['text'] = el.text;
  if (el.href) attributes['href'] = el.href;
  if (el.id) attributes['attr_id'] = el.id;
  const written = Object.keys(attributes)
    .sort()
    .map((key) => `${key}="${(attributes[key] ?? '').replaceAll('"', '\\"')}"`)
    .join('');
  return `${el.tag}${[...el.classes].sort().map((c) => `.${c}`).join('')}:${written}`;
}

const elementsChain = fc.oneof(
  { weight: 6, arbitrary: fc.array(element, { minLength: 1, maxLength: 4 }).map((els) => els.map(serializeElement).join(';')) },
  { weight: 1, arbitrary: fc.constantFrom('a', 'button:text="x"', ':href="x"', 'text="a"', 'div:attr__href="x"href="y"') },
);

const person = fc.record({ id: fc.constant('person-1'), properties });
const group = fc.record({ index: fc.integer({ min: 0, max: 4 }), key: fc.constant('g'), properties });

export const events: fc.Arbitrary<TestEvent> = fc
  .record(
    {
      event: fc.constantFrom(...eventNames),
      distinct_id: fc.constantFrom('user-1', 'abc', 5),
      properties: fc.tuple(properties, fc.option(fc.constantFrom<unknown>(...urls, '', 42, null), { nil: undefined })),
      elements_chain: elementsChain,
      chainInProperties: fc.boolean(),
      person,
      groups: fc.dictionary(fc.constantFrom('organization', 'project'), group, { maxKeys: 2 }),
    },
    { requiredKeys: ['event', 'properties'] },
  )
  .map(({ properties: [props, url], chainInProperties, elements_chain, ...rest }) => {
    const withUrl: Record<string, unknown> = { ...props };
    if (url !== undefined) withUrl['$current_url'] = url;
    // Without a top-level chain, PostHog and actionmatch read properties.$elements_chain.
    if (elements_chain === undefined) return { ...rest, properties: withUrl } as TestEvent;
    if (chainInProperties) return { ...rest, properties: { ...withUrl, $elements_chain: elements_chain } } as TestEvent;
    return { ...rest, elements_chain, properties: withUrl } as TestEvent;
  });

const regexPatterns = ['^a', 'a$', '.*', 'b+', '^$', '', '(?i)abc', '\\d+', '^https://', 'pric(e|ing)', '[0-9]{2}', '^\\s*5', 'é', 'a|b', '^-', 'tr'];
/** Patterns RE2 refuses: PostHog's own examples (a trailing backslash, a lookahead, an open group). */
const invalidRegexPatterns = ['^abc\\', '^foo(?!bar).+', '(unclosed', '[a', 'a)'];
/** Objects and lists PostHog formats with str() inside an ILIKE pattern or a multiSearch needle. */
const objectLikeValues: readonly unknown[] = [{ a: 1 }, { nested: 'pro' }, { a: [1, true, null] }, [1, 'a'], {}];
const likeValues = ['a', 'A', 'abc', '%', '_', 'a%c', 'a_c', '', 'x%y', '\\', 'é', 'É', 'ß', 'pricing', '/docs', 'null', 'true', '5', 'up'];
const relativeDates = ['-1d', '-7d', '-2h', '-1m', '-1y', '-30M', '-1w', '-1q', '-10s', '-7dStart', '-1yEnd', '-2D', '-1h '];

const operators = [
  'exact', 'is_not', 'is_set', 'is_not_set', 'icontains', 'not_icontains', 'regex', 'not_regex', 'gt', 'gte', 'lt', 'lte',
  'min', 'max', 'between', 'not_between', 'in', 'not_in', 'is_date_exact', 'is_date_before', 'is_date_after',
  'semver_eq', 'semver_neq', 'semver_gt', 'semver_gte', 'semver_lt', 'semver_lte', 'semver_tilde', 'semver_caret', 'semver_wildcard',
  'icontains_multi', 'not_icontains_multi', null,
];

/** A value suited to `operator` most of the time, anything from the pool otherwise. */
function valueFor(operator: string | null): fc.Arbitrary<unknown> {
  const list = (item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.array(item, { minLength: 0, maxLength: 3 });
  let typical: fc.Arbitrary<unknown>;
  if (operator === 'regex' || operator === 'not_regex') {
    const pattern = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...regexPatterns) }, { weight: 1, arbitrary: fc.constantFrom(...invalidRegexPatterns) });
    typical = fc.oneof(pattern, list(pattern));
  } else if (operator === 'icontains' || operator === 'not_icontains' || operator?.endsWith('_multi')) {
    const needle = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...likeValues) }, { weight: 1, arbitrary: fc.constantFrom(...objectLikeValues) });
    typical = fc.oneof(needle, list(needle));
  }
  else if (operator?.startsWith('is_date')) typical = fc.constantFrom(...dates, ...relativeDates);
  else if (operator?.startsWith('semver')) typical = fc.constantFrom(...versions, '1.*', '1.2.*', '1', '0.2.3');
  else if (operator === 'between' || operator === 'not_between') typical = fc.tuple(fc.constantFrom(0, 1, 5, '2', 1.5, -3), fc.constantFrom(5, 10, '10', 2.5, 1));
  else typical = fc.oneof(scalar, list(scalar));
  return fc.oneof({ weight: 5, arbitrary: typical }, { weight: 1, arbitrary: propertyValue });
}

const filter = fc.constantFrom(...operators).chain((operator) =>
  fc.record(
    {
      type: fc.constantFrom<unknown>('event', 'person', 'group', 'element', null, 'event'),
      key: fc.constantFrom<unknown>(...keys, 'text', 'href', 'tag_name', '$elements_chain'),
      value: valueFor(operator),
      operator: fc.constant(operator),
      group_type_index: fc.constantFrom<unknown>(0, 1, 2, null),
    },
    { requiredKeys: ['key', 'operator'] },
  ),
);

const matching = fc.constantFrom<unknown>(null, 'contains', 'exact', 'regex');

const step = fc
  .record(
    {
      event: fc.constantFrom<unknown>(...eventNames, '$autocapture', '$autocapture', null),
      url: fc.constantFrom<unknown>('pricing', 'docs', 'PRICING', 'a%20', '_', 'https://example.com/pricing', '^https', null, ''),
      url_matching: matching,
      tag_name: fc.constantFrom<unknown>(...tags, '', null),
      text: fc.constantFrom<unknown>(...chainValues, 'up', 'SIGN', null),
      text_matching: matching,
      href: fc.constantFrom<unknown>(...chainValues, 'example', null),
      href_matching: matching,
      properties: fc.array(filter, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  )
  .map((raw) => {
    // Regex modes take a pattern from the valid vocabulary.
    const out: Record<string, unknown> = { ...raw };
    for (const [fieldName, mode] of [['url', 'url_matching'], ['text', 'text_matching'], ['href', 'href_matching']] as const) {
      if (out[mode] === 'regex' && typeof out[fieldName] === 'string') out[fieldName] = regexPatterns[(out[fieldName] as string).length % regexPatterns.length];
    }
    return out;
  });

export const actions = fc.array(step, { minLength: 0, maxLength: 3 }).map((steps) => ({ id: 1, name: 'generated', steps }));
