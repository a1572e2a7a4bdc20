// Every way actionmatch's matcher and PostHog's real-time path (toHogBytecode run by
// @posthog/hogvm) were found to disagree, with a minimal reproduction each. `status` says
// whether it is a deliberate difference (SEMANTICS.md §10) or a matcher bug reported for fixing
// outside src/hogvm. The differential test shrinks each disagreement it meets and requires it to
// fall into one of these categories.
import type { TestEvent } from './posthog-vm.js';

export interface KnownDisagreement {
  readonly name: string;
  readonly category: string;
  readonly status: string;
  readonly action: { readonly id: number; readonly steps: readonly Record<string, unknown>[] };
  readonly event: TestEvent;
  /** What actionmatch's matcher answers today. */
  readonly ours: boolean;
  /** What PostHog answers (false when PostHog cannot compile or save the action). */
  readonly posthog: boolean;
}

const step = (...properties: Record<string, unknown>[]): Record<string, unknown> => ({ event: 'e', properties });
const action = (...steps: Record<string, unknown>[]): KnownDisagreement['action'] => ({ id: 1, steps });
const event = (properties: Record<string, unknown>, extra: Partial<TestEvent> = {}): TestEvent => ({ event: 'e', properties, ...extra });

export const knownDisagreements: readonly KnownDisagreement[] = [
  {
    name: 'semver operators are gated on a strict semver property (missing property)',
    category: 'semver-gate',
    status: 'fixed: the matcher gates semver tests on a strict version string',
    action: action(step({ key: 'v', operator: 'semver_lt', value: '1.2.3' })),
    event: event({}),
    ours: false,
    posthog: false,
  },
  {
    name: 'semver operators are gated on a strict semver property (four parts)',
    category: 'semver-gate',
    status: 'fixed: the matcher gates semver tests on a strict version string',
    action: action(step({ key: 'v', operator: 'semver_gt', value: '1.2.3' })),
    event: event({ v: '1.2.3.4' }),
    ours: false,
    posthog: false,
  },
  {
    name: 'an empty key is a key: PostHog reads the whole properties object',
    category: 'empty-key',
    status: 'fixed: an empty key reads the whole object',
    action: action({ properties: [{ key: '', operator: 'is_set' }] }),
    event: event({}),
    ours: true,
    posthog: true,
  },
  {
    name: 'an element filter with an empty key is a PostHog error',
    category: 'empty-key',
    status: "fixed: PostHog's error text",
    action: action({ event: 'e' }, { properties: [{ type: 'element', key: '', value: 'x' }] }),
    event: event({}),
    ours: false,
    posthog: false,
  },
  {
    name: 'an element filter with an empty value list is OR of nothing (false)',
    category: 'empty-list',
    status: "documented: SEMANTICS.md §7.2 ignores a filter with an empty value list",
    action: action(step({ type: 'element', key: 'text', value: [] })),
    event: event({}),
    ours: true,
    posthog: false,
  },
  {
    name: "icontains with an empty value list searches for '[]'",
    category: 'empty-list',
    status: "documented: SEMANTICS.md §7.2 ignores a filter with an empty value list",
    action: action(step({ key: 'a', value: [], operator: 'icontains' })),
    event: event({ a: 'x' }),
    ours: true,
    posthog: false,
  },
  {
    name: 'between with an empty value list is a PostHog error',
    category: 'empty-list',
    status: "documented: SEMANTICS.md §7.2 ignores a filter with an empty value list",
    action: action(step({ key: 'a', value: [], operator: 'between' })),
    event: event({ a: 'x' }),
    ours: true,
    posthog: false,
  },
  {
    name: 'a null inside a value list: PostHog cannot save the action (ValueError)',
    category: 'null-in-list',
    status: "fixed: PostHog's error text",
    action: action(step({ key: 'a', value: ['x', null], operator: 'regex' })),
    event: event({ a: 'zzz' }),
    ours: false,
    posthog: false,
  },
  {
    name: 'a null inside an is_set list is one more is_set test in PostHog',
    category: 'null-in-list',
    status: 'fixed',
    action: action(step({ key: 'a', value: [null, 'x'], operator: 'is_set' })),
    event: event({}),
    ours: false,
    posthog: false,
  },
  {
    name: 'relative dates with a Start/End suffix (or trailing text) are resolved by PostHog',
    category: 'date-constant',
    status: "documented: SEMANTICS.md §7.3 defines relative dates as -<n><unit> only",
    action: action(step({ key: 'd', value: '-1dStart', operator: 'is_date_after' })),
    event: event({ d: '2024-06-15T11:00:00Z' }),
    ours: false,
    posthog: true,
  },
  {
    name: 'an unparseable date constant compiles in PostHog (false at run time) but not here',
    category: 'date-constant',
    status: 'fixed: always false, with a warning',
    action: action({ event: 'e' }, { properties: [{ key: 'd', value: 'not a date', operator: 'is_date_before' }] }),
    event: event({}),
    ours: true,
    posthog: true,
  },
  {
    name: 'an object value compiles in PostHog where the value is unused (is_set)',
    category: 'object-value-unused',
    status: 'fixed: is_set / is_not_set ignore their value',
    action: action(step({ key: 'a', value: { x: 1 }, operator: 'is_set' })),
    event: event({ a: 1 }),
    ours: true,
    posthog: true,
  },
  {
    name: 'an object value PostHog stringifies with str() is a compile error here (SEMANTICS.md §9)',
    category: 'object-value',
    status: 'documented: SEMANTICS.md §9 makes an object where a scalar is needed a compile error',
    action: action(step({ key: 'b', value: { a: 1 }, operator: 'not_icontains_multi' })),
    event: event({}),
    ours: false,
    posthog: true,
  },
  {
    name: 'url contains on an array: PostHog stringifies with JavaScript String() ("")',
    category: 'like-nonstring',
    status: 'fixed: raw fields are stringified as the VM does',
    action: action({ url: '_' }),
    event: event({ $current_url: [] }),
    ours: false,
    posthog: false,
  },
  {
    name: 'url regex on an array: PostHog searches String([1]) = "1"',
    category: 'like-nonstring',
    status: 'fixed: raw fields are stringified as the VM does',
    action: action({ url: '^1$', url_matching: 'regex' }),
    event: event({ $current_url: [1] }),
    ours: true,
    posthog: true,
  },
  {
    name: 'url contains on an object: PostHog searches "[object Map]"',
    category: 'like-nonstring',
    status: 'fixed: raw fields are stringified as the VM does',
    action: action({ url: 'object' }),
    event: event({ $current_url: { a: 1 } }),
    ours: true,
    posthog: true,
  },
  {
    name: 'two group types with the same index: PostHog keeps the last',
    category: 'duplicate-group-index',
    status: 'fixed: the last group with the index wins',
    action: action(step({ type: 'group', group_type_index: 0, key: 'a', value: 'x' })),
    event: event({}, { groups: { first: { index: 0, properties: { a: 'x' } }, second: { index: 0, properties: { a: 'y' } } } }),
    ours: false,
    posthog: false,
  },
  {
    name: "tag_name is PostHog's regex, which also matches inside a quoted value",
    category: 'tag-name-regex',
    status: "documented: SEMANTICS.md §3 tests tag_name on the parsed elements",
    action: action({ event: '$autocapture', tag_name: 'button' }),
    event: { event: '$autocapture', properties: {}, elements_chain: 'div:nth-child="1"nth-of-type="1"text="x;button.y"' },
    ours: false,
    posthog: true,
  },
  {
    name: '$virt_* keys are globals the filter globals lack: the VM fails, so PostHog never matches',
    category: 'virtual-property',
    status: "open: PostHog's $virt_* properties are computed columns the real-time globals lack",
    action: action(step({ key: '$virt_source', value: 'ads' })),
    event: event({ $virt_source: 'ads' }),
    ours: true,
    posthog: false,
  },
  {
    name: '$exception_types is searched as a JSON array of strings',
    category: 'exception-array',
    status: "open: PostHog searches $exception_* properties as JSON arrays",
    action: action(step({ key: '$exception_types', value: 'TypeError' })),
    event: event({ $exception_types: ['TypeError', 'Error'] }),
    ours: false,
    posthog: true,
  },
  {
    name: 'a filter of a type Property() rejects is ignored (the constant 1)',
    category: 'unknown-type',
    status: "documented: SEMANTICS.md §7.1 makes other filter types compile errors",
    action: action(step({ type: 'feature', key: 'a', value: 'x' })),
    event: event({}),
    ours: false,
    posthog: true,
  },
  {
    name: 'flag filters are a neutral 1 in PostHog',
    category: 'unknown-type',
    status: "documented: SEMANTICS.md §7.1 makes other filter types compile errors",
    action: action(step({ type: 'flag', key: '12', value: true, operator: 'flag_evaluates_to' })),
    event: event({}),
    ours: false,
    posthog: true,
  },
  {
    name: "group_type_index goes through Python's int(): \"1\" is group 1",
    category: 'group-index-int',
    status: 'fixed: numeric strings are accepted',
    action: action(step({ type: 'group', group_type_index: '1', key: 'a', value: 'x' })),
    event: event({}, { groups: { org: { index: 1, properties: { a: 'y' } } } }),
    ours: false,
    posthog: false,
  },
  {
    name: 'an out-of-range group_type_index: PostHog cannot save the action (ValidationError)',
    category: 'group-index-int',
    status: 'fixed: a compile error',
    action: action(step({ type: 'group', group_type_index: 7, key: 'a', value: 'x' })),
    event: event({}),
    ours: false,
    posthog: false,
  },
];
