// Writes examples/events.ndjson: a deterministic mix of pageviews, autocapture clicks and
// custom events, some matching the example actions and most not. Run: node scripts/generate-example-events.mjs
import { writeFileSync } from 'node:fs';

let seed = 42;
function random() {
  // mulberry32: small, seedable, good enough for sample data.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

const pages = ['/', '/pricing', '/pricing?plan=team', '/blog/launch', '/docs', '/docs/api/actions', '/about', '/signup', '/careers'];
const browsers = ['Chrome', 'Firefox', 'Safari', 'Edge'];
const plans = ['free', 'team', 'enterprise', 'scale', null];
const buttons = [
  'button.btn.btn-primary:attr__class="btn btn-primary"nth-child="3"nth-of-type="1"text="Sign up";form.signup:attr__class="signup"nth-child="1"nth-of-type="1";div.container:nth-child="2"nth-of-type="1";body:nth-child="2"nth-of-type="1"',
  'span:nth-child="1"nth-of-type="1"text="Sign up free";a.nav-cta:attr__class="nav-cta"attr__href="/signup"href="/signup"nth-child="4"nth-of-type="2";nav.top:attr__class="top"nth-child="1"nth-of-type="1";body:nth-child="2"nth-of-type="1"',
  'button.btn.btn-secondary:attr__class="btn btn-secondary"nth-child="2"nth-of-type="1"text="Learn more";div.hero:attr__class="hero"nth-child="1"nth-of-type="1";body:nth-child="2"nth-of-type="1"',
  'a:attr__href="/pricing"href="/pricing"nth-child="2"nth-of-type="2"text="Pricing";li:nth-child="2"nth-of-type="2";ul.menu:attr__class="menu"nth-child="1"nth-of-type="1";nav.top:attr__class="top"nth-child="1"nth-of-type="1";body:nth-child="2"nth-of-type="1"',
  'button.btn.btn-primary:attr__class="btn btn-primary"nth-child="1"nth-of-type="1"text="Subscribe";form.newsletter:attr__class="newsletter"nth-child="5"nth-of-type="1";footer:nth-child="3"nth-of-type="1";body:nth-child="2"nth-of-type="1"',
];

function event(i) {
  const distinct_id = `user-${Math.floor(random() * 300)}`;
  const plan = pick(plans);
  const person = plan === null ? null : { properties: { plan, email: `${distinct_id}@example.com` } };
  const base = { uuid: uuid(), distinct_id, timestamp: new Date(Date.UTC(2025, 0, 1) + i * 37_000).toISOString(), person };
  const roll = random();
  if (roll < 0.45) {
    return { ...base, event: '$pageview', properties: { $current_url: `https://example.com${pick(pages)}`, $browser: pick(browsers) } };
  }
  if (roll < 0.8) {
    return { ...base, event: '$autocapture', elements_chain: pick(buttons), properties: { $event_type: 'click', $current_url: `https://example.com${pick(pages)}` } };
  }
  if (roll < 0.9) return { ...base, event: 'purchase', properties: { amount: Math.round(random() * 25000) / 100, currency: 'USD' } };
  if (roll < 0.95) return { ...base, event: 'signed_up', properties: { $browser: pick(browsers) } };
  return { ...base, event: 'trial_started', properties: { $browser: pick(browsers) } };
}

const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(event(i)));
writeFileSync(new URL('../examples/events.ndjson', import.meta.url), lines.join('\n') + '\n');
console.log(`wrote ${lines.length} events`);
