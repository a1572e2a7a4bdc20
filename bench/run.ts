// The benchmark runner. First the per-kind workloads (kinds.ts: overlap, regex, selectors,
// realistic; each event kind timed on its own), then the overall realistic suite: for each size,
// times matching 1,000 events with actionmatch and with baselines measured in the same run (the
// hand-written floor, the naive loop over every program, JSON.parse of the same events, and
// PostHog's own path: each action's HogVM program run by @posthog/hogvm), then compile time.
// Prints tables of medians and ratios and saves everything to bench/out/ (ignored by
// git). `--save NAME` also writes bench/results/NAME.json, the committed figures (`--save latest`
// refreshes the figures and chart the README shows). `--only kinds` / `--only overall` runs one part.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { compileAction, createMatcher } from '../src/import.js';
import { renderChart } from './chart.js';
import { matchThreeByHand } from './handwritten.js';
import { printKindResults, runKindBench, type KindResults } from './kinds.js';
import { createPosthogMatcher } from './posthog-path.js';
import { generateActions, generateEvents } from './workload.js';

const BATCH = 1000;
const { values: flags } = parseArgs({ options: { quick: { type: 'boolean' }, save: { type: 'string' }, only: { type: 'string' } } });
const quick = flags.quick === true;
if (flags.only !== undefined && flags.only !== 'kinds' && flags.only !== 'overall') throw new Error(`--only must be "kinds" or "overall", got ${JSON.stringify(flags.only)}`);
if (flags.save !== undefined && !/^[a-z0-9-]+$/.test(flags.save)) throw new Error(`--save takes a file name of lowercase letters, digits and dashes, got ${JSON.stringify(flags.save)}`);
const runOverall = flags.only !== 'kinds';
let kindResults: KindResults | null = null;
if (flags.only !== 'overall') {
  console.log('Per-kind workloads');
  kindResults = await runKindBench({ quick });
  printKindResults(kindResults);
}
const sizes = quick ? [3, 100] : [3, 100, 1000, 10_000];
/** PostHog's path costs ~7 µs per action and event: measured where a run stays within seconds. */
const posthogSizes = new Set([3, 100]);

interface Row {
  suite: string;
  actions: number;
  task: string;
  nsPerEvent: number;
}

/** Average number of actions an event of the batch matches, per suite: the output itself. */
const matchesPerEvent = new Map<number, number>();

const events = generateEvents(BATCH);
const eventLines = events.map((event) => JSON.stringify(event));
const rows: Row[] = [];

function nsPerEvent(bench: Bench, task: string): number {
  const result = bench.getTask(task)?.result;
  if (!result || !('latency' in result)) throw new Error(`task ${task} did not complete`);
  return (result.latency.p50 * 1e6) / BATCH;
}

for (const size of runOverall ? sizes : []) {
  const actions = generateActions(size);
  const indexed = createMatcher(actions);
  const naive = createMatcher(actions, { indexed: false });
  let matchedTotal = 0;
  for (const event of events) {
    const ids = indexed.match(event);
    matchedTotal += ids.length;
    const b = naive.match(event).join();
    if (ids.join() !== b) throw new Error(`index and naive loop disagree on ${JSON.stringify(event)}: ${ids.join()} vs ${b}`);
  }
  matchesPerEvent.set(size, matchedTotal / events.length);
  const bench = new Bench({ time: quick ? 300 : 1000, warmupTime: 200, iterations: 5 });
  let sink = 0;
  bench.add('actionmatch', () => {
    for (let i = 0; i < BATCH; i++) sink += indexed.match(events[i]).length;
  });
  bench.add('naive loop', () => {
    for (let i = 0; i < BATCH; i++) sink += naive.match(events[i]).length;
  });
  bench.add('JSON.parse', () => {
    for (let i = 0; i < BATCH; i++) sink += (JSON.parse(eventLines[i] as string) as object) ? 1 : 0;
  });
  if (size === 3) {
    bench.add('hand-written', () => {
      for (let i = 0; i < BATCH; i++) sink += matchThreeByHand(events[i] as Record<string, unknown>).length;
    });
  }
  if (posthogSizes.has(size)) {
    const posthog = createPosthogMatcher(actions);
    bench.add('PostHog HogVM', () => {
      for (let i = 0; i < BATCH; i++) sink += posthog.match(events[i] as Record<string, unknown>).length;
    }, { beforeAll: () => undefined });
  }
  await bench.run();
  for (const task of bench.tasks) rows.push({ suite: `${size} actions`, actions: size, task: task.name, nsPerEvent: nsPerEvent(bench, task.name) });
  if (sink < 0) console.log(sink);
}

