// The legacy action notification: an action's `slack_message_format` filled in from a matched
// event and shaped for the project's incoming webhook. Follows PostHog's newest webhook
// formatter (tokens, escaping, links, the error text); the differences are listed in the README.
import type { ActionPayload } from '../action/types.js';
import { isPlainObject } from '../event/read-value.js';
import { buildEventUrl, buildGroupUrl, buildPersonUrl, buildProjectUrl } from './posthog-links.js';
import { detectWebhookKind, escapeFor, linkFor, stringifyValue, type WebhookKind } from './webhook-escape.js';

/** The event fields the formatter reads (the event shape of SEMANTICS.md §1.2, plus uuid/timestamp). */
export interface WebhookEvent {
  uuid?: string | null;
  event: string;
  distinct_id?: unknown;
  timestamp?: string | null;
  properties?: Record<string, unknown> | null;
  person?: { properties?: Record<string, unknown> | null; [extra: string]: unknown } | null;
  person_properties?: Record<string, unknown> | null;
  groups?: Record<string, unknown> | null;
  [extra: string]: unknown;
}

/** One of the event's groups: `{index, key, properties}` keyed by group type. */
export interface WebhookGroup {
  index: number;
  key: string;
  properties?: Record<string, unknown> | null;
}

/** Everything about the project the message needs besides the action and the event. */
export interface WebhookContext {
  /** The project's incoming webhook URL; `slack.com` in it selects the Slack payload. */
  webhookUrl: string;
  /** Base URL for links, without a trailing slash (e.g. `https://eu.posthog.com`). */
  siteUrl: string;
  projectId: number | string;
  /** The person, when known apart from the event (overrides `event.person`). */
  person?: { properties?: Record<string, unknown> | null; uuid?: string | null } | null;
  /** The event's groups, when known apart from the event (overrides `event.groups`). */
  groups?: Record<string, WebhookGroup> | null;
  /** The project's person display name properties; null or absent = PostHog's defaults. */
  displayNameProperties?: readonly string[] | null;
}

/** A ready-to-send webhook request. `body` is the JSON text of the payload. */
export interface WebhookRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** The format used when an action has none. */
export const DEFAULT_MESSAGE_FORMAT = '[action.name] was triggered by [person]';

/** PostHog's default person display name properties, in priority order. */
export const DEFAULT_DISPLAY_NAME_PROPERTIES: readonly string[] = Object.freeze([
  'email', 'Email', '$email', 'name', 'Name', 'username', 'Username', 'UserName',
]);

// A token is `[...]` whose brackets are not preceded by a backslash; `\[` and `\]` are literal.
const TOKEN_PATTERN = /(?<!\\)\[(.*?)(?<!\\)\]/g;
const ESCAPED_BRACKET = /\\([[\]])/g;

/** Raised for a token whose first part is not known; turns the whole message into the error text. */
class UnknownTokenError extends Error {}

/** What the token resolvers share for one message. */
interface Rendering {
  kind: WebhookKind;
  action: ActionPayload;
  event: WebhookEvent;
  context: WebhookContext;
  projectUrl: string;
  personLink: string;
  eventLink: string;
  actionLink: string;
}

/**
 * The webhook request PostHog's legacy action notification would send for `event` matching
 * `action`: a JSON POST to `context.webhookUrl`. Never throws for any event or format.
 */
export function formatWebhookMessage(action: ActionPayload, event: WebhookEvent, context: WebhookContext): WebhookRequest {
  return {
    url: context.webhookUrl,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(buildWebhookPayload(action, event, context)),
  };
}

/** The payload object: `{text, blocks}` for Slack, `{text}` (Markdown) for anything else. */
export function buildWebhookPayload(action: ActionPayload, event: WebhookEvent, context: WebhookContext): Record<string, unknown> {
  const rendering = startRendering(action, event, context);
  const [text, markdown] = renderMessage(rendering, action.slack_message_format || DEFAULT_MESSAGE_FORMAT);
  if (rendering.kind === 'slack') {
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: markdown } }] };
  }
  return { text: markdown };
}

function startRendering(action: ActionPayload, event: WebhookEvent, context: WebhookContext): Rendering {
  const projectUrl = buildProjectUrl(context.siteUrl, context.projectId);
  return {
    kind: detectWebhookKind(context.webhookUrl),
    action,
    event,
    context,
    projectUrl,
    personLink: buildPersonUrl(projectUrl, event.distinct_id),
    eventLink: buildEventUrl(projectUrl, event.uuid, event.timestamp),
    actionLink: `${projectUrl}/action/${action.id}`,
  };
}

/** `[plain text, rich text]` of the whole message, or PostHog's error text for both. */
function renderMessage(rendering: Rendering, format: string): [string, string] {
  let text = '';
  let markdown = '';
  let last = 0;
  try {
    for (const match of format.matchAll(TOKEN_PATTERN)) {
      const literal = unescapeBrackets(format.slice(last, match.index));
      const [value, richValue] = resolveToken(rendering, (match[1] ?? '').split('.'));
      text += literal + value;
      markdown += literal + richValue;
      last = match.index + match[0].length;
    }
  } catch (error) {
    if (!(error instanceof UnknownTokenError)) throw error;
    const [name, nameLink] = linkFor(rendering.kind, rendering.action.name, rendering.actionLink);
    const message = 'There are one or more formatting errors in the message template for action';
    return [`⚠ Error: ${message} "${name}".`, `*⚠ Error: ${message} "${nameLink}".*`];
  }
  const tail = unescapeBrackets(format.slice(last));
  return [text + tail, markdown + tail];
}

