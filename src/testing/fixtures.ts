// Realistic events for tests, written the way the action they check reads: a pageview of a URL,
// an autocapture click on an element path in CSS-like notation, a custom event. Each carries a
// uuid, a distinct_id and a timestamp, all overridable.
import { randomUUID } from 'node:crypto';
import { ElementsChain } from '../event/elements-chain.js';
import { serializeElements } from '../event/serialize-elements.js';
import { readElementPath, type ElementObject } from './element-path.js';

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
  /** The clicked element's text (`text="…"` in the chain, `$el_text` in the properties), as posthog-js records it: line breaks and runs of spaces become one space, at most 255 characters, trimmed. */
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

/** Longest element text posthog-js records. */
const MAX_TEXT_LENGTH = 255;

/**
 * An element's text as posthog-js records it: line breaks become spaces, runs of spaces one
 * space, cut to 255 characters and trimmed. (PostHog's chain reader finds no text that holds a
 * line break, so a raw multi-line text would never match there.)
 */
function recordedText(text: string): string {
  return text.replace(/[\r\n]/g, ' ').replace(/ +/g, ' ').slice(0, MAX_TEXT_LENGTH).trim();
}

/**
 * An autocapture click on the last element of `path` (`'form.signup > button#go.btn[data-attr="x"]'`):
 * the elements chain PostHog would store for it, innermost element first. Throws a TypeError
 * when the path is not a plain list of elements.
 */
export function autocapture(path: string, options: AutocaptureOptions = {}): FixtureEvent {
  const elements = readElementPath(path);
  const [clicked] = elements;
  const text = options.text === undefined ? undefined : recordedText(options.text);
  if (clicked !== undefined && text !== undefined) clicked.text = text;
  if (options.href !== undefined) {
    const link = elements.find((element) => element.tag_name === 'a') ?? clicked;
    if (link !== undefined) {
      link.href = options.href;
      link.attributes['attr__href'] = options.href;
    }
  }
  const properties: Record<string, unknown> = { ...urlProperties(options.url ?? DEFAULT_URL), $event_type: 'click' };
  if (text !== undefined) properties['$el_text'] = text;
  const event = baseEvent(options.event ?? '$autocapture', { ...properties, ...options.properties }, options);
  event.elements_chain = serializeElements(elements);
  checkChain(path, elements, event.elements_chain);
  return event;
}

/**
 * Throws a TypeError when a value did not survive the chain. The chain escapes quotes but not
 * backslashes (as PostHog writes it), so a value ending in `\` or holding `\"` runs into the
 * next one; such an event would test nothing PostHog can match.
 */
function checkChain(path: string, elements: readonly ElementObject[], raw: string): void {
  const chain = new ElementsChain();
  chain.reset(raw);
  const read = chain.elements();
  elements.forEach((element, index) => {
    const values: Array<[string, string | undefined]> = [['text', element.text], ['href', element.href], ['attr_id', element.attr_id], ...Object.entries(element.attributes)];
    for (const [key, value] of values) {
      if (value === undefined || value === '' || read[index]?.attribute(key) === value) continue;
      const name = key.startsWith('attr__') ? `[${key.slice('attr__'.length)}]` : key === 'attr_id' ? 'id' : key;
      throw new TypeError(
        `element path ${JSON.stringify(path)}: the ${name} value ${JSON.stringify(value)} of <${element.tag_name}> cannot be written in an elements chain, which escapes quotes but not backslashes: a value ending in a backslash, or with a backslash before a quote, runs into the next one`,
      );
    }
  });
}
