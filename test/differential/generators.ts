// Generators of actions and events for the differential and index-equivalence tests: small
// pools of awkward values, so that generated filters and events actually meet.
import fc from 'fast-check';

const awkwardValues = [null, '', '0', 0, 1, 5, -1, 1.5, 10, 'abc', 'ABC', 'a_c', 'a%c', 'true', 'false', true, false, ' 5 ', '5', '10', 'null', [1, 2], { a: 1 }, 'a\nb', 'Ünïcödé', 'ſ', 'S', 'straße', 'STRASSE', 'x%y', 'K', 'k', 'σς'];
const scalars = awkwardValues.filter((v) => v === null || typeof v !== 'object');
const keys = ['a', 'b', '$current_url', 'constructor', 'toString'];
const patterns = ['^a', 'b$', 'a.c', '(?i)abc', '^$', '', '\\d+', 'a|b', '[a-c]+', 'ſ', '(?i)s', '^\\s', 'null', '^tr', '(?i)k', '^.$', 'c\\z'];
const operators = ['exact', 'is_not', 'is_set', 'is_not_set', 'icontains', 'not_icontains', 'regex', 'not_regex', 'gt', 'gte', 'lt', 'lte', 'min', 'max', 'between', 'not_between', 'in', 'not_in', 'icontains_multi', 'not_icontains_multi', undefined];

const scalar = fc.constantFrom(...scalars);
const filterValue = (operator: string | undefined): fc.Arbitrary<unknown> => {
  if (operator === 'regex' || operator === 'not_regex') return fc.oneof(fc.constantFrom(...patterns), fc.array(fc.constantFrom(...patterns), { minLength: 1, maxLength: 3 }));
  if (operator === 'between' || operator === 'not_between') return fc.tuple(fc.integer({ min: -2, max: 3 }), fc.integer({ min: 3, max: 12 }));
  if (operator === 'in' || operator === 'not_in') return fc.array(scalar.filter((v) => v !== null), { minLength: 2, maxLength: 3 });
  return fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { minLength: 0, maxLength: 3 }) });
};

const filter = fc.constantFrom(...operators).chain((operator) =>
  fc.record(
    {
      type: fc.constantFrom('event', 'person', 'group', undefined),
      key: fc.constantFrom(...keys, '$elements_chain', 'distinct_id', ''),
      operator: fc.constant(operator),
      value: filterValue(operator),
      group_type_index: fc.constantFrom(0, 1, undefined),
    },
    { requiredKeys: ['key'] },
  ),
);

export const step = fc.record(
  {
    event: fc.constantFrom('$pageview', 'x', '', null),
    url: fc.constantFrom('abc', 'a%c', 'a_c', 'ABC', 'x\ny', 'ul', '', 'ſ', '^a', 'b|c'),
    url_matching: fc.constantFrom('contains', 'exact', 'regex', null),
    properties: fc.array(filter, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

export const action = fc.array(step, { maxLength: 3 }).map((steps) => ({ id: 1, name: 'generated', steps }));

const propertyBag = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...awkwardValues), { maxKeys: 4 });
export const event = fc.record(
  {
    event: fc.constantFrom('$pageview', 'x'),
    distinct_id: fc.constantFrom('abc', 5, null),
    properties: propertyBag,
    elements_chain: fc.constantFrom('', 'a:text="abc"', 'ABC'),
    person: fc.oneof(fc.constant(null), propertyBag.map((properties) => ({ properties }))),
    groups: fc.constantFrom(undefined, { org: { index: 0, key: 'k', properties: { a: 'abc', b: 5 } } }),
  },
  { requiredKeys: ['event'] },
);


const texts = ['Sign up', 'sign up now', 'Pricing', 'say \\"hi\\"', 'Buy', 'ſign', ''];
const chains = [
  '',
  'button.btn.primary:attr__class="btn primary"nth-child="1"nth-of-type="1"text="Sign up";form.signup:nth-child="2"nth-of-type="1";body:nth-child="1"nth-of-type="1"',
  'span:nth-child="1"nth-of-type="1"text="Pricing";a.nav:attr__href="/pricing"href="/pricing"nth-child="1"nth-of-type="1"text="Pricing";nav:nth-child="1"nth-of-type="1"',
  'button:nth-child="1"nth-of-type="1"text="say \\"hi\\"";div:nth-child="1"nth-of-type="1"',
  'a:href="/signup?x=1"nth-child="3"nth-of-type="1"text="sign up now";li:nth-child="1"nth-of-type="1"',
];

/** Autocapture steps: text / href / tag / selector from pools that meet the generated chains. */
export const autocaptureStep = fc.record(
  {
    event: fc.constant('$autocapture'),
    text: fc.constantFrom(...texts),
    text_matching: fc.constantFrom('contains', 'exact', 'regex', null),
    href: fc.constantFrom('/pricing', '/signup', 'sign', '^/s'),
    href_matching: fc.constantFrom('contains', 'exact', 'regex', null),
    tag_name: fc.constantFrom('button', 'a', 'nav'),
    selector: fc.constantFrom('button', 'form > button', 'nav a', '.primary', 'a[href="/pricing"]', 'li > a:nth-child(3)'),
    url: fc.constantFrom('abc', 'pricing', ''),
  },
  { requiredKeys: ['event'] },
);

export const anyStep = fc.oneof(step, autocaptureStep);

/** Events including autocapture clicks on the pooled chains. */
export const clickEvent = fc.record({
  event: fc.constantFrom('$autocapture', '$pageview', 'x'),
  elements_chain: fc.constantFrom(...chains),
  properties: fc.dictionary(fc.constantFrom('a', 'b', '$current_url'), fc.constantFrom('abc', 'pricing', 5, null, 'ABC'), { maxKeys: 3 }),
});
