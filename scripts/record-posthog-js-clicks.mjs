// Records autocapture events from the real posthog-js SDK: a page in happy-dom, a click on every
// element of it, each event as posthog-js would send it (its `$elements` and its own
// `$elements_chain`), one JSON line each. The recording is test data (test/event/data/): the
// SDK is not a dependency of actionmatch, so run this where it is installed:
//   cd "$(mktemp -d)" && npm install posthog-js@1.449.2 happy-dom@21.0.4
//   node /path/to/actionmatch/scripts/record-posthog-js-clicks.mjs > /path/to/actionmatch/test/event/data/posthog-js-clicks.ndjson
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const { Window } = require('happy-dom');

const page = `<!doctype html><html><head><title>Shop</title></head><body>
<nav class="top  sticky" id="nav"><ul class="menu"><li><a href="/pricing" class="nav-link">Pricing</a></li>
<li><a href="/docs?x=1&y=2" data-attr="docs-link" class="nav-link active">Docs <span class="badge">new</span></a></li>
<li><a href="https://example.com/blog" target="_blank" rel="noopener">Blog</a></li></ul></nav>
<main><section class="hero" data-section="hero"><h1>Buy "now"</h1>
<button class="btn btn-primary" id="buy" type="button" data-attr="buy-button" aria-label="Buy it">Buy <b>now</b></button>
<button class="btn" type="submit"><svg class="icon" viewBox="0 0 10 10"><path d="M0 0h10v10H0z"></path></svg> Icon button</button>
<a class="cta" href="/signup" id="signup-link"><span class="label">Sign up free</span></a></section>
<form class="signup" id="form" action="/signup"><label for="email">Email</label><input id="email" name="email" type="email" class="field">
<select name="plan" class="field"><option value="free">Free</option><option value="pro">Pro</option></select>
<textarea name="note" class="field"></textarea><input type="submit" value="Send" class="btn btn-secondary"></form>
<div class="cards"><div class="card" data-id="1"><p>First card with a long text that goes on and on to be cut</p><button class="btn small">More</button></div>
<div class="card" data-id="2" title="Second &quot;card&quot;"><p>Second</p><button class="btn small" data-ph-capture-attribute-plan="pro">More</button></div></div>
<ul class="list"><li>one</li><li class="x">two</li><li>three <a href="#three">link</a></li></ul>
<footer><a href="mailto:hi@example.com">Mail</a> <button class="Btn UPPER mixed" id="Case">Case</button></footer></main></body></html>`;

const window = new Window({ url: 'https://shop.example.com/pricing?plan=team' });
window.document.write(page);
// posthog-js walks `element.attributes` with for…in, which in a browser yields only the indices;
// happy-dom's NamedNodeMap has other own fields. An array of the same Attr nodes reads as a browser's.
const attributes = Object.getOwnPropertyDescriptor(window.Element.prototype, 'attributes');
Object.defineProperty(window.Element.prototype, 'attributes', { get() { return Array.from(attributes.get.call(this)); }, configurable: true });
for (const name of ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'XMLHttpRequest', 'Node', 'HTMLElement', 'Element', 'MouseEvent', 'Event', 'CustomEvent', 'MutationObserver', 'screen', 'history']) {
  Object.defineProperty(globalThis, name, { value: name === 'window' ? window : window[name], configurable: true, writable: true });
}
globalThis.fetch = () => Promise.resolve(new Response('{}'));

const recorded = [];
const { posthog } = require('posthog-js');
posthog.init('phc_recording', {
  api_host: 'https://eu.i.posthog.com',
  autocapture: true,
  capture_pageview: false,
  capture_pageleave: false,
  disable_session_recording: true,
  advanced_disable_flags: true,
  persistence: 'memory',
  // happy-dom's user agent reads as a bot, whose events posthog-js drops.
  opt_out_useragent_filter: true,
  before_send: (event) => {
    if (event?.event === '$autocapture') recorded.push(event);
    return null;
  },
});
// Autocapture starts once remote config says it may; without a server, start it ourselves.
posthog.autocapture?.onRemoteConfig?.({ ok: true, config: { autocapture_opt_out: false } });

// posthog-js takes a click only after a pointerdown and pointerup that happy-dom's events do not
// reproduce closely enough (it checks a person's click); the click is handed to its autocapture
// handler (`ja` in 1.449.2's bundle) with its target, as that check would, and everything from
// there on (which element is recorded, its properties, $elements, $elements_chain) is the SDK's.
for (const element of window.document.body.querySelectorAll('*')) {
  const click = new window.MouseEvent('click', { bubbles: true, cancelable: true, button: 0, detail: 1, clientX: 5, clientY: 5 });
  Object.defineProperty(click, 'target', { value: element });
  posthog.autocapture.ja(click, '$autocapture', element);
}
await new Promise((resolve) => setTimeout(resolve, 50));
let index = 0;
for (const event of recorded) {
  const properties = event.properties;
  const kept = { $current_url: properties.$current_url, $event_type: properties.$event_type, $el_text: properties.$el_text, $elements: properties.$elements, $elements_chain: properties.$elements_chain };
  process.stdout.write(JSON.stringify({ uuid: `click-${++index}`, event: event.event, properties: kept }) + '\n');
}
process.stderr.write(`${recorded.length} clicks recorded\n`);
await window.happyDOM.close();
process.exit(0);
