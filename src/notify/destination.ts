// Destinations: webhook subscriptions shaped like the hog functions PostHog creates when it
// migrates an action's legacy notification (`name: "Webhook for action {id} ({name})"`,
// template `template-webhook`, inputs url/method/body, an action filter). Owns the conversion
// of a `slack_message_format` into Hog templates and the request a destination sends for an event.
import { randomUUID } from 'node:crypto';
import type { ActionPayload } from '../action/types.js';
import { buildTemplateGlobals, renderTemplateValue, type TemplateContext } from './hog-template.js';
import { buildProjectUrl } from './posthog-links.js';
import type { WebhookEvent, WebhookRequest } from './webhook-message.js';

export interface DestinationInput<T> {
  value: T;
}

/** A destination as `/api/projects/:project_id/hog_functions/` returns it. */
export interface Destination {
  id: string;
  type: 'destination';
  name: string;
  description: string;
  created_at: string;
  created_by: null;
  updated_at: string;
  enabled: boolean;
  deleted: boolean;
  hog: string;
  inputs_schema: Array<Record<string, unknown>>;
  inputs: {
    url: DestinationInput<string>;
    method: DestinationInput<string>;
    body: DestinationInput<unknown>;
    headers?: DestinationInput<Record<string, string>>;
  };
  filters: { actions: Array<{ id: string; type: 'actions'; name: string | null; order: number }> };
  masking: null;
  mappings: null;
  icon_url: string;
  template_id: 'template-webhook';
  execution_order: null;
}

/** The default message of the migration (PostHog's migration text, not the formatter's). */
const MIGRATION_DEFAULT_FORMAT = '[action.name] triggered by [person]';

// Legacy tokens with a direct Hog equivalent: a string, or [name, url] for a link.
const TOKEN_MAPPINGS: Record<string, string | readonly [string, string]> = {
  '[event]': ['{event.event}', '{event.url}'],
  '[event.link]': '{event.url}',
  '[event.event]': '{event.event}',
  '[event.name]': '{event.event}',
  '[event.uuid]': '{event.uuid}',
  '[person]': ['{person.name}', '{person.url}'],
  '[person.link]': '{person.url}',
  '[person.uuid]': '{person.id}',
  '[user]': ['{person.name}', '{person.url}'],
  '[user.name]': '{person.name}',
  '[user.pathname]': '{event.properties.$pathname}',
  '[user.email]': '{person.properties.email}',
  '[user.distinct_id]': '{person.distinct_id}',
  '[user.host]': '{event.properties.$host}',
  '[user.os]': '{event.properties.$os}',
  '[user.initial_referrer]': '{event.properties.$initial_referrer}',
  '[user.time]': '{event.timestamp}',
};

// The hog source the webhook template runs; destinations here are delivered natively, so it
// is informational (PostHog clients expect the field).
const WEBHOOK_HOG = "fetch(inputs.url, {'headers': inputs.headers, 'body': inputs.body, 'method': inputs.method})";

const WEBHOOK_INPUTS_SCHEMA: Array<Record<string, unknown>> = [
  { key: 'url', type: 'string', label: 'Webhook URL', secret: false, required: true },
  { key: 'method', type: 'choice', label: 'Method', secret: false, required: false, default: 'POST',
    choices: ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'].map((method) => ({ label: method, value: method })) },
  { key: 'body', type: 'json', label: 'JSON Body', secret: false, required: false },
  { key: 'headers', type: 'dictionary', label: 'Headers', secret: false, required: false,
    default: { 'Content-Type': 'application/json' } },
];

/**
 * Why `action` cannot be migrated to a destination, or null when it can. The texts are the
 * messages for the migrate endpoint's 400 response.
 */
export function describeMigrateProblem(action: ActionPayload, webhookUrl: string | null | undefined): string | null {
  if (action.deleted === true) return `action ${action.id} is deleted and cannot be migrated`;
  if (action.post_to_slack !== true) return `action ${action.id} has post_to_slack set to false: there is no webhook to migrate`;
  if (!webhookUrl) return 'the project has no webhook URL set: there is nothing to migrate the notification to';
  return null;
}

/**
 * The destination that replaces `action`'s legacy notification to `webhookUrl`. The message
 * format is carried over as Hog templates; check describeMigrateProblem first.
 */
export function destinationFromAction(
  action: ActionPayload,
  webhookUrl: string,
  options: { id?: string; now?: Date } = {},
): Destination {
  // PostHog's migration tests for "slack" anywhere in the URL, not the formatter's "slack.com".
  const isSlack = webhookUrl.includes('slack');
  const [markdown, text] = convertMessageFormat(action, isSlack);
  const body = isSlack
    ? { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: markdown } }] }
    : { text: markdown };
  const timestamp = (options.now ?? new Date()).toISOString();
  return {
    id: options.id ?? randomUUID(),
    type: 'destination',
    name: `Webhook for action ${action.id} (${action.name ?? 'None'})`,
    description: 'Automatically migrated from legacy action webhooks',
    created_at: timestamp,
    created_by: null,
    updated_at: timestamp,
    enabled: true,
    deleted: false,
    hog: WEBHOOK_HOG,
    inputs_schema: WEBHOOK_INPUTS_SCHEMA,
    inputs: { url: { value: webhookUrl }, method: { value: 'POST' }, body: { value: body } },
    filters: { actions: [{ id: String(action.id), type: 'actions', name: action.name ?? null, order: 0 }] },
    masking: null,
    mappings: null,
    icon_url: '/static/posthog-icon.svg',
    template_id: 'template-webhook',
    execution_order: null,
  };
}

