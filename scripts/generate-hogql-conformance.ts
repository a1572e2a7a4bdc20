// Writes test/conformance/hogql.jsonl: HogQL filter cases whose expected answers come from
// PostHog's own VM (@posthog/hogvm) running the bytecode PostHog's compiler produces for the
// action (toHogBytecode), on the filter globals PostHog builds from the event. Cases PostHog's
// real-time path cannot evaluate carry actionmatch's exact bytecode_error. Run with
// `npx tsx scripts/generate-hogql-conformance.ts`; the output is data, reviewed and committed.
import { writeFileSync } from 'node:fs';
import { compileAction } from '../src/import.js';
import { toHogBytecode } from '../src/hogvm/to-hog-bytecode.js';
import { runPostHogFilter, type TestEvent } from '../test/hogvm/posthog-vm.js';

const chain = 'button.btn.primary:attr_id="buy"href="/checkout"nth-child="1"nth-of-type="1"text="Buy now";div.card:nth-child="2"nth-of-type="1"';
const base: TestEvent = {
  event: '$pageview',
  uuid: '0190f3b2-7c1e-7000-8000-000000000001',
  distinct_id: 'user-1',
  timestamp: '2025-01-15T11:30:00Z',
  properties: {
    $browser: 'Chrome', amount: '12', price: 9.5, plan: 'Pro', count: 3, flag: true, empty: '', nothing: null, zero: 0,
    tags: ['a', 'b'], nested: { level: { deep: 'x' } }, json: '{"a": {"b": 5}, "list": [1, 2]}', $current_url: 'https://example.com/pricing?x=1',
    when: '2025-01-10 08:00:00', version: '1.2.3', 'a.b': 'dotted', text: 'Hello World', csv: 'a,b,c', spaced: '  padded  ',
  },
  elements_chain: chain,
  person: { id: 'person-1', properties: { email: 'ann@example.com', age: 41, plan: 'team' } },
  groups: { organization: { index: 0, key: 'acme', properties: { name: 'Acme', seats: 12 } } },
};