function unescapeBrackets(literal: string): string {
  return literal.replace(ESCAPED_BRACKET, '$1');
}

/** `[plain, rich]` for one token; `['', '']` for a known first part with an unknown rest. */
function resolveToken(rendering: Rendering, parts: string[]): [string, string] {
  const { kind, event } = rendering;
  const [head, second] = parts;
  const same = (value: unknown): [string, string] => {
    const escaped = escapeFor(kind, value);
    return [escaped, escaped];
  };
  switch (head) {
    case 'user':
      // Deprecated aliases: [user.name] is the person, [user.X] the event property `$X`.
      if (second === 'name') return personLink(rendering);
      return same(readPath(event.properties, [`$${second ?? ''}`]));
    case 'person':
      if (parts.length === 1) return personLink(rendering);
      if (second === 'link') return same(rendering.personLink);
      if (second === 'properties' && parts.length > 2) return same(readPath(personProperties(rendering), parts.slice(2)));
      return ['', ''];
    case 'action':
    case 'source':
      if (second === 'name') return linkFor(kind, rendering.action.name, rendering.actionLink);
      if (second === 'link') return same(rendering.actionLink);
      return ['', ''];
    case 'event':
      return resolveEventToken(rendering, parts, same);
    case 'groups':
      return resolveGroupToken(rendering, parts, same);
    default:
      throw new UnknownTokenError();
  }
}

function resolveEventToken(rendering: Rendering, parts: string[], same: (value: unknown) => [string, string]): [string, string] {
  const { event } = rendering;
  if (parts.length === 1) return linkFor(rendering.kind, event.event, rendering.eventLink);
  switch (parts[1]) {
    case 'link': return same(rendering.eventLink);
    case 'uuid': return same(event.uuid ?? undefined);
    case 'name': // deprecated alias of [event.event]
    case 'event': return same(event.event);
    case 'timestamp': return same(event.timestamp ?? undefined);
    case 'distinct_id': return same(event.distinct_id);
    case 'properties': return parts.length > 2 ? same(readPath(event.properties, parts.slice(2))) : ['', ''];
    default: return ['', ''];
  }
}

function resolveGroupToken(rendering: Rendering, parts: string[], same: (value: unknown) => [string, string]): [string, string] {
  if (parts.length === 1) return ['NOT SUPPORTED', 'NOT SUPPORTED'];
  const type = parts[1] ?? '';
  const group = readGroup(rendering, type);
  if (group === null) {
    const message = `(event without '${type}')`;
    return [message, message];
  }
  const link = buildGroupUrl(rendering.projectUrl, group.index, group.key);
  if (parts.length === 2) return linkFor(rendering.kind, readPath(group.properties, ['name']) || group.key, link);
  if (parts[2] === 'link') return same(link);
  if (parts[2] === 'properties' && parts.length > 3) return same(readPath(group.properties, parts.slice(3)));
  return ['', ''];
}

/** The person as a link named by the first truthy display property, else the distinct_id. */
function personLink(rendering: Rendering): [string, string] {
  const properties = personProperties(rendering);
  const keys = rendering.context.displayNameProperties ?? DEFAULT_DISPLAY_NAME_PROPERTIES;
  const key = keys.find((candidate) => Boolean(readPath(properties, [candidate])));
  const value = key === undefined ? undefined : readPath(properties, [key]);
  const identifier = typeof value === 'string' ? value : value === undefined ? '' : stringifyValue(value);
  const distinctId = rendering.event.distinct_id;
  const fallback = distinctId === undefined || distinctId === null ? undefined : stringifyValue(distinctId);
  const display = (identifier || fallback)?.trim();
  return linkFor(rendering.kind, display, rendering.personLink);
}

function personProperties(rendering: Rendering): Record<string, unknown> | null {
  const { context, event } = rendering;
  if (context.person) return context.person.properties ?? null;
  const fromPerson = event.person?.properties;
  return isPlainObject(fromPerson) ? fromPerson : (event.person_properties ?? null);
}

function readGroup(rendering: Rendering, type: string): { index: unknown; key: string; properties: unknown } | null {
  const groups = rendering.context.groups ?? rendering.event.groups ?? null;
  const group = readPath(groups, [type]);
  if (!isPlainObject(group)) return null;
  return { index: readPath(group, ['index']), key: stringifyValue(readPath(group, ['key'])), properties: readPath(group, ['properties']) };
}

/**
 * The value at `path` inside `root`, reading own properties only (a key such as `constructor`
 * finds nothing). Stepping through a non-object gives undefined.
 */
export function readPath(root: unknown, path: readonly string[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
