// PostHog's real-time filter path, reproduced for the differential tests: the filter globals
// convertToHogFunctionFilterGlobal builds from an event (plugin-server
// src/cdp/utils/hog-function-filtering.ts), the RE2-backed regex functions hog-exec.ts hands to
// the VM, and the verdict filterFunctionInstrumented draws: a match only for a boolean `true`,
// and no match when the VM throws or reports an error.
import hogvm from '@posthog/hogvm';
import { RE2 } from 're2-wasm';

// re2-wasm frees a compiled pattern only when its wrapper is deleted, so every pattern is
// compiled once and kept; generated tests use a bounded vocabulary of patterns.
const compiled = new Map<string, RE2 | null>();

function re2(pattern: string): RE2 {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RE2(pattern, 'u');
    } catch {
      regex = null;
    }
    compiled.set(pattern, regex);
  }
  if (regex === null) throw new SyntaxError(`invalid RE2 pattern ${pattern}`);
  return regex;
}

/** hog-exec.ts's `external.regex`: node-re2 semantics (values read through String()). */
const external = {
  regex: {
    match: (pattern: string, value: string): boolean => re2(pattern).test(String(value)),
    extract: (pattern: string, value: string): string => {
      const match = re2(pattern).exec(String(value));
      if (match === null) return '';
      return match.length > 1 ? (match[1] ?? '') : (match[0] ?? '');
    },
  },
};

const hrefRegex = new RE2('(?::|")href="(.*?)"', 'u');
const textRegex = new RE2('(?::|")text="(.*?)"', 'gu');
const idRegex = new RE2('(?::|")attr_id="(.*?)"', 'gu');
const elementRegex = new RE2('(?:^|;)(a|button|form|input|select|textarea|label)(?:\\.|$|:)', 'gu');

function distinctCaptures(regex: RE2, chain: string): string[] {
  const found = new Set<string>();
  regex.lastIndex = 0;
  let match: ReturnType<RE2['exec']>;
  while ((match = regex.exec(chain)) !== null) found.add(match[1] ?? '');
  return [...found];
}

interface GroupInput {
  readonly index?: unknown;
  readonly key?: unknown;
  readonly properties?: unknown;
}

/** An event in actionmatch's input shape. */
export interface TestEvent {
  readonly event: string;
  readonly uuid?: string;
  readonly distinct_id?: unknown;
  readonly timestamp?: string;
  readonly properties: Record<string, unknown>;
  readonly elements_chain?: string;
  readonly person?: { readonly id: string; readonly properties: Record<string, unknown> };
  readonly groups?: Record<string, GroupInput>;
}

/** convertToHogFunctionFilterGlobal, from the event, person and groups of the invocation. */
export function filterGlobals(event: TestEvent): Record<string, unknown> {
  const elementsChain: unknown = event.elements_chain ?? event.properties['$elements_chain'];
  const person = event.person;
  const globals: Record<string, unknown> = {
    event: event.event,
    uuid: event.uuid,
    elements_chain: elementsChain,
    elements_chain_href: '',
    elements_chain_texts: [],
    elements_chain_ids: [],
    elements_chain_elements: [],
    timestamp: event.timestamp,
    properties: event.properties,
    person: person ? { id: person.id, properties: person.properties } : null,
    pdi: person ? { distinct_id: event.distinct_id, person_id: person.id, person: { id: person.id, properties: person.properties } } : null,
    distinct_id: event.distinct_id,
    $group_0: null,
    $group_1: null,
    $group_2: null,
    $group_3: null,
    $group_4: null,
    group_0: { properties: {} },
    group_1: { properties: {} },
    group_2: { properties: {} },
    group_3: { properties: {} },
    group_4: { properties: {} },
  };
  for (const group of Object.values(event.groups ?? {})) {
    const groupKey = `group_${String(group.index)}`;
    if (groupKey in globals) globals[groupKey] = { properties: group.properties };
    // PostHog's group `id` is the group key, which actionmatch's event shape calls `key`.
    const idKey = `$group_${String(group.index)}`;
    if (idKey in globals) globals[idKey] = group.key;
  }
  if (elementsChain) {
    const chain = String(elementsChain);
    const cache: Record<string, unknown> = {};
    const lazy = (name: string, compute: () => unknown): PropertyDescriptor => ({
      get: () => (cache[name] ??= compute()),
      enumerable: true,
    });
    Object.defineProperties(globals, {
      elements_chain_href: lazy('href', () => hrefRegex.exec(chain)?.[1] ?? ''),
      elements_chain_texts: lazy('texts', () => distinctCaptures(textRegex, chain)),
      elements_chain_ids: lazy('ids', () => distinctCaptures(idRegex, chain)),
      elements_chain_elements: lazy('elements', () => distinctCaptures(elementRegex, chain)),
    });
  }
  return globals;
}

export interface VmVerdict {
  readonly match: boolean;
  /** The VM's result value, or the error it raised. */
  readonly result: unknown;
}

/** Runs `bytecode` as PostHog's filterFunctionInstrumented does. */
export function runPostHogFilter(bytecode: unknown[], event: TestEvent): VmVerdict {
  try {
    const outcome = hogvm.exec(bytecode, { globals: filterGlobals(event), timeout: 5000, maxAsyncSteps: 0, external });
    if (outcome.error) return { match: false, result: `error: ${String(outcome.error)}` };
    return { match: typeof outcome.result === 'boolean' && outcome.result, result: outcome.result };
  } catch (caught) {
    return { match: false, result: `error: ${caught instanceof Error ? caught.message : String(caught)}` };
  }
}
