// The Action object of PostHog's Actions REST API (SEMANTICS.md §1.1), typed two ways:
// - `Action` and the types under it are precise: an operator, a `*_matching` mode, a filter
//   type or a step field that PostHog does not know is a type error. For actions written in
//   code (`defineAction`), where a typo (`"urll"`, `operator: "gtt"`) would otherwise compile and
//   silently change what matches.
// - `ActionPayload` is an action as loaded from JSON: an object with an integer id, nothing else
//   checked. The loaders and stores hand these on; the compiler judges the rest at run time.

export type StringMatching = 'contains' | 'exact' | 'regex';

/** Every property filter operator of PostHog's real-time path (SEMANTICS.md §7.3). */
export type PropertyOperator =
  | 'exact'
  | 'is_not'
  | 'is_set'
  | 'is_not_set'
  | 'icontains'
  | 'not_icontains'
  | 'regex'
  | 'not_regex'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'min'
  | 'max'
  | 'between'
  | 'not_between'
  | 'in'
  | 'not_in'
  | 'is_date_exact'
  | 'is_date_before'
  | 'is_date_after'
  | 'semver_eq'
  | 'semver_neq'
  | 'semver_gt'
  | 'semver_gte'
  | 'semver_lt'
  | 'semver_lte'
  | 'semver_tilde'
  | 'semver_caret'
  | 'semver_wildcard'
  | 'icontains_multi'
  | 'not_icontains_multi';

/** The filter types that compile (cohorts and the others are compile errors, SEMANTICS.md §7.1). */
export type PropertyFilterType = 'event' | 'person' | 'group' | 'element' | 'hogql';

export type PropertyValueScalar = string | number | boolean | null;

export type PropertyFilterValue = PropertyValueScalar | PropertyValueScalar[];

interface ValueFilter {
  value?: PropertyFilterValue;
  /** Default `exact`. */
  operator?: PropertyOperator | null;
}

/** `properties[key]` of the event. */
export interface EventPropertyFilter extends ValueFilter {
  /** Default `event`. */
  type?: 'event' | null;
  key: string;
}

/** `person.properties[key]`; key `distinct_id` reads the event's distinct_id. */
export interface PersonPropertyFilter extends ValueFilter {
  type: 'person';
  key: string;
}

/** The `properties[key]` of the group whose index is `group_type_index`. */
export interface GroupPropertyFilter extends ValueFilter {
  type: 'group';
  key: string;
  group_type_index: 0 | 1 | 2 | 3 | 4;
}

/** A selector or tag test on the elements chain: `exact` or `is_not` only. */
export interface ElementTestFilter {
  type: 'element';
  key: 'selector' | 'tag_name';
  value?: PropertyFilterValue;
  operator?: 'exact' | 'is_not' | null;
}

/** The first href, or some text, of the elements chain, with any operator. */
export interface ElementValueFilter extends ValueFilter {
  type: 'element';
  key: 'href' | 'text';
}

/** `key` is a HogQL expression; only a boolean `true` passes. */
export interface HogQLPropertyFilter {
  type: 'hogql';
  key: string;
  value?: null;
}

export type PropertyFilter = EventPropertyFilter | PersonPropertyFilter | GroupPropertyFilter | ElementTestFilter | ElementValueFilter | HogQLPropertyFilter;

export interface ActionStep {
  event?: string | null;
  properties?: PropertyFilter[] | null;
  /** `selector`, `tag_name`, `text` and `href` apply only to `$autocapture` steps. */
  selector?: string | null;
  /** Derived from `selector` by PostHog's API (and actionmatch serve); not read when matching. */
  selector_regex?: string | null;
  tag_name?: string | null;
  text?: string | null;
  /** Default `exact`. */
  text_matching?: StringMatching | null;
  href?: string | null;
  /** Default `exact`. */
  href_matching?: StringMatching | null;
  url?: string | null;
  /** Default `contains`. */
  url_matching?: StringMatching | null;
}

/** The fields of an action that say nothing about matching, carried for whole API payloads. */
interface ActionMetadata {
  name?: string | null;
  description?: string | null;
  tags?: string[] | null;
  post_to_slack?: boolean | null;
  slack_message_format?: string | null;
  created_at?: string | null;
  created_by?: unknown;
  deleted?: boolean | null;
  is_calculating?: boolean | null;
  last_calculated_at?: string | null;
  team_id?: number | null;
  is_action?: boolean | null;
  bytecode_error?: string | null;
  pinned_at?: string | null;
  creation_context?: string | null;
}

export interface Action extends ActionMetadata {
  id: number;
  steps?: ActionStep[] | null;
}

/**
 * An action as loaded from JSON: an integer id; its other fields are not checked (an `Action`
 * is one too). Read fields beyond these with a guard, as the compiler does.
 */
export interface ActionPayload extends ActionMetadata {
  id: number;
  steps?: unknown;
}

/** A page of the Actions API list endpoint. */
export interface ActionListResponse {
  count?: number;
  next?: string | null;
  previous?: string | null;
  results: unknown[];
}
