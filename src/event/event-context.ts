// The view of one event that programs evaluate against. A matcher owns one context and
// rebinds it for every event, so matching allocates nothing per event for the common fields;
// derived values (the parsed elements chain, in the elements module) are computed lazily and
// shared by every action evaluated on the same event.
import { ElementsChain } from './elements-chain.js';
import { describeKind, isPlainObject, readOwn } from './read-value.js';
import { serializeElements } from './serialize-elements.js';

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
  /** Evaluation time in epoch milliseconds, for relative dates. */
  nowMs: number;
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
    nowMs: 0,
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

/**
 * Points `context` at `event`. Returns false (and leaves the context unusable) when the event
 * is malformed; see describeEventProblem for the reason.
 */
export function bindEvent(context: EventContext, event: unknown, nowMs: number): boolean {
  if (describeEventProblem(event) !== null) return false;
  const raw = event as Record<string, unknown>;
  const properties = readOwn(raw, 'properties') as Record<string, unknown> | null;
  context.name = raw['event'] as string;
  context.properties = properties;
  context.personProperties = readPersonProperties(raw);
  context.groups = readOwn(raw, 'groups') as Record<string, unknown> | null;
  context.distinctId = readOwn(raw, 'distinct_id');
  const chain = readElementsChain(raw, properties);
  context.elementsChainValue = chain;
  context.chain.reset(typeof chain === 'string' ? chain : '');
  context.item = null;
  context.nowMs = nowMs;
  return true;
}

function readPersonProperties(event: Record<string, unknown>): Record<string, unknown> | null {
  const fromPerson = readOwn(readOwn(event, 'person'), 'properties');
  if (isPlainObject(fromPerson)) return fromPerson;
  const flat = readOwn(event, 'person_properties');
  return isPlainObject(flat) ? flat : null;
}

/** PostHog's `elements_chain ?? properties.$elements_chain`, then our `elements` fallback. */
function readElementsChain(event: Record<string, unknown>, properties: Record<string, unknown> | null): unknown {
  const chain = readOwn(event, 'elements_chain');
  if (chain !== null) return chain;
  const fromProperties = readOwn(properties, '$elements_chain');
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
      found = isPlainObject(properties) ? properties : null;
    }
  }
  return found;
}
