// Reading a create/update request body into the action fields it sets, with PostHog's
// ActionSerializer rules: known fields validated in the order the serializer declares them,
// read-only and unknown fields ignored, steps validated one by one (regexes with RE2, as they
// will be matched).
import { isPlainObject } from '../event/read-value.js';
import { buildSelectorRegex } from '../hogvm/element-exprs.js';
import { parseSelector } from '../hogvm/selector.js';
import { DEFAULT_LIMITS } from '../compile/limits.js';
import { compileRegex, estimateRegexCost, MAX_REGEX_COST } from '../regex/index.js';
import { validationError } from './api-error.js';
import { pythonTypeName, readBoolean, readChar, readChoice, readDateTime, readDictionary, readList } from './validate-fields.js';

const STRING_MATCHING = ['contains', 'exact', 'regex'] as const;

/** The fields of a step as PostHog stores and returns them, in its order. */
export interface ActionStepObject {
  event: string | null;
  properties: Record<string, unknown>[] | null;
  selector: string | null;
  /** Read-only: the regex PostHog derives from `selector` (null without one). */
  selector_regex: string | null;
  tag_name: string | null;
  text: string | null;
  text_matching: string | null;
  href: string | null;
  href_matching: string | null;
  url: string | null;
  url_matching: string | null;
}

/** The writable fields a request sets; absent ones are left as they are. */
export interface ActionInput {
  name?: string;
  description?: string;
  tags?: string[];
  post_to_slack?: boolean;
  slack_message_format?: string;
  steps?: ActionStepObject[];
  deleted?: boolean;
  pinned_at?: string | null;
}

// Each pattern field and the field that says how it matches.
const matchedFields = [
  ['text', 'text_matching'],
  ['href', 'href_matching'],
  ['url', 'url_matching'],
] as const;

/**
 * The distinct regexes one request has validated and their estimated compile cost: a request
 * may make RE2 compile at most what one action may (maxRegexCost), checked before each compile.
 */
interface RegexBudget {
  readonly patterns: Set<string>;
  cost: number;
}

function chargeRegex(budget: RegexBudget, pattern: string, attr: string): void {
  const cost = estimateRegexCost(pattern);
  // A pattern over the limit alone is refused by compileRegex at no cost, with its own message.
  if (budget.patterns.has(pattern) || cost > MAX_REGEX_COST) return;
  budget.patterns.add(pattern);
  budget.cost += cost;
  if (budget.cost > DEFAULT_LIMITS.maxRegexCost) {
    throw validationError('limit_exceeded', `The regular expressions of this request are too costly to compile: estimated compile cost ${budget.cost} exceeds the limit maxRegexCost = ${DEFAULT_LIMITS.maxRegexCost}.`, attr);
  }
}

function readStep(stepValue: unknown, attr: string, budget: RegexBudget): ActionStepObject {
  const value = readDictionary(stepValue, attr);
  const text = (field: string): string | null => (field in value ? readChar(value[field], `${attr}__${field}`, { allowNull: true, allowBlank: true, trim: false }) : null);
  const choice = (field: string): string | null => (field in value ? readChoice(value[field], `${attr}__${field}`, STRING_MATCHING) : null);
  let properties: Record<string, unknown>[] | null = null;
  if ('properties' in value) {
    const list = readList(value['properties'], `${attr}__properties`, true);
    properties = list?.map((item, index) => {
      if (!isPlainObject(item)) throw validationError('not_a_dict', `Expected a dictionary of items but got type "${pythonTypeName(item)}".`, `${attr}__properties__${index}`);
      return item;
    }) ?? null;
  }
  const step: ActionStepObject = {
    event: text('event'),
    properties,
    selector: text('selector'),
    selector_regex: null,
    tag_name: text('tag_name'),
    text: text('text'),
    text_matching: choice('text_matching'),
    href: text('href'),
    href_matching: choice('href_matching'),
    url: text('url'),
    // PostHog's step model defaults url_matching to "contains" when it is not given.
    url_matching: 'url_matching' in value ? choice('url_matching') : 'contains',
  };
  for (const [field, matchingField] of matchedFields) {
    const pattern = step[field];
    if (step[matchingField] !== 'regex' || pattern === null) continue;
    chargeRegex(budget, pattern, `${attr}__${field}`);
    const compiled = compileRegex(pattern);
    if (!compiled.ok) throw validationError('invalid_regex', `Invalid regular expression ${JSON.stringify(pattern)}: ${compiled.error}`, `${attr}__${field}`);
  }
  step.selector_regex = selectorRegexOf(step.selector);
  return step;
}

/**
 * PostHog's step serializer answers `selector_regex`, the regex its older matchers ran over the
 * elements chain; computed here on save (steps are always replaced whole). Null when there is no
 * selector or PostHog's selector parser would fail on it.
 */
function selectorRegexOf(selector: string | null): string | null {
  if (selector === null || selector === '') return null;
  try {
    return buildSelectorRegex(parseSelector(selector));
  } catch {
    return null;
  }
}

/**
 * Validates a request body. `requireName` is set for create and PUT. Throws the first
 * validation error, as PostHog's envelope reports one.
 */
export function readActionInput(requestBody: unknown, requireName: boolean): ActionInput {
  const body = readDictionary(requestBody, null);
  const input: ActionInput = {};
  if ('name' in body) input.name = readChar(body['name'], 'name', { maxLength: 400 }) as string;
  else if (requireName) throw validationError('required', 'This field is required.', 'name');
  if ('description' in body) input.description = readChar(body['description'], 'description', { allowBlank: true }) as string;
  if ('tags' in body) {
    const tags = readList(body['tags'], 'tags', false) as unknown[];
    input.tags = tags.map((tag, index) => readChar(tag, `tags__${index}`, {}) as string);
  }
  if ('post_to_slack' in body) input.post_to_slack = readBoolean(body['post_to_slack'], 'post_to_slack');
  if ('slack_message_format' in body) input.slack_message_format = readChar(body['slack_message_format'], 'slack_message_format', { allowBlank: true, maxLength: 1200 }) as string;
  if ('steps' in body) {
    const steps = readList(body['steps'], 'steps', false) as unknown[];
    const budget: RegexBudget = { patterns: new Set(), cost: 0 };
    input.steps = steps.map((step, index) => readStep(step, `steps__${index}`, budget));
  }
  if ('deleted' in body) input.deleted = readBoolean(body['deleted'], 'deleted');
  if ('pinned_at' in body) input.pinned_at = readDateTime(body['pinned_at'], 'pinned_at');
  // `_create_in_folder` (PostHog's file-system placement) is accepted and has no effect here.
  if ('_create_in_folder' in body) readChar(body['_create_in_folder'], '_create_in_folder', { allowNull: true, allowBlank: true });
  return input;
}
