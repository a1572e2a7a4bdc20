// Renders the per-kind figures of two saved runs side by side, as Markdown tables:
// `tsx bench/compare.ts bench/results/matching-core-before.json bench/results/matching-core-after.json`.
// Each run's ratios come from that run alone (its own JSON.parse, its own 100-action cost).
import { readFileSync } from 'node:fs';
import type { KindResults, KindRow } from './kinds.js';

const [beforePath, afterPath] = process.argv.slice(2);
if (beforePath === undefined || afterPath === undefined) throw new Error('usage: tsx bench/compare.ts BEFORE.json AFTER.json');
const read = (path: string): KindResults => {
  const kinds = (JSON.parse(readFileSync(path, 'utf8')) as { kinds?: KindResults | null }).kinds;
  if (!kinds) throw new Error(`${path} holds no per-kind results`);
  return kinds;
};
const before = read(beforePath);
const after = read(afterPath);

const format = (ns: number): string => (ns >= 1000 ? `${(ns / 1000).toFixed(ns >= 100_000 ? 0 : 1)} µs` : `${ns.toFixed(0)} ns`);
const times = (value: number): string => `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;
const find = (rows: readonly KindRow[], row: KindRow, actions = row.actions): KindRow | undefined => rows.find((r) => r.workload === row.workload && r.kind === row.kind && r.actions === actions);
const own = (row: KindRow): number => row.ns['actionmatch'] as number;
const parse = (row: KindRow): number => row.ns['JSON.parse'] as number;

console.log('| workload | actions | kind | matches/event | before | after | before ÷ JSON.parse | after ÷ JSON.parse | after vs PostHog |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of after.rows) {
  const old = find(before.rows, row);
  if (!old) continue;
  const posthog = row.ns['PostHog HogVM'];
  console.log(`| ${row.workload} | ${row.actions.toLocaleString('en-US')} | ${row.kind} | ${row.matchesPerEvent.toFixed(1)} | ${format(own(old))} | ${format(own(row))} | ${times(own(old) / parse(old))} | ${times(own(row) / parse(row))} | ${posthog === undefined ? '' : `${Math.round(posthog / own(row))}× faster`} |`);
}
console.log('\n| workload | kind | growth 100 → 10,000, before | after | ns per extra match, before | after |');
console.log('|---|---|---|---|---|---|');
for (const row of after.rows.filter((r) => r.actions === 10_000)) {
  const small = find(after.rows, row, 100);
  const oldBig = find(before.rows, row);
  const oldSmall = find(before.rows, row, 100);
  if (!small || !oldBig || !oldSmall) continue;
  const extra = row.matchesPerEvent - small.matchesPerEvent;
  const perMatch = (big: KindRow, base: KindRow): string => (extra > 0.5 ? ((own(big) - own(base)) / extra).toFixed(0) : '—');
  console.log(`| ${row.workload} | ${row.kind} | ${times(own(oldBig) / own(oldSmall))} | ${times(own(row) / own(small))} | ${perMatch(oldBig, oldSmall)} | ${perMatch(row, small)} |`);
}
console.log('\n| workload | build 10,000 actions, before | after | heap per action, before | after |');
console.log('|---|---|---|---|---|');
for (const build of after.builds) {
  const old = before.builds.find((b) => b.workload === build.workload);
  const heap = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '—' : `${Math.round(bytes)} B`);
  console.log(`| ${build.workload} | ${old ? `${old.compileMs.toFixed(0)} ms` : '—'} | ${build.compileMs.toFixed(0)} ms | ${heap(old?.heapBytesPerAction)} | ${heap(build.heapBytesPerAction)} |`);
}
