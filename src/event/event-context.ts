// The view of one event that programs evaluate against. A matcher owns one context and
// rebinds it for every event, so matching allocates nothing per event for the common fields;
// derived values (the parsed elements chain, in the elements module) are computed lazily and
// shared by every action evaluated on the same event.
import { ElementsChain } from './elements-chain.js';
import { describeKind, isPlainObject, ownView, readOwn } from './read-value.js';
import { serializeElements } from './serialize-elements.js';
import { serializeSdkElements } from './sdk-elements.js';

/**
 * Longest elements chain (in UTF-16 code units) that is parsed: 1 MiB. A longer chain is
 * treated as having no elements (texts, href, tags and selectors see an empty chain), so one
 * hostile event cannot make every action scan megabytes. A filter on the `$elements_chain`
 * property still reads the raw value.
 */
export const MAX_CHAIN_LENGTH = 1024 * 1024;

export interface EventContext {
  /** The event's name (`event` field). */
  name: string;
  /** `properties`, or null when absent. */
  properties: Record<string, unknown> | null;
  /** `person.properties` or `person_properties`, or null when there is no person. */
  personProperties: Record<string, unknown> | null;
  /** The raw `groups` map (`{type: {index, key, properties}}`), or null. */
  groups: Record<string, unknown> | null;
  /** `distinct_id`, or null. */
  distinctId: unknown;
  /**
   * The chain as PostHog's filter globals carry it: `elements_chain`, else
   * `properties.$elements_chain`, else the `elements` array serialised; null when none.
   */
  elementsChainValue: unknown;
  /** The same chain, parsed lazily; reset for every event and shared by every action. */
  readonly chain: ElementsChain;
  /** The text under test inside ANY_TEXT. */
  item: unknown;
  /** Evaluation time in epoch milliseconds, for relative dates; NaN until first asked (currentTime). */
  nowMs: number;
  /** Where the evaluation time comes from. */
  clock: () => number;
  /** The bound event's own fields, for the rarely read ones (HogQL's `uuid`, `timestamp`, `person.id`). */
  event: Record<string, unknown> | null;
}

export function createEventContext(): EventContext {
  return {
    name: '',
    properties: null,
    personProperties: null,
    groups: null,
    distinctId: null,
    elementsChainValue: null,
    chain: new ElementsChain(),
    item: null,
    nowMs: Number.NaN,
    clock: Date.now,
    event: null,
  };
}

/**
 * Why `event` cannot be matched, or null when it can. Checked before binding so a malformed
 * event matches nothing and the batch paths can report the reason.
 */
export function describeEventProblem(event: unknown): string | null {
  if (!isPlainObject(event)) return `event must be a JSON object, got ${describeKind(event)}`;
  const name = readOwn(event, 'event');
  if (typeof name !== 'string') return `event.event must be a string, got ${describeKind(name)}`;
  for (const field of ['properties', 'person', 'person_properties', 'groups'] as const) {
    const value = readOwn(event, field);
    if (value !== null && !isPlainObject(value)) {
      return `event.${field} must be an object, got ${describeKind(value)}`;
    }
  }
  const chain = readOwn(event, 'elements_chain');
  if (chain !== null && typeof chain !== 'string') {
    return `event.elements_chain must be a string, got ${describeKind(chain)}`;
  }
  const elements = readOwn(event, 'elements');
  if (elements !== null && !Array.isArray(elements)) return `event.elements must be an array, got ${describeKind(elements)}`;
  return null;
}

/** A field that must be a plain object when present: the object, null, or false if it is not one. */
function optionalObject(value: unknown): Record<string, unknown> | null | false {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' && !Array.isArray(value) ? ownView(value as Record<string, unknown>) : false;
}

/**
 * Points `context` at `event`, validating it in the same pass. Returns false (and leaves the
 * context unusable) when the event is malformed; describeEventProblem says why.
 */
export function bindEvent(context: EventContext, event: unknown, clock: () => number): boolean {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  // Plain named reads, each with its own inline cache: none of these names exists on
  // Object.prototype, so for JSON and object literals they read only the event's own fields,
  // at a fraction of the cost of an own-property check.
  const raw = ownView(event as Record<string, unknown>);
  const name = raw['event'];
  if (typeof name !== 'string') return false;
  const properties = optionalObject(raw['properties']);
  const person = optionalObject(raw['person']);
  const personProperties = optionalObject(raw['person_properties']);
  const groups = optionalObject(raw['groups']);
  if (properties === false || person === false || personProperties === false || groups === false) return false;
  const chain = raw['elements_chain'];
  if (chain !== undefined && chain !== null && typeof chain !== 'string') return false;
  const elements = raw['elements'];
  if (elements !== undefined && elements !== null && !Array.isArray(elements)) return false;

  context.name = name;
  context.properties = properties;
  const fromPerson = person === null ? null : readOwn(person, 'properties');
  context.personProperties = isPlainObject(fromPerson) ? ownView(fromPerson) : personProperties;
  context.groups = groups;
  context.distinctId = raw['distinct_id'] ?? null;
  const chainValue = typeof chain === 'string' ? chain : readElementsChain(raw, properties);
  context.elementsChainValue = chainValue;
  context.chain.reset(typeof chainValue === 'string' && chainValue.length <= MAX_CHAIN_LENGTH ? chainValue : '');
  context.item = null;
  context.clock = clock;
  context.nowMs = Number.NaN;
  context.event = raw;
  return true;
}

/** The evaluation time of the bound event, read from the clock once, on first use. */
export function currentTime(context: EventContext): number {
  if (Number.isNaN(context.nowMs)) context.nowMs = context.clock();
  return context.nowMs;
}

/**
 * PostHog's `elements_chain ?? properties.$elements_chain`; as its ingestion does, posthog-js's
 * `$elements` when `$elements_chain` is empty or missing; then our `elements` fallback.
 */
function readElementsChain(event: Record<string, unknown>, properties: Record<string, unknown> | null): unknown {
  const fromProperties = readOwn(properties, '$elements_chain');
  if (typeof fromProperties === 'string' && fromProperties !== '') return fromProperties;
  const sdkElements = readOwn(properties, '$elements');
  if (Array.isArray(sdkElements) && sdkElements.length > 0) return serializeSdkElements(sdkElements);
  if (fromProperties !== null) return fromProperties;
  const elements = readOwn(event, 'elements');
  return Array.isArray(elements) && elements.length > 0 ? serializeElements(elements) : null;
}

/**
 * The properties of the group whose `index` is `index`, or null. When two group types claim
 * the same index, the last one wins, as in PostHog's filter globals.
 */
export function findGroupProperties(groups: Record<string, unknown> | null, index: number): Record<string, unknown> | null {
  if (groups === null) return null;
  let found: Record<string, unknown> | null = null;
  for (const type in groups) {
    if (!Object.hasOwn(groups, type)) continue;
    const group = groups[type];
    if (isPlainObject(group) && readOwn(group, 'index') === index) {
      const properties = readOwn(group, 'properties');
      found = isPlainObject(properties) ? ownView(properties) : null;
    }
  }
  return found;
}
