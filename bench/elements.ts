// The elements chain on its own: what parsing a realistic 2 KB chain costs (texts and href
// only, and the full structural parse), against matching selectors on it. `npm run bench:elements`.
import { Bench } from 'tinybench';
import { compileSelector } from '../src/compile/selector.js';
import { ElementsChain } from '../src/event/elements-chain.js';
import { createSelectorMatcher } from '../src/vm/selector-match.js';
import { generateEvents } from './workload.js';

const raw = (generateEvents(200).find((event) => event.event === '$autocapture' && String(event['elements_chain']).length > 1800)?.['elements_chain'] ?? '') as string;
const chain = new ElementsChain();
const selectors = ['button.btn-3', 'div.section-12 > button.btn', 'div.layout.flex > div.layout button', '[data-testid="container-4"] button:nth-child(2)', 'body *'];
const bench = new Bench({ time: 500, warmupTime: 100 });
bench.add('texts()', () => (chain.reset(raw), chain.texts()));
bench.add('href()', () => (chain.reset(raw), chain.href()));
bench.add('structural parse (elementCount)', () => (chain.reset(raw), chain.elementCount()));
for (const selector of selectors) {
  const match = createSelectorMatcher(compileSelector(selector, 'selector'));
  bench.add(`parse + match ${selector} (${String((chain.reset(raw), match(chain)))})`, () => (chain.reset(raw), match(chain)));
}
await bench.run();
console.log(`chain of ${raw.length} characters; medians`);
for (const task of bench.tasks) {
  const result = task.result;
  if (result && 'latency' in result) console.log(`${(result.latency.p50 * 1e6).toFixed(0).padStart(7)} ns  ${task.name}`);
}
