// The workloads of the per-kind benchmark (bench/run.ts), each a deterministic generator of
// `count` actions over a fixed set of events of the three kinds (pageview, autocapture click,
// custom event), parsed from JSON as a pipeline receives them. They exist to catch what one
// realistic mix hides:
// (a) overlap: thousands of actions sharing URL prefixes, `tag.class` selectors and button texts,
//     the way real teams' actions do, so that one event matches hundreds of them;
// (b) regexes: URL, href, text and property regexes, literal (`/pricing/alph`) and not;
// (c) selectors: selector-heavy actions on 10–20 element chains where every element carries
//     `nth-child` / `nth-of-type` and usually `attr__class`;
// (d) realistic: the mix of bench/workload.ts.
import { createRandom, generateActions, generateEvents, type Workload } from './workload.js';

export type EventKind = 'pageview' | 'autocapture' | 'custom';
export const EVENT_KINDS: readonly EventKind[] = ['pageview', 'autocapture', 'custom'];

export interface WorkloadSuite {
  readonly name: string;
  readonly description: string;
  readonly actions: (count: number) => Workload['actions'];
  /** Events by kind, each list the same length. */
  readonly events: Readonly<Record<EventKind, Workload['events']>>;
}

/** Events of each kind per workload: every timed task matches one kind's whole list. */
export const EVENTS_PER_KIND = 200;

type Random = () => number;
const pickWith = (random: Random) => <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const sections = ['docs', 'pricing', 'blog', 'app', 'careers', 'product', 'customers', 'changelog'];
const labels = ['Sign up', 'Log in', 'Buy now', 'Add to cart', 'Start free trial', 'Contact sales', 'Learn more', 'Subscribe', 'Download', 'Book a demo', 'Save', 'Cancel'];
const classPool = ['btn', 'btn-primary', 'btn-lg', 'row', 'col', 'card', 'flex', 'items-center', 'px-4', 'py-2', 'text-sm', 'font-medium', 'container', 'nav-item', 'menu', 'header', 'section', 'grid', 'gap-4', 'rounded', 'shadow', 'hero', 'cta', 'footer', 'sidebar'];
const containerTags = ['div', 'div', 'div', 'section', 'nav', 'main', 'header', 'li', 'ul', 'form'];
const clickedTags = ['button', 'a', 'span', 'svg', 'button', 'a'];
const plans = ['free', 'team', 'enterprise', 'scale'];
const browsers = ['Chrome', 'Firefox', 'Safari', 'Edge'];
const customNames = ['purchase', 'signed_up', 'invite_sent', 'report_viewed', 'export_started', 'plan_changed', 'feature_used', 'comment_added'];

function escapeChainValue(value: string): string {
  return value.replaceAll('"', '\\"');
}

/** One chain element as posthog-js writes it: tag, sorted classes, sorted attributes. */
function element(tag: string, classes: readonly string[], attributes: Record<string, string>): string {
  const sorted = [...new Set(classes)].sort();
  const head = tag + sorted.map((name) => '.' + name).join('');
  const all: Record<string, string> = { ...attributes };
  if (sorted.length > 0) all['attr__class'] = sorted.join(' ');
  const keys = Object.keys(all).sort();
  return head + ':' + keys.map((key) => `${key}="${escapeChainValue(all[key] as string)}"`).join('');
}

/**
 * A realistic chain of 10–20 elements, about 1.5 KB: every element has nth-child and
 * nth-of-type, most carry classes (hence attr__class), some a data-attr or an id; the clicked
 * element has a text and, for links, an href.
 */
export function realisticChain(random: Random, label: string): string {
  const pick = pickWith(random);
  const depth = 10 + Math.floor(random() * 11);
  const parts: string[] = [];
  const clicked = pick(clickedTags);
  const clickedAttributes: Record<string, string> = { 'nth-child': String(1 + Math.floor(random() * 4)), 'nth-of-type': String(1 + Math.floor(random() * 2)), text: label };
  if (clicked === 'a') {
    clickedAttributes['href'] = `/${pick(sections)}/${pick(['alpha', 'beta', 'gamma'])}-${Math.floor(random() * 40)}`;
    clickedAttributes['attr__href'] = clickedAttributes['href'];
  }
  if (random() < 0.3) clickedAttributes['attr__data-attr'] = `cta-${Math.floor(random() * 30)}`;
  if (random() < 0.2) clickedAttributes['attr_id'] = `el-${Math.floor(random() * 30)}`;
  parts.push(element(clicked, clicked === 'button' ? ['btn', pick(['btn-primary', 'btn-lg', 'cta']), `btn-${Math.floor(random() * 20)}`] : [pick(classPool)], clickedAttributes));
  for (let level = 1; level < depth - 1; level++) {
    const classes = random() < 0.85 ? Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(classPool)) : [];
    if (random() < 0.4) classes.push(`section-${Math.floor(random() * 50)}`);
    const attributes: Record<string, string> = { 'nth-child': String(1 + Math.floor(random() * 6)), 'nth-of-type': String(1 + Math.floor(random() * 3)) };
    if (random() < 0.15) attributes['attr__data-testid'] = `container-${level}`;
    if (random() < 0.05) attributes['attr_id'] = `region-${Math.floor(random() * 20)}`;
    parts.push(element(pick(containerTags), classes, attributes));
  }
  parts.push(element('body', [], { 'nth-child': '2', 'nth-of-type': '1' }));
  return parts.join(';');
}

