// Realistic events for tests, written the way the action they check reads: a pageview of a URL,
// an autocapture click on an element path in CSS-like notation, a custom event. Each carries a
// uuid, a distinct_id and a timestamp, all overridable.
import { randomUUID } from 'node:crypto';
import { serializeElements } from '../event/serialize-elements.js';
import { readElementPath } from './element-path.js';

/** An event as PostHog sends it to destinations, the shape createMatcher and explainMatch read. */
export interface FixtureEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
  elements_chain?: string;
  person?: { properties: Record<string, unknown> };
  groups?: Record<string, { index: number; key?: string; properties: Record<string, unknown> }>;
}

/** Fields of the event itself that a test may set. */
export interface EventOverrides {
  uuid?: string;
  distinct_id?: string;
  timestamp?: string;
  person?: { properties: Record<string, unknown> };
  groups?: Record<string, { index: number; key?: string; properties: Record<string, unknown> }>;
}

export interface AutocaptureOptions extends EventOverrides {
  /** The clicked element's text (`text="…"` in the chain, `$el_text` in the properties). */
  text?: string;
  /** The link's href, set on the innermost `a` of the path (else on the clicked element). */
  href?: string;
  /** The event name, `$autocapture` by default. */
  event?: string;
  /** `$current_url`, `https://example.com/` by default. */
  url?: string;
  /** More properties; they win over the generated ones. */
  properties?: Record<string, unknown>;
}

const DEFAULT_URL = 'https://example.com/';

function baseEvent(event: string, properties: Record<string, unknown>, overrides: EventOverrides): FixtureEvent {
  const built: FixtureEvent = {
    uuid: overrides.uuid ?? randomUUID(),
    event,
    distinct_id: overrides.distinct_id ?? 'user-1',
    timestamp: overrides.timestamp ?? new Date().toISOString(),
    properties,
  };
  if (overrides.person !== undefined) built.person = overrides.person;
  if (overrides.groups !== undefined) built.groups = overrides.groups;
  return built;
}

/** `$current_url` with the `$host` and `$pathname` posthog-js sends beside it (when `url` parses). */
function urlProperties(url: string): Record<string, unknown> {
  try {
    const parsed = new URL(url);
    return { $current_url: url, $host: parsed.host, $pathname: parsed.pathname };
  } catch {
    return { $current_url: url };
  }
}

/** A `$pageview` of `url`. `properties` are added (and win over the generated ones). */
export function pageview(url: string, properties: Record<string, unknown> = {}, overrides: EventOverrides = {}): FixtureEvent {
  return baseEvent('$pageview', { ...urlProperties(url), ...properties }, overrides);
}

/** A custom event `name` with `properties`. */
export function customEvent(name: string, properties: Record<string, unknown> = {}, overrides: EventOverrides = {}): FixtureEvent {
  return baseEvent(name, { ...properties }, overrides);
}

/**
 * An autocapture click on the last element of `path` (`'form.signup > button#go.btn[data-attr="x"]'`):
 * the elements chain PostHog would store for it, innermost element first. Throws a TypeError
 * when the path is not a plain list of elements.
 */
export function autocapture(path: string, options: AutocaptureOptions = {}): FixtureEvent {
  const elements = readElementPath(path);
  const [clicked] = elements;
  if (clicked !== undefined && options.text !== undefined) clicked.text = options.text;
  if (options.href !== undefined) {
    const link = elements.find((element) => element.tag_name === 'a') ?? clicked;
    if (link !== undefined) {
      link.href = options.href;
      link.attributes['attr__href'] = options.href;
    }
  }
  const properties: Record<string, unknown> = { ...urlProperties(options.url ?? DEFAULT_URL), $event_type: 'click' };
  if (options.text !== undefined) properties['$el_text'] = options.text;
  const event = baseEvent(options.event ?? '$autocapture', { ...properties, ...options.properties }, options);
  event.elements_chain = serializeElements(elements);
  return event;
}
