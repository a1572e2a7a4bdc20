// Rendering of a destination's inputs for one event: the `{...}` placeholders of Hog template
// strings, filled from the globals PostHog gives destinations (event, person, groups, project,
// source). Only field chains (`{event.properties.$browser}`) are evaluated: that is all that
// migrated notifications contain. Anything else renders as empty text.
import { isPlainObject } from '../event/read-value.js';
import { DEFAULT_DISPLAY_NAME_PROPERTIES, readPath, type WebhookEvent, type WebhookGroup } from './webhook-message.js';
import { buildEventUrl, buildGroupUrl, buildPersonUrl, buildProjectUrl } from './posthog-links.js';
import { stringifyValue } from './webhook-escape.js';

/** What a destination knows about the project and the event besides the event itself. */
export interface TemplateContext {
  siteUrl: string;
  projectId: number | string;
  projectName?: string | null;
  person?: { properties?: Record<string, unknown> | null; uuid?: string | null } | null;
  groups?: Record<string, WebhookGroup> | null;
  displayNameProperties?: readonly string[] | null;
  /** The destination itself, exposed as `source.name` / `source.url`. */
  source?: { name: string; url: string } | null;
}

/** The destination globals for `event`, shaped as PostHog builds them. */
export function buildTemplateGlobals(event: WebhookEvent, context: TemplateContext): Record<string, unknown> {
  const projectUrl = buildProjectUrl(context.siteUrl, context.projectId);
  const distinctId = stringifyValue(event.distinct_id);
  const personProperties = context.person?.properties ?? readObject(event.person, 'properties') ?? event.person_properties ?? {};
  const groups: Record<string, unknown> = {};
  const rawGroups = context.groups ?? event.groups ?? {};
  for (const [type, group] of Object.entries(rawGroups)) {
    if (!isPlainObject(group)) continue;
    const { index, key, properties } = group as Partial<WebhookGroup>;
    groups[type] = { id: key, type, index, properties: properties ?? {}, url: buildGroupUrl(projectUrl, index, key) };
  }
  return {
    event: {
      uuid: event.uuid ?? null,
      event: event.event,
      distinct_id: event.distinct_id ?? null,
      properties: event.properties ?? {},
      elements_chain: event['elements_chain'] ?? '',
      timestamp: event.timestamp ?? null,
      url: buildEventUrl(projectUrl, event.uuid, event.timestamp),
    },
    person: {
      id: context.person?.uuid ?? null,
      properties: personProperties,
      name: displayName(personProperties, context.displayNameProperties, distinctId),
      url: buildPersonUrl(projectUrl, distinctId),
    },
    groups,
    project: { id: context.projectId, name: context.projectName ?? null, url: projectUrl },
    source: context.source ?? null,
  };
}

/** `value` with every string's placeholders filled in, recursively through arrays and objects. */
export function renderTemplateValue(value: unknown, globals: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplateString(value, globals);
  if (Array.isArray(value)) return value.map((item) => renderTemplateValue(item, globals));
  if (value !== null && typeof value === 'object') {
    const rendered: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) rendered[key] = renderTemplateValue(item, globals);
    return rendered;
  }
  return value;
}

/**
 * One template string: `{a.b.c}` is replaced by the value at that path (missing or null =
 * empty, strings as they are, anything else as JSON); `\{` is a literal brace.
 */
export function renderTemplateString(template: string, globals: Record<string, unknown>): string {
  let out = '';
  let index = 0;
  while (index < template.length) {
    const character = template[index];
    if (character === '\\' && template[index + 1] === '{') {
      out += '{';
      index += 2;
      continue;
    }
    if (character === '{') {
      const end = template.indexOf('}', index + 1);
      if (end === -1) {
        out += template.slice(index);
        break;
      }
      out += renderPlaceholder(template.slice(index + 1, end), globals);
      index = end + 1;
      continue;
    }
    out += character;
    index += 1;
  }
  return out;
}

function renderPlaceholder(expression: string, globals: Record<string, unknown>): string {
  const path = expression.split('.').map((part) => part.trim());
  if (path.some((part) => part === '')) return '';
  const value = readPath(globals, path);
  return value === null || value === undefined ? '' : stringifyValue(value);
}

function displayName(properties: Record<string, unknown>, keys: readonly string[] | null | undefined, distinctId: string): string {
  for (const key of keys ?? DEFAULT_DISPLAY_NAME_PROPERTIES) {
    const value = readPath(properties, [key]);
    if (value) return stringifyValue(value).trim();
  }
  return distinctId.trim();
}

function readObject(holder: unknown, key: string): Record<string, unknown> | null {
  const value = readPath(holder, [key]);
  return isPlainObject(value) ? value : null;
}