function person(random: Random, i: number): Record<string, unknown> {
  return { properties: { plan: pickWith(random)(plans), email: `user${i}@${random() < 0.7 ? 'example.com' : 'corp.io'}` } };
}

/** EVENTS_PER_KIND events of each kind, the same for the overlap, regex and selector workloads. */
function sharedEvents(seed: number): Record<EventKind, Workload['events']> {
  const random = createRandom(seed);
  const pick = pickWith(random);
  const byKind: Record<EventKind, Workload['events']> = { pageview: [], autocapture: [], custom: [] };
  for (let i = 0; i < EVENTS_PER_KIND; i++) {
    const base = { uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, distinct_id: `user-${i}`, timestamp: '2025-01-15T12:00:00.000Z' };
    const path = random() < 0.5 ? `/${pick(sections)}/alpha-${Math.floor(random() * 40)}` : `/${pick(sections)}/${pick(['beta', 'gamma', 'page'])}-${Math.floor(random() * 200)}`;
    byKind.pageview.push({ ...base, event: '$pageview', person: person(random, i), properties: { $current_url: `https://example.com${path}?utm_source=${pick(['newsletter', 'ads', 'direct'])}`, $browser: pick(browsers), $os: 'Mac OS X', $lib: 'web', $referrer: 'https://www.google.com/' } });
    const label = random() < 0.6 ? pick(labels) : `${pick(labels)} ${Math.floor(random() * 100)}`;
    byKind.autocapture.push({
      ...base,
      event: '$autocapture',
      person: person(random, i),
      elements_chain: realisticChain(random, label),
      properties: { $current_url: `https://example.com/${pick(sections)}/alpha-${Math.floor(random() * 40)}`, $event_type: 'click', $browser: pick(browsers) },
    });
    byKind.custom.push({ ...base, event: pick(customNames), person: person(random, i), properties: { amount: Math.floor(random() * 600), currency: 'USD', $browser: pick(browsers), source: pick(['web', 'api', 'import']) } });
  }
  return JSON.parse(JSON.stringify(byKind)) as Record<EventKind, Workload['events']>;
}

/** (a) Small pools of URL prefixes, selectors and texts: at 10,000 actions an event matches hundreds. */
function overlapActions(count: number, seed = 11): Workload['actions'] {
  const random = createRandom(seed);
  const pick = pickWith(random);
  const urls = [...sections.map((s) => `/${s}`), ...sections.map((s) => `/${s}/alpha-`), '/docs/alpha-1', '/docs/alpha-2', '/pricing/alph', '/blog/beta-', 'utm_source=ads'];
  const selectors = ['div.row', 'button.btn', 'div.card button', 'nav a', 'div.row > button.btn', 'button.btn-primary', 'div.flex button.btn', 'li.nav-item > a', 'form button', 'div.container div.row', 'header.header a', '[data-attr="cta-3"]', '#el-4'];
  const actions: Workload['actions'] = [];
  for (let id = 1; id <= count; id++) {
    const roll = random();
    if (roll < 0.4) {
      actions.push({ id, steps: [{ event: '$pageview', url: pick(urls), url_matching: random() < 0.85 ? 'contains' : 'regex' }] });
    } else if (roll < 0.8) {
      const step: Record<string, unknown> = { event: '$autocapture' };
      const form = random();
      if (form < 0.4 || form >= 0.8) step['selector'] = pick(selectors);
      if (form >= 0.4) {
        step['text'] = pick(labels);
        step['text_matching'] = random() < 0.7 ? 'exact' : 'contains';
      }
      if (random() < 0.2) step['url'] = `/${pick(sections)}`;
      actions.push({ id, steps: [step] });
    } else {
      const properties: Array<Record<string, unknown>> = random() < 0.5 ? [{ key: 'amount', value: 50 * Math.floor(random() * 10), operator: 'gt', type: 'event' }] : [{ key: 'plan', value: pick(plans), operator: 'exact', type: 'person' }];
      if (random() < 0.3) properties.push({ key: '$browser', value: pick(browsers), operator: 'exact', type: 'event' });
      actions.push({ id, steps: [{ event: pick(customNames), properties }] });
    }
  }
  return actions;
}