/** [name, expression, event changes]; the event is `base` unless changed. */
const cases: [string, string, { [K in keyof TestEvent]?: TestEvent[K] | undefined }?][] = [
  ['issue example', "properties.$browser = 'Chrome' and toInt(properties.amount) > 10"],
  ['issue example, amount too small', "properties.$browser = 'Chrome' and toInt(properties.amount) > 10", { properties: { ...base.properties, amount: '7' } }],
  ['constant true', 'true'],
  ['constant 1 is not a match alone', '1'],
  ['constant string is not a match alone', "'yes'"],
  ['a bare truthy property is not a match alone', 'properties.count'],
  ['a bare boolean property', 'properties.flag'],
  ['event name', "event = '$pageview'"],
  ['distinct_id', "distinct_id = 'user-1'"],
  ['uuid', "uuid = '0190f3b2-7c1e-7000-8000-000000000001'"],
  ['timestamp as a string', "timestamp like '2025-01-15%'"],
  ['timestamp as a datetime', "toDateTime(timestamp) > toDateTime('2025-01-15 11:00:00')"],
  ['nested property', "properties.nested.level.deep = 'x'"],
  ['nested property missing', 'properties.nested.nope.deep is null'],
  ['dotted key in backquotes', "properties.`a.b` = 'dotted'"],
  ['bracket access', "properties['$browser'] = 'Chrome'"],
  ['array index from 1', "properties.tags[1] = 'a'"],
  ['array index from the end', "properties.tags[-1] = 'b'"],
  ['tuple access', "('x', 'y').2 = 'y'"],
  ['string length through the field chain', 'properties.plan.length = 3'],
  ['person property', "person.properties.email ilike '%@example.com'"],
  ['person id', "person.id = 'person-1'"],
  ['pdi', "pdi.person.properties.plan = 'team'"],
  ['no person: person properties are null', 'person.properties.email is null', { person: undefined }],
  ['group properties', "group_0.properties.name = 'Acme'"],
  ['a group without data reads null', 'group_3.properties.name is null'],
  ['group key', "$group_0 = 'acme'"],
  ['elements chain text', "arrayExists(x -> x ilike '%buy%', elements_chain_texts)"],
  ['elements chain href', "elements_chain_href = '/checkout'"],
  ['elements chain ids', "has(elements_chain_ids, 'buy')"],
  ['elements chain elements', "has(elements_chain_elements, 'button')"],
  ['raw elements chain', "elements_chain like '%btn%'"],
  ['number against a numeric string', 'properties.amount = 12'],
  ['number against a padded numeric string', "properties.amount = ' 12 '"],
  ['strings compare lexically', "'10' > '9'"],
  ['boolean against the string true', "properties.flag = 'true'"],
  ['boolean against 1', 'properties.flag = 1'],
  ['null is less than a number', 'properties.nothing < 5'],
  ['missing is null', 'properties.missing = null'],
  ['is null on missing', 'properties.missing is null'],
  ['is not null on an empty string', 'properties.empty is not null'],
  ['arithmetic', 'properties.price * 2 + 1 = 20'],
  ['arithmetic on strings goes through Number', "properties.amount + '3' = 15"],
  ['division by zero is infinity', 'properties.count / 0 > 1000000'],
  ['modulo', 'properties.count % 2 = 1'],
  ['unary minus', '-properties.count = -3'],
  ['like with wildcards', "properties.plan like 'P_o'"],
  ['like is case-sensitive', "properties.plan like 'pro'"],
  ['ilike', "properties.plan ilike 'pro'"],
  ['not like', "properties.plan not like '%x%'"],
  ['not ilike', "properties.plan not ilike 'PRO'"],
  ['like searches anywhere', "properties.text like 'World'"],
  ['regex', "properties.$current_url =~ '^https://example\\\\.com/'"],
  ['regex on a falsy value never matches', "properties.empty =~ '^$'"],
  ['case-insensitive regex', "properties.plan =~* '^pro$'"],
  ['not regex', "properties.plan !~ '^x'"],
  ['in a tuple', "properties.plan in ('Pro', 'Team')"],
  ['in is strict', "properties.amount in (12, 13)"],
  ['not in', "properties.plan not in ('Free')"],
  ['in an array', "properties.plan in ['Pro']"],
  ['in a string is a substring test', "'ro' in properties.plan"],
  ['in a number fails in the VM', 'properties.plan in properties.count'],
  ['and', "properties.plan = 'Pro' and properties.count = 3"],
  ['or', "properties.plan = 'Free' or properties.count = 3"],
  ['not', "not properties.plan = 'Free'"],
  ['between', 'properties.count between 1 and 5'],
  ['not between', 'properties.count not between 1 and 2'],
  ['if', "if(properties.count > 2, 'many', 'few') = 'many'"],
  ['multiIf', "multiIf(properties.count > 5, 'lots', properties.count > 2, 'some', 'few') = 'some'"],
  ['case when', "case when properties.count > 2 then 'yes' else 'no' end = 'yes'"],
  ['a failure in a branch not taken', "if(true, true, lower(properties.count) = 'x')"],
  ['a failure in the branch taken', "if(false, true, lower(properties.count) = 'x')"],
  ['ifNull', "ifNull(properties.missing, 'fallback') = 'fallback'"],
  ['coalesce', "coalesce(properties.missing, properties.nothing, properties.plan) = 'Pro'"],
  ['?? operator', "properties.missing ?? 'd' = 'd'"],
  ['lower', "lower(properties.plan) = 'pro'"],
  ['lower of null is null', 'lower(properties.missing) is null'],
  ['lower of a number fails in the VM', "lower(properties.count) = '3'"],
  ['upper', "upper(properties.plan) = 'PRO'"],
  ['trim', "trim(properties.spaced) = 'padded'"],
  ['trim with a character', "trim('xxaxx', 'x') = 'a'"],
  ['concat', "concat(properties.plan, '-', properties.count) = 'Pro-3'"],
  ['concat with null', "concat('a', properties.missing, 'b') = 'ab'"],
  ['|| concatenates', "properties.plan || '!' = 'Pro!'"],
  ['length of a string', 'length(properties.plan) = 3'],
  ['length of an array', 'length(properties.tags) = 2'],
  ['empty', 'empty(properties.empty)'],
  ['notEmpty', 'notEmpty(properties.tags)'],
  ['empty of zero is false', 'empty(properties.zero)'],
  ['startsWith', "startsWith(properties.$current_url, 'https://')"],
  ['substring', "substring(properties.text, 1, 5) = 'Hello'"],
  ['position', "position(properties.text, 'World') = 7"],
  ['replaceAll', "replaceAll(properties.csv, ',', ';') = 'a;b;c'"],
  ['replaceOne', "replaceOne(properties.csv, ',', ';') = 'a;b,c'"],
  ['splitByString', "splitByString(',', properties.csv)[2] = 'b'"],
  ['match', "match(properties.version, '^\\\\d+\\\\.\\\\d+')"],
  ['like function', "like(properties.plan, 'P%')"],
  ['multiSearchAnyCaseInsensitive', "multiSearchAnyCaseInsensitive(properties.text, ['world', 'x']) = 1"],
  ['toString of a number', "toString(properties.count) = '3'"],
  ['toString of an array', "toString(properties.tags) = '[''a'', ''b'']'"],
  ['toString of an object', "toString(properties.nested) = '{''level'': {''deep'': ''x''}}'"],
  ['toInt of a decimal string', "toInt('42.9') = 42"],
  ['toInt of words is null', "toInt('abc') is null"],
  ['toFloat', 'toFloat(properties.price) = 9.5'],
  ['typeof', "typeof(properties.tags) = 'array'"],
  ['JSONExtractString', "JSONExtractString(properties.json, 'a') = '{\"b\":5}'"],
  ['JSONExtractInt', "JSONExtractInt(properties.json, 'a', 'b') = 5"],
  ['JSONHas', "JSONHas(properties.json, 'list')"],
  ['JSONLength', "JSONLength(properties.json, 'list') = 2"],
  ['has', "has(properties.tags, 'b')"],
  ['indexOf', "indexOf(properties.tags, 'b') = 2"],
  ['arrayMap', "arrayMap(x -> upper(x), properties.tags)[1] = 'A'"],
  ['arrayFilter', "length(arrayFilter(x -> x != 'a', properties.tags)) = 1"],
  ['arrayCount', "arrayCount(x -> x in ('a', 'b'), properties.tags) = 2"],
  ['nested lambdas', "arrayExists(x -> arrayExists(y -> y = 'b', [x]), properties.tags)"],
  ['toDateTime of a date-like string', "toDateTime(properties.when) < toDateTime('2025-01-11')"],
  ['a datetime against a date-like string', "toDateTime(properties.when) > '2025-01-01'"],
  ['toUnixTimestamp', "toUnixTimestamp('2025-01-01T00:00:00Z') = 1735689600"],
  ['fromUnixTimestamp', "toString(fromUnixTimestamp(0)) = '1970-01-01T00:00:00.000Z'"],
  ['equals is strict', "equals(properties.amount, 12)"],
  ['plus concatenates strings', "plus('a', 'b') = 'ab'"],
  ['a dictionary literal', "{'a': 1}.a = 1"],
  ['a semver-like comparison via arrays', "arrayMap(x -> toInt(x), splitByString('.', properties.version)) >= [1, 2, 0]"],
  ['beside an event condition', "properties.plan = 'Pro'", { event: '$pageview' }],
];

