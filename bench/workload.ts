// Deterministic benchmark workloads: realistic action sets of any size and a realistic mix of
// events, generated from a seed so every run measures the same thing.

export interface Workload {
  readonly name: string;
  readonly actions: Array<Record<string, unknown> & { id: number }>;
  readonly events: Array<Record<string, unknown>>;
}

export function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    // mulberry32: small, seedable, uniform enough for workloads.
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sections = ['pricing', 'docs', 'blog', 'careers', 'about', 'product', 'features', 'customers', 'changelog', 'integrations'];
const labels = ['Sign up', 'Log in', 'Buy now', 'Add to cart', 'Start free trial', 'Contact sales', 'Learn more', 'Subscribe', 'Download', 'Book a demo'];
const plans = ['free', 'team', 'enterprise', 'scale'];

/** The three-action set the hand-written baseline implements. */
export const threeActions = [
  { id: 1, name: 'Viewed pricing', steps: [{ event: '$pageview', url: '/pricing', url_matching: 'contains' }] },
  { id: 2, name: 'Clicked Sign up', steps: [{ event: '$autocapture', text: 'Sign up', text_matching: 'exact' }] },
  { id: 3, name: 'Big purchase', steps: [{ event: 'purchase', properties: [{ key: 'amount', value: 100, operator: 'gt', type: 'event' }] }] },
];

/** `count` actions: 50 % pageview URL contains, 30 % autocapture clicks, 20 % custom events with filters. */
export function generateActions(count: number, seed = 1): Workload['actions'] {
  if (count === 3) return threeActions;
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const actions: Workload['actions'] = [];
  for (let id = 1; id <= count; id++) {
    const roll = random();
    if (roll < 0.5) {
      const url = random() < 0.1 ? `/${pick(sections)}` : `/${pick(sections)}/page-${Math.floor(random() * count)}`;
      actions.push({ id, name: `Viewed ${url}`, steps: [{ event: '$pageview', url, url_matching: random() < 0.9 ? 'contains' : 'exact' }] });
    } else if (roll < 0.8) {
      const step: Record<string, unknown> = { event: '$autocapture' };
      if (random() < 0.6) {
        step['text'] = `${pick(labels)}${random() < 0.5 ? '' : ` ${Math.floor(random() * count)}`}`;
        step['text_matching'] = random() < 0.5 ? 'exact' : 'contains';
      }
      if (random() < 0.5 || step['text'] === undefined) step['selector'] = `div.section-${Math.floor(random() * 50)} > button.btn-${Math.floor(random() * 20)}`;
      actions.push({ id, name: `Clicked ${String(step['text'] ?? step['selector'])}`, steps: [step] });
    } else {
      const event = `custom_event_${Math.floor(random() * Math.max(10, count / 10))}`;
      const properties =
        random() < 0.5
          ? [{ key: 'amount', value: Math.floor(random() * 500), operator: 'gt', type: 'event' }]
          : [{ key: 'plan', value: pick(plans), operator: 'exact', type: 'person' }, { key: '$browser', value: 'Chrome', operator: 'exact', type: 'event' }];
      actions.push({ id, name: `${event} filtered`, steps: [{ event, properties }] });
    }
  }
  return actions;
}

/** An autocapture chain of about `bytes` bytes, the clicked button first. */
function chain(random: () => number, label: string, bytes: number): string {
  const button = `button.btn.btn-${Math.floor(random() * 20)}:attr__class="btn btn-${Math.floor(random() * 20)}"nth-child="2"nth-of-type="1"text="${label}"`;
  const parts = [button, `div.section-${Math.floor(random() * 50)}:attr__class="section-x"nth-child="1"nth-of-type="1"`];
  let length = parts.join(';').length;
  for (let depth = 0; length < bytes; depth++) {
    const part = `div.layout.flex.items-center.justify-between.depth-${depth}:attr__class="layout flex items-center justify-between depth-${depth}"attr__data-testid="container-${depth}"nth-child="${1 + (depth % 4)}"nth-of-type="1"`;
    parts.push(part);
    length += part.length + 1;
  }
  parts.push('body:nth-child="2"nth-of-type="1"');
  return parts.join(';');
}

/** `count` events: 50 % pageviews, 35 % autocapture clicks with 1–2 KB chains, 15 % custom events. */
export function generateEvents(count: number, seed = 2): Workload['events'] {
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const events: Workload['events'] = [];
  for (let i = 0; i < count; i++) {
    const base = {
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      distinct_id: `user-${Math.floor(random() * 1000)}`,
      timestamp: '2025-01-15T12:00:00.000Z',
      person: { properties: { plan: pick(plans), email: `user${i}@example.com` } },
    };
    const roll = random();
    if (roll < 0.5) {
      const path = random() < 0.3 ? `/${pick(sections)}` : `/${pick(sections)}/page-${Math.floor(random() * 1000)}`;
      events.push({ ...base, event: '$pageview', properties: { $current_url: `https://example.com${path}?utm_source=newsletter`, $browser: 'Chrome', $os: 'Mac OS X', $lib: 'web' } });
    } else if (roll < 0.85) {
      const label = random() < 0.5 ? pick(labels) : `${pick(labels)} ${Math.floor(random() * 1000)}`;
      events.push({
        ...base,
        event: '$autocapture',
        elements_chain: chain(random, label, 1000 + Math.floor(random() * 1000)),
        properties: { $current_url: `https://example.com/${pick(sections)}`, $event_type: 'click', $browser: 'Firefox' },
      });
    } else {
      const event = random() < 0.3 ? 'purchase' : `custom_event_${Math.floor(random() * 100)}`;
      events.push({ ...base, event, properties: { amount: Math.floor(random() * 600), currency: 'USD', $browser: random() < 0.5 ? 'Chrome' : 'Safari' } });
    }
  }
  // Pipelines receive events as JSON: parsed objects have the shapes V8 gives JSON, which is
  // what matching should be measured on (spread-built literals are slower to read).
  return JSON.parse(JSON.stringify(events)) as Workload['events'];
}
