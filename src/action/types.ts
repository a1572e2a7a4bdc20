// The Action object of PostHog's Actions REST API (SEMANTICS.md §1.1). Only `id` and `steps`
// affect matching; the other fields are carried so that whole API payloads type-check.

export type StringMatching = 'contains' | 'exact' | 'regex';

export type PropertyFilterValue = string | number | boolean | null | Array<string | number | boolean | null>;

export interface PropertyFilter {
  /** `event` (default), `person`, `group`, `element`, `hogql` (`key` is a HogQL expression); `cohort` and others do not compile. */
  type?: string | null;
  key?: string | null;
  value?: PropertyFilterValue;
  /** `exact` (default), `is_not`, `icontains`, `regex`, `gt`, … (SEMANTICS.md §7.3). */
  operator?: string | null;
  /** For `group` filters: the group type index, 0–4. */
  group_type_index?: number | null;
  [extra: string]: unknown;
}

export interface ActionStep {
  event?: string | null;
  properties?: PropertyFilter[] | null;
  selector?: string | null;
  tag_name?: string | null;
  text?: string | null;
  text_matching?: StringMatching | null;
  href?: string | null;
  href_matching?: StringMatching | null;
  url?: string | null;
  url_matching?: StringMatching | null;
  [extra: string]: unknown;
}

export interface Action {
  id: number;
  name?: string | null;
  description?: string | null;
  tags?: string[] | null;
  post_to_slack?: boolean | null;
  slack_message_format?: string | null;
  steps?: ActionStep[] | null;
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
  [extra: string]: unknown;
}

/** A page of the Actions API list endpoint. */
export interface ActionListResponse {
  count?: number;
  next?: string | null;
  previous?: string | null;
  results: unknown[];
}