/** [name, expression, the bytecode_error]: what actionmatch refuses, with its exact message. */
const refused: [string, string, string][] = [
  ['an aggregation', 'count() > 0', 'steps[0].properties[0].key: Hog function `count` is not implemented'],
  ['an unknown function', 'frobnicate(properties.plan)', 'steps[0].properties[0].key: Hog function `frobnicate` is not implemented'],
  ['an unknown field', "foo.bar = 'x'", 'steps[0].properties[0].key: Unknown global variable: foo'],
  ['a cohort', 'person_id in cohort 5', "steps[0].properties[0].key: Can't use cohorts in real-time filters. Please inline the relevant expressions (cohort id=5)."],
  ['a subquery', 'properties.plan in (select 1)', 'steps[0].properties[0].key: subqueries cannot run in real-time filters'],
  ['a placeholder', '{plan} = 1', 'steps[0].properties[0].key: Placeholders are not allowed in this context'],
  ['array access from 0', 'properties.tags[0] = 1', 'steps[0].properties[0].key: Array access starts from 1'],
  ['a syntax error', "properties.plan = 'Pro' and", "steps[0].properties[0].key: extraneous input 'and' expecting <EOF>"],
  ['a function PostHog has that actionmatch does not evaluate', "sha256Hex(properties.plan) = ''", "steps[0].properties[0].key: the function `sha256Hex` is not supported in actionmatch's real-time matching"],
  ['too many arguments', "lower(properties.plan, 'x') = 'pro'", 'steps[0].properties[0].key: Function lower requires at most 1 arguments'],
  ['an invalid constant regex', "properties.plan =~ '('", 'steps[0].properties[0].key: invalid regex "(": missing )'],
  ['a type cast', "properties.count::String = '3'", 'steps[0].properties[0].key: TypeCast expressions are not supported in real-time filters'],
  ['a lambda reading an enclosing lambda', "arrayExists(x -> arrayExists(y -> y = x, ['b']), properties.tags)", 'steps[0].properties[0].key: a lambda cannot use `x`, an argument of an enclosing lambda, in real-time filters'],
  ['if without else', "if(properties.count > 1, true)", 'steps[0].properties[0].key: if() needs a condition, a value and an else value here (2 arguments given)'],
];

const lines: string[] = [];
let id = 200_000;
for (const [name, key, changes] of cases) {
  const event = { ...base, ...changes } as TestEvent;
  const action = { id: id++, name, steps: [{ ...(changes?.event !== undefined ? { event: changes.event } : {}), properties: [{ type: 'hogql', key }] }] };
  const hog = toHogBytecode(action);
  if (hog.bytecode === null) throw new Error(`${name}: PostHog's compiler refuses it: ${hog.bytecode_error}`);
  const verdict = runPostHogFilter(hog.bytecode, event);
  lines.push(JSON.stringify({ name: `hogql: ${name}`, action, event, expected: verdict.match, posthog_result: String(verdict.result) }));
}
for (const [name, key, message] of refused) {
  const action = { id: id++, name, steps: [{ properties: [{ type: 'hogql', key }] }] };
  const compiled = compileAction(action);
  if (compiled.bytecode_error === null || !compiled.bytecode_error.startsWith(message)) throw new Error(`${name}: got ${String(compiled.bytecode_error)}`);
  lines.push(JSON.stringify({ name: `hogql refused: ${name}`, action, event: base, expected: false, bytecode_error: compiled.bytecode_error }));
}
writeFileSync(new URL('../test/conformance/hogql.jsonl', import.meta.url), lines.join('\n') + '\n');
console.log(`wrote ${lines.length} cases`);
