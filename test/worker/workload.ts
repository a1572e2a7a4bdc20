// A deterministic multi-project workload for the worker tests and the benchmark: actions for a
// few projects (team_id set, as the Actions API gives them), events spread over those projects
// and one without actions, half in PostHog's pipeline shape (properties as JSON text), and a
// sprinkling of messages that are not events. The expected answers come from `actionmatch match`
// over each project's events with that project's actions, not from this file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLines, runCli } from '../cli/run-cli.js';

export const TEAMS_WITH_ACTIONS = [2, 3, 5, 7] as const;
export const TEAM_WITHOUT_ACTIONS = 11;

export function workloadActions(): Array<Record<string, unknown>> {
  const actions: Array<Record<string, unknown>> = [];
  let id = 100;
  for (const team of TEAMS_WITH_ACTIONS) {
    const add = (name: string, steps: unknown[]): void => void actions.push({ id: id++, team_id: team, name, steps });
    add('Signed up', [{ event: 'signup' }]);
    add('Pricing page', [{ event: '$pageview', url: '/pricing', url_matching: 'contains' }]);
    add('Docs by regex', [{ event: '$pageview', url: `^https://t${team}\\.example\\.com/docs/`, url_matching: 'regex' }]);
    add('Big purchase', [{ event: 'purchase', properties: [{ key: 'amount', value: 50 * team, operator: 'gt', type: 'event' }] }]);
    add('Pro plan', [{ event: null, properties: [{ key: 'plan', value: ['pro', 'team'], operator: 'exact', type: 'event' }] }]);
    add('Acme people', [{ event: 'signup', properties: [{ key: 'email', value: '@acme.com', operator: 'icontains', type: 'person' }] }, { event: 'purchase', properties: [{ key: 'email', value: '@acme.com', operator: 'icontains', type: 'person' }] }]);
    add('Buy button', [{ event: '$autocapture', text: 'Buy', selector: 'button.cta' }]);
    add('Footer link', [{ event: '$autocapture', href: '/careers', href_matching: 'contains', selector: 'footer a' }]);
  }
  return actions;
}

/** A small seeded generator (mulberry32): the same events on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const paths = ['/', '/pricing', '/docs/start', '/docs/api', '/blog/pricing-update', '/about'];
const chains = [
  'button.cta.primary:text="Buy"nth-child="2"nth-of-type="1";div.hero:nth-child="1"nth-of-type="1"',
  'button.secondary:text="Buy"nth-child="1"nth-of-type="1"',
  'a:href="/careers"text="Careers"nth-child="3"nth-of-type="3";footer:nth-child="5"nth-of-type="1"',
  'a:href="/careers"text="Jobs"nth-child="1"nth-of-type="1";nav:nth-child="1"nth-of-type="1"',
];
const names = ['$pageview', '$pageview', '$autocapture', 'signup', 'purchase', 'logout'];

export interface Workload {
  /** The messages as sent to the broker, in order. */
  readonly messages: string[];
  /** uuid → the event in actionmatch's own shape, for the CLI. */
  readonly events: Map<string, Record<string, unknown>>;
  /** Messages that are not events. */
  readonly deadLetters: number;
}

/** `count` messages; every 997th is not an event. */
export function generateWorkload(count: number, seed = 18): Workload {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const teams = [...TEAMS_WITH_ACTIONS, TEAM_WITHOUT_ACTIONS];
  const messages: string[] = [];
  const events = new Map<string, Record<string, unknown>>();
  let deadLetters = 0;
  for (let i = 0; i < count; i++) {
    if (i % 997 === 500) {
      messages.push(i % 2 === 0 ? `{"uuid": "broken-${i}", "event": ` : JSON.stringify({ uuid: `orphan-${i}`, event: 'signup' }));
      deadLetters++;
      continue;
    }
    const team = pick(teams);
    const name = pick(names);
    const uuid = `evt-${seed}-${i}`;
    const properties: Record<string, unknown> = { $current_url: `https://t${pick([team, team, 9])}.example.com${pick(paths)}` };
    if (next() < 0.3) properties['plan'] = pick(['free', 'pro', 'team', 'Pro']);
    if (name === 'purchase') properties['amount'] = Math.floor(next() * 600);
    const event: Record<string, unknown> = { uuid, event: name, distinct_id: `user-${Math.floor(next() * 500)}`, team_id: team, timestamp: '2026-11-20T10:00:00Z', properties };
    if (next() < 0.5) event['person_properties'] = { email: `${pick(['ann', 'bob', 'cy'])}@${pick(['acme.com', 'ACME.COM', 'other.org'])}` };
    if (name === '$autocapture') event['elements_chain'] = pick(chains);
    events.set(uuid, event);
    // Half as PostHog's pipeline carries events: properties and person properties as JSON text.
    const shaped = i % 2 === 1 ? { ...event, properties: JSON.stringify(properties), ...(event['person_properties'] === undefined ? {} : { person_properties: JSON.stringify(event['person_properties']) }) } : event;
    messages.push(JSON.stringify(shaped));
  }
  return { messages, events, deadLetters };
}

/** Writes the actions file the workers read (every project's actions in one file). */
export function writeActions(dir: string): string {
  const path = join(dir, 'actions.json');
  writeFileSync(path, JSON.stringify(workloadActions()));
  return path;
}

/**
 * What `actionmatch match` answers for each event, project by project (uuid → action ids): the
 * reference the worker's results must equal.
 */
export function expectedByCli(workload: Workload, dir: string): Map<string, number[]> {
  const expected = new Map<string, number[]>();
  const actions = workloadActions();
  for (const team of [...TEAMS_WITH_ACTIONS, TEAM_WITHOUT_ACTIONS]) {
    const events = [...workload.events.values()].filter((event) => event['team_id'] === team);
    const actionsFile = join(dir, `actions-${team}.json`);
    writeFileSync(actionsFile, JSON.stringify(actions.filter((action) => action['team_id'] === team)));
    const eventsFile = join(dir, `events-${team}.ndjson`);
    writeFileSync(eventsFile, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
    const run = runCli(['match', '--actions', actionsFile, '--events', eventsFile]);
    if (run.status !== 0) throw new Error(`actionmatch match failed: ${run.stderr}`);
    for (const line of jsonLines(run.stdout) as Array<{ uuid: string; action_ids: number[] }>) expected.set(line.uuid, line.action_ids);
  }
  return expected;
}