// Compile time: whole sets, and per action.
const compileRows: Array<{ actions: number; msTotal: number; usPerAction: number }> = [];
for (const size of runOverall ? sizes.filter((s) => s >= 100) : []) {
  const actions = generateActions(size);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    createMatcher(actions);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[2] as number;
  compileRows.push({ actions: size, msTotal: median, usPerAction: (median * 1000) / size });
}
const single = generateActions(100);
const started = performance.now();
for (let i = 0; i < 20; i++) for (const action of single) compileAction(action);
const compileActionUs = ((performance.now() - started) * 1000) / (20 * single.length);

// Report.
const byKey = new Map(rows.map((row) => [`${row.actions}/${row.task}`, row.nsPerEvent]));
const format = (ns: number): string => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const ratio = (a: number, b: number | undefined): string => (b === undefined ? '' : a >= b ? `${(a / b).toFixed(2)}×` : `1/${(b / a).toFixed(0)}`);
if (runOverall) {
console.log('\nMatching (median of timed batches of 1,000 events; ratio = time / baseline time)\n');
console.log(['suite', 'task', 'per event', 'events/s', 'vs hand-written', 'vs naive loop', 'vs JSON.parse', 'vs PostHog'].join(' | '));
for (const row of rows) {
  const base = (task: string): number | undefined => byKey.get(`${row.actions}/${task}`);
  console.log(
    [
      row.suite,
      row.task,
      format(row.nsPerEvent),
      Math.round(1e9 / row.nsPerEvent).toLocaleString('en-US'),
      row.task === 'hand-written' ? '' : ratio(row.nsPerEvent, base('hand-written')),
      row.task === 'naive loop' ? '' : ratio(row.nsPerEvent, base('naive loop')),
      row.task === 'JSON.parse' ? '' : ratio(row.nsPerEvent, base('JSON.parse')),
      row.task === 'PostHog HogVM' ? '' : ratio(row.nsPerEvent, base('PostHog HogVM')),
    ].join(' | '),
  );
}
console.log('\nAverage actions matched per event: ' + [...matchesPerEvent].map(([size, n]) => `${size} actions: ${n.toFixed(2)}`).join(', '));
console.log('\nCompiling (createMatcher: compile, load and index; median of 5)\n');
for (const row of compileRows) console.log(`${row.actions} actions: ${row.msTotal.toFixed(1)} ms (${row.usPerAction.toFixed(1)} µs per action)`);
console.log(`compileAction alone: ${compileActionUs.toFixed(1)} µs per action`);
}

const results = { date: new Date().toISOString(), node: process.version, batch: BATCH, matching: rows, matchesPerEvent: Object.fromEntries(matchesPerEvent), compiling: compileRows, compileActionUs, kinds: kindResults };
const json = JSON.stringify(results, null, 2) + '\n';
const local = new URL('out/', import.meta.url);
mkdirSync(local, { recursive: true });
writeFileSync(new URL('latest.json', local), json);
const series = (task: string, color: string) => ({ name: task, color, points: rows.filter((r) => r.task === task).map((r) => [r.actions, r.nsPerEvent] as const) });
const chart = runOverall
  ? renderChart([series('actionmatch', '#1d4ed8'), series('naive loop', '#dc2626'), series('PostHog HogVM', '#6b7280'), series('JSON.parse', '#16a34a')].filter((s) => s.points.length > 0), 'Matching cost per event')
  : null;
if (chart !== null) writeFileSync(new URL('chart.svg', local), chart);
console.log('\nSaved bench/out/latest.json' + (chart === null ? '' : ' and chart.svg'));
if (flags.save !== undefined) {
  writeFileSync(new URL(`results/${flags.save}.json`, import.meta.url), json);
  if (flags.save === 'latest' && chart !== null) writeFileSync(new URL('results/chart.svg', import.meta.url), chart);
  console.log(`Saved bench/results/${flags.save}.json${flags.save === 'latest' && chart !== null ? ' and bench/results/chart.svg' : ''}`);
}
