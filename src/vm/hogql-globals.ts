// The filter globals PostHog's real-time path builds from an event
// (convertToHogFunctionFilterGlobal, plugin-server/src/cdp/utils/hog-function-filtering.ts), read
// from the bound event context: a HogQL field is one of these roots followed along its chain.
// Roots are built only when an expression reads them.
import type { EventContext } from '../event/event-context.js';
import { isPlainObject, readOwn } from '../event/read-value.js';
import { walk } from './hogql-access.js';
import { toHogValue } from './hogql-values.js';

/** The globals an expression may name; any other name fails in PostHog's VM. */
export const filterGlobalNames: ReadonlySet<string> = new Set([
  'event',
  'uuid',
  'elements_chain',
  'elements_chain_href',
  'elements_chain_texts',
  'elements_chain_ids',
  'elements_chain_elements',
  'timestamp',
  'properties',
  'person',
  'pdi',
  'distinct_id',
  ...[0, 1, 2, 3, 4].flatMap((index) => [`$group_${index}`, `group_${index}`]),
]);

const elementTagPattern = /(?:^|;)(a|button|form|input|select|textarea|label)(?:\.|$|:)/g;

/** elements_chain_elements: the distinct interactive tags, by PostHog's regex over the raw chain. */
function chainElements(chain: string): string[] {
  const found = new Set<string>();
  for (const match of chain.matchAll(elementTagPattern)) found.add(match[1] ?? '');
  return [...found];
}

/** The person as the globals hold it, or null when the event has none. */
function person(context: EventContext): Record<string, unknown> | null {
  const raw = readOwn(context.event, 'person');
  const hasPerson = isPlainObject(raw) || isPlainObject(readOwn(context.event, 'person_properties'));
  return hasPerson ? { id: readOwn(raw, 'id'), properties: context.personProperties } : null;
}

/** The group of `index` (the last one claiming it, as PostHog's loop leaves it), or null. */
function group(context: EventContext, index: number): Record<string, unknown> | null {
  let found: Record<string, unknown> | null = null;
  const groups = context.groups;
  if (groups === null) return null;
  for (const type in groups) {
    const entry = Object.hasOwn(groups, type) ? groups[type] : null;
    if (isPlainObject(entry) && readOwn(entry, 'index') === index) found = entry;
  }
  return found;
}

function root(context: EventContext, name: string): unknown {
  const chain = typeof context.elementsChainValue === 'string' && context.elementsChainValue !== '' ? context.chain : null;
  switch (name) {
    case 'event':
      return context.name;
    case 'uuid':
    case 'timestamp':
      return readOwn(context.event, name);
    case 'elements_chain':
      return context.elementsChainValue;
    case 'elements_chain_href':
      return chain === null ? '' : chain.href();
    case 'elements_chain_texts':
      return chain === null ? [] : [...chain.texts()];
    case 'elements_chain_ids':
      return chain === null ? [] : [...chain.ids()];
    case 'elements_chain_elements':
      return chain === null ? [] : chainElements(chain.raw);
    case 'properties':
      return context.properties;
    case 'person':
      return person(context);
    case 'pdi': {
      const found = person(context);
      return found === null ? null : { distinct_id: context.distinctId, person_id: found['id'], person: found };
    }
    case 'distinct_id':
      return context.distinctId;
  }
  const index = Number(name.slice(name.indexOf('_') + 1));
  const entry = group(context, index);
  if (name.startsWith('$')) return entry === null ? null : readOwn(entry, 'key');
  return { properties: entry === null ? {} : (readOwn(entry, 'properties') ?? null) };
}

/** GET_GLOBAL of `name.chain…`: the value read, converted to the VM's representation. */
export function readGlobal(context: EventContext, name: string, chain: readonly unknown[]): unknown {
  const start = root(context, name);
  return toHogValue(chain.length === 0 ? start : walk(start, chain, true));
}
