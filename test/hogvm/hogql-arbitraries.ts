// Generated HogQL filter expressions for the differential test: fields of the filter globals
// the event generator fills, constants where HogVM's coercions get subtle, operators, and the
// standard-library functions actionmatch evaluates, nested a few levels. Regex constants come
// from a valid vocabulary (an invalid constant pattern is our compile error by design); `now()`
// is left out because PostHog's VM reads the wall clock.
import fc from 'fast-check';

const fields = [
  'properties.a', 'properties.b', 'properties.plan', 'properties.amount', 'properties.version', 'properties.when',
  'properties.`a.b`', "properties['$browser']", 'properties.$current_url', 'properties.a.a', 'properties.plan.length',
  'person.properties.a', 'person.properties.plan', 'person.id', 'group_0.properties.plan', 'group_1.properties.a',
  '$group_0', 'event', 'distinct_id', 'pdi.distinct_id', 'elements_chain', 'elements_chain_href', 'elements_chain_texts',
  'elements_chain_ids', 'elements_chain_elements', 'properties', 'properties.a[1]', 'properties.a.1', 'properties?.a',
];
const constants = [
  '1', '0', '-3', '1.5', '10', "'5'", "' 5 '", "'abc'", "'ABC'", "''", 'null', 'true', 'false', "'true'", "'%a%'", "'a_c'",
  "'pro'", "'2024-06-15'", "'2024-06-15T11:00:00Z'", "'1.2.3'", "'null'", '[1, 2]', "['a', 'b']", "('a', 'b')", "{'a': 1}",
  "'{\"a\": 1}'", "'é'", "'Sign up'",
];
const patterns = ["'^a'", "'a$'", "'.*'", "'b+'", "''", "'(?i)abc'", "'\\\\d+'", "'^https://'", "'pric(e|ing)'", "'é'"];

const compareOps = ['=', '!=', '<', '<=', '>', '>=', 'like', 'ilike', 'not like', 'not ilike', 'in', 'not in'];
const regexOps = ['=~', '!~', '=~*', '!~*'];
const arithmeticOps = ['+', '-', '*', '/', '%'];

const unary = ['lower', 'upper', 'length', 'toString', 'toInt', 'toFloat', 'empty', 'notEmpty', 'trim', 'isNull', 'isNotNull', 'typeof', 'round', 'floor', 'reverse', 'toDateTime', 'toUnixTimestamp', 'keys', 'values', 'trimLeft', 'toUUID', 'isValidJSON', 'tuple', 'coalesce'];
const binary = ['concat', 'coalesce', 'ifNull', 'startsWith', 'position', 'positionCaseInsensitive', 'like', 'ilike', 'notLike', 'has', 'indexOf', 'equals', 'notEquals', 'greater', 'less', 'plus', 'minus', 'min2', 'in', 'JSONExtractString', 'JSONExtractInt', 'JSONHas', 'JSONExtract', 'arrayStringConcat', 'multiSearchAnyCaseInsensitive', 'splitByString', 'substring', 'trim', 'and', 'or'];

const leaf = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fields) }, { weight: 2, arbitrary: fc.constantFrom(...constants) });

const { expr } = fc.letrec<{ expr: string }>((tie) => {
  const sub = tie('expr');
  return {
    expr: fc.oneof(
      { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      { weight: 3, arbitrary: fc.tuple(sub, fc.constantFrom(...compareOps), sub).map(([a, op, b]) => `(${a} ${op} ${b})`) },
      { weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom(...regexOps), fc.constantFrom(...patterns)).map(([a, op, p]) => `(${a} ${op} ${p})`) },
      { weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom(...arithmeticOps), sub).map(([a, op, b]) => `(${a} ${op} ${b})`) },
      { weight: 2, arbitrary: fc.tuple(sub, fc.constantFrom('and', 'or'), sub).map(([a, op, b]) => `(${a} ${op} ${b})`) },
      { weight: 1, arbitrary: sub.map((a) => `(not ${a})`) },
      { weight: 1, arbitrary: fc.tuple(sub, fc.boolean()).map(([a, not]) => `(${a} is ${not ? 'not ' : ''}null)`) },
      { weight: 1, arbitrary: fc.tuple(sub, sub, sub).map(([a, b, c]) => `(${a} ${c.length % 2 ? 'not ' : ''}between ${b} and ${c})`) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...unary), sub).map(([f, a]) => `${f}(${a})`) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...binary), sub, sub).map(([f, a, b]) => `${f}(${a}, ${b})`) },
      { weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom(...patterns)).map(([a, p]) => `match(${a}, ${p})`) },
      { weight: 1, arbitrary: fc.tuple(sub, sub, sub).map(([c, a, b]) => `if(${c}, ${a}, ${b})`) },
      { weight: 1, arbitrary: fc.tuple(sub, sub, sub, sub, sub).map(([c1, a, c2, b, d]) => `multiIf(${c1}, ${a}, ${c2}, ${b}, ${d})`) },
      { weight: 1, arbitrary: fc.tuple(sub, sub).map(([a, b]) => `replaceAll(${a}, 'a', ${b})`) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('arrayExists', 'arrayMap', 'arrayFilter', 'arrayCount'), fc.constantFrom(...compareOps), sub, sub).map(([f, op, b, list]) => `${f}(x -> x ${op} ${b}, ${list})`) },
      { weight: 1, arbitrary: fc.tuple(sub, sub).map(([a, b]) => `${a}[${b}]`) },
    ),
  };
});

/** A HogQL expression, as a filter author might write one (and many no one would). */
export const hogqlExpressions: fc.Arbitrary<string> = expr;

/** An action whose one step holds the expression, sometimes beside another condition or step. */
export const hogqlActions = fc
  .tuple(hogqlExpressions, fc.constantFrom('alone', 'with-event', 'two-filters', 'or-step'), hogqlExpressions)
  .map(([key, shape, other]) => {
    const filter = { type: 'hogql', key };
    if (shape === 'with-event') return { id: 1, steps: [{ event: '$pageview', properties: [filter] }] };
    if (shape === 'two-filters') return { id: 1, steps: [{ properties: [filter, { type: 'hogql', key: other }] }] };
    if (shape === 'or-step') return { id: 1, steps: [{ properties: [filter] }, { event: 'signup' }] };
    return { id: 1, steps: [{ properties: [filter] }] };
  });
