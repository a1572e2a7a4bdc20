// PostHog's own real-time path, as a baseline: every action exported with toHogBytecode and
// executed by @posthog/hogvm against filter globals built once per event, the way PostHog's
// plugin server builds them (convertToHogFunctionFilterGlobal). Regexes run on V8 RegExp with a
// per-pattern cache — faster than the RE2 binding PostHog uses, so this baseline flatters PostHog.
import hogvm from '@posthog/hogvm';
import { toHogBytecode } from '../src/import.js';

const regexCache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    const caseInsensitive = pattern.startsWith('(?i)');
    regex = new RegExp(caseInsensitive ? pattern.slice(4) : pattern, caseInsensitive ? 'i' : '');
    regexCache.set(pattern, regex);
  }
  return regex;
}

const external = {
  regex: {
    match: (pattern: string, value: string): boolean => toRegExp(pattern).test(String(value)),
  },
};

function distinct(regex: RegExp, chain: string): string[] {
  const found = new Set<string>();
  for (const match of chain.matchAll(regex)) found.add(match[1] ?? '');
  return [...found];
}

/** The globals PostHog's VM reads, computed once per event; chain values lazily, as PostHog does. */
function filterGlobals(event: Record<string, unknown>): Record<string, unknown> {
  const properties = (event['properties'] ?? {}) as Record<string, unknown>;
  const person = event['person'] as { properties?: unknown } | null | undefined;
  const chain = (event['elements_chain'] ?? properties['$elements_chain']) as string | undefined;
  const globals: Record<string, unknown> = {
    event: event['event'],
    elements_chain: chain,
    elements_chain_href: '',
    elements_chain_texts: [],
    elements_chain_ids: [],
    elements_chain_elements: [],
    timestamp: event['timestamp'],
    properties,
    person: person ? { id: 'person', properties: person.properties ?? {} } : null,
    pdi: null,
    distinct_id: event['distinct_id'],
    group_0: { properties: {} },
    group_1: { properties: {} },
    group_2: { properties: {} },
    group_3: { properties: {} },
    group_4: { properties: {} },
  };
  if (chain) {
    const cache: Record<string, unknown> = {};
    Object.defineProperties(globals, {
      elements_chain_href: { get: () => (cache['href'] ??= /(?::|")href="(.*?)"/.exec(chain)?.[1] ?? '') },
      elements_chain_texts: { get: () => (cache['texts'] ??= distinct(/(?::|")text="(.*?)"/g, chain)) },
      elements_chain_ids: { get: () => (cache['ids'] ??= distinct(/(?::|")attr_id="(.*?)"/g, chain)) },
      elements_chain_elements: { get: () => (cache['elements'] ??= distinct(/(?:^|;)(a|button|form|input|select|textarea|label)(?:\.|$|:)/g, chain)) },
    });
  }
  return globals;
}

export function createPosthogMatcher(actions: ReadonlyArray<Record<string, unknown> & { id: number }>): { match(event: Record<string, unknown>): number[] } {
  const programs = actions.flatMap((action) => {
    const { bytecode } = toHogBytecode(action);
    return bytecode === null ? [] : [{ id: action.id, bytecode }];
  });
  return {
    match(event) {
      const globals = filterGlobals(event);
      const matched: number[] = [];
      for (const program of programs) {
        const result = hogvm.exec(program.bytecode, { globals, external });
        if (result.result === true) matched.push(program.id);
      }
      return matched;
    },
  };
}