/** (b) Regexes everywhere: literal ones, ones with a required literal, and ones with none. */
function regexActions(count: number, seed = 12): Workload['actions'] {
  const random = createRandom(seed);
  const pick = pickWith(random);
  const n = (): number => Math.floor(random() * Math.max(40, count / 20));
  const urlPatterns = [
    () => `/${pick(sections)}/alph`,
    () => `/${pick(sections)}/alpha-${n()}$`,
    () => `^https://example\\.com/${pick(sections)}/`,
    () => `/${pick(sections)}/(beta|gamma)-[0-9]+`,
    () => `(?i)/${pick(sections).toUpperCase()}/`,
    () => `utm_source=(ads|newsletter)`,
    () => `^https?://[^/]+/(app|docs)/page-${n()}`,
    () => `\\?utm_[a-z]+=`,
    () => `[0-9]{3}$`,
  ];
  const actions: Workload['actions'] = [];
  for (let id = 1; id <= count; id++) {
    const roll = random();
    if (roll < 0.45) {
      actions.push({ id, steps: [{ event: '$pageview', url: pick(urlPatterns)(), url_matching: 'regex' }] });
    } else if (roll < 0.75) {
      const step: Record<string, unknown> = { event: '$autocapture' };
      if (random() < 0.5) {
        step['href'] = random() < 0.5 ? `^/${pick(sections)}/alpha-${n()}` : `/(alpha|beta)-[0-9]*${Math.floor(random() * 10)}$`;
        step['href_matching'] = 'regex';
      } else {
        step['text'] = random() < 0.5 ? `^${pick(labels)}( [0-9]+)?$` : `(?i)${pick(labels).split(' ')[0] as string}`;
        step['text_matching'] = 'regex';
      }
      actions.push({ id, steps: [step] });
    } else {
      const properties =
        random() < 0.5
          ? [{ key: 'email', value: random() < 0.5 ? '@example\\.com$' : `^user${n()}@`, operator: 'regex', type: 'person' }]
          : [{ key: '$browser', value: random() < 0.5 ? `^(${pick(browsers)}|Edge)$` : `${pick(browsers).slice(1, 4)}`, operator: 'regex', type: 'event' }];
      actions.push({ id, steps: [{ event: pick(customNames), properties }] });
    }
  }
  return actions;
}

/** (c) Selectors of every supported shape, some with texts or tags besides. */
function selectorActions(count: number, seed = 13): Workload['actions'] {
  const random = createRandom(seed);
  const pick = pickWith(random);
  const k = (limit: number): number => Math.floor(random() * limit);
  const shapes = [
    () => `button.btn-${k(20)}`,
    () => `[data-attr="cta-${k(30)}"]`,
    () => `#el-${k(30)}`,
    () => `${pick(containerTags)}.${pick(classPool)}`,
    () => `div.section-${k(50)} > button.btn`,
    () => `div.section-${k(50)} button`,
    () => `nav.${pick(classPool)} a`,
    () => `li:nth-child(${1 + k(4)}) > a`,
    () => `div.${pick(classPool)} > div.${pick(classPool)} > ${pick(clickedTags)}`,
    () => `[data-testid="container-${1 + k(12)}"] ${pick(clickedTags)}`,
    () => `section.hero button.btn-primary`,
    () => `a.${pick(classPool)}:nth-of-type(${1 + k(2)})`,
  ];
  const actions: Workload['actions'] = [];
  for (let id = 1; id <= count; id++) {
    const roll = random();
    if (roll < 0.1) {
      actions.push({ id, steps: [{ event: '$pageview', url: `/${pick(sections)}/alpha-${k(40)}` }] });
    } else if (roll < 0.9) {
      const step: Record<string, unknown> = { event: '$autocapture', selector: pick(shapes)() };
      if (random() < 0.2) step['tag_name'] = pick(clickedTags);
      if (random() < 0.2) step['text'] = pick(labels);
      actions.push({ id, steps: [step] });
    } else {
      actions.push({ id, steps: [{ event: pick(customNames), properties: [{ key: 'amount', value: k(600), operator: 'lt', type: 'event' }] }] });
    }
  }
  return actions;
}

function kindOf(event: Record<string, unknown>): EventKind {
  return event['event'] === '$pageview' ? 'pageview' : event['event'] === '$autocapture' ? 'autocapture' : 'custom';
}

/** (d) bench/workload.ts's mix, its events split by kind and cut to the same length. */
function realisticEvents(): Record<EventKind, Workload['events']> {
  const byKind: Record<EventKind, Workload['events']> = { pageview: [], autocapture: [], custom: [] };
  for (const event of generateEvents(EVENTS_PER_KIND * 8)) {
    const list = byKind[kindOf(event)];
    if (list.length < EVENTS_PER_KIND) list.push(event);
  }
  return byKind;
}

export function createWorkloadSuites(): WorkloadSuite[] {
  const events = sharedEvents(21);
  return [
    { name: 'overlap', description: 'shared URL prefixes, tag.class selectors and texts', actions: overlapActions, events },
    { name: 'regex', description: 'URL, href, text and property regexes, literal and not', actions: regexActions, events },
    { name: 'selectors', description: 'selector-heavy, on chains where every element has nth-child/nth-of-type/attr__class', actions: selectorActions, events },
    { name: 'realistic', description: 'the mix of bench/workload.ts', actions: (count) => generateActions(count), events: realisticEvents() },
  ];
}