/**
 * `[markdown, text]` Hog templates for `action`'s message format, as PostHog's migration
 * writes them: known tokens mapped, `[action.*]` frozen to the action's name and URL,
 * `[groups.T]` to the group URL, `[user.X]` to `person.properties.$X`, the rest kept as paths.
 */
export function convertMessageFormat(action: ActionPayload, isSlack: boolean): [string, string] {
  const format = (action.slack_message_format || MIGRATION_DEFAULT_FORMAT).replaceAll('{', '\\{');
  const link = (name: string, url: string): string => (isSlack ? `<${url}|${name}>` : `[${name}](${url})`);
  let markdown = format;
  let text = format;
  const replace = (token: string, rich: string, plain: string = rich): void => {
    markdown = markdown.replaceAll(token, rich);
    text = text.replaceAll(token, plain);
  };
  for (const [token] of format.matchAll(/\[[^\]]+\]/g)) {
    const content = token.slice(1, -1);
    const parts = content.split('.');
    const mapped = TOKEN_MAPPINGS[token];
    if (typeof mapped === 'string') replace(token, mapped);
    else if (mapped !== undefined) replace(token, link(mapped[0], mapped[1]), mapped[0]);
    else if (token.startsWith('[action.')) {
      // The action is only a filter of the destination now, so its name and URL are frozen in.
      const actionUrl = `{project.url}/data-management/actions/${action.id}`;
      const name = action.name || 'Action';
      if (parts[1] === 'link') replace(token, actionUrl);
      else replace(token, link(name, actionUrl), name);
    } else if (token.startsWith('[groups.')) {
      replace(token, parts.length === 2 ? `{${content}.url}` : `{${content}}`);
    } else if (token.startsWith('[user.')) {
      replace(token, `{${['person', 'properties', `$${parts[1] ?? ''}`, ...parts.slice(2)].join('.')}}`);
    } else if (token.startsWith('[properties.')) {
      replace(token, `{event.${content}}`);
    } else {
      replace(token, `{${content}}`);
    }
  }
  return [markdown, text];
}

/** Whether `destination` is enabled and subscribed to action `actionId`. */
export function destinationWantsAction(destination: Destination, actionId: number): boolean {
  if (!destination.enabled || destination.deleted) return false;
  return destination.filters.actions.some((filter) => filter.id === String(actionId));
}

/** The request `destination` sends for `event`: its inputs rendered against the event globals. */
export function renderDestinationRequest(destination: Destination, event: WebhookEvent, context: TemplateContext): WebhookRequest {
  const globals = buildTemplateGlobals(event, {
    ...context,
    source: context.source ?? { name: destination.name, url: `${buildProjectUrl(context.siteUrl, context.projectId)}/pipeline/destinations/hog-${destination.id}` },
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  for (const [key, value] of Object.entries(destination.inputs.headers?.value ?? {})) {
    headers[key] = String(renderTemplateValue(value, globals));
  }
  return {
    url: String(renderTemplateValue(destination.inputs.url.value, globals)),
    method: 'POST',
    headers,
    body: JSON.stringify(renderTemplateValue(destination.inputs.body.value, globals)),
  };
}
