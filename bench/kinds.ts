// The per-kind benchmark: every workload of workloads.ts at 100, 1,000 and 10,000 actions,
// each event kind timed on its own (a batch of that kind's events), beside baselines measured in
// the same run — JSON.parse of the same events, the naive loop (every program on every event,
// up to 1,000 actions) and PostHog's path (@posthog/hogvm, at 100 actions) — and the figures the
// targets are stated in: cost against JSON.parse, growth from 100 to 10,000 actions, and cost per
// reported match. Then compile time and heap per action held, at 10,000 actions.
import { Bench } from 'tinybench';
import { createMatcher } from '../src/index.js';
import { createPosthogMatcher } from './posthog-path.js';
import { createWorkloadSuites, EVENT_KINDS, type EventKind, type WorkloadSuite } from './workloads.js';

export const KIND_SIZES = [100, 1000, 10_000] as const;
const NAIVE_UP_TO = 1000;
const POSTHOG_AT = 100;

export interface KindRow {
  readonly workload: string;
  readonly actions: number;
  readonly kind: EventKind;
  /** Median ns per event of each task measured: actionmatch, naive loop, JSON.parse, PostHog HogVM. */
  readonly ns: Readonly<Record<string, number>>;
  readonly matchesPerEvent: number;
}

export interface BuildRow {
  readonly workload: string;
  readonly actions: number;
  /** createMatcher (compile, load, index), median of 3. */
  readonly compileMs: number;
  /** Heap retained by the matcher per action held (needs --expose-gc, else null). */
  readonly heapBytesPerAction: number | null;
}

export interface KindResults {
  readonly rows: KindRow[];
  readonly builds: BuildRow[];
}

function median(bench: Bench, task: string, batch: number): number {
  const result = bench.getTask(task)?.result;
  if (!result || !('latency' in result)) throw new Error(`task ${task} did not complete`);
  return (result.latency.p50 * 1e6) / batch;
}

function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  gc();
  return true;
}

function measureBuild(suite: WorkloadSuite, size: number): BuildRow {
  const actions = suite.actions(size);
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    createMatcher(actions);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  let heap: number | null = null;
  if (collectGarbage()) {
    const before = process.memoryUsage().heapUsed;
    const held = createMatcher(actions);
    for (const kind of EVENT_KINDS) for (const event of suite.events[kind]) held.match(event);
    collectGarbage();
    heap = (process.memoryUsage().heapUsed - before) / size;
    if (held.size !== size) throw new Error('matcher lost actions');
  }
  return { workload: suite.name, actions: size, compileMs: times[1] as number, heapBytesPerAction: heap };
}

export async function runKindBench(options: { quick: boolean }): Promise<KindResults> {
  const rows: KindRow[] = [];
  const builds: BuildRow[] = [];
  let sink = 0;
  for (const suite of createWorkloadSuites()) {
    const lines = Object.fromEntries(EVENT_KINDS.map((kind) => [kind, suite.events[kind].map((event) => JSON.stringify(event))])) as Record<EventKind, string[]>;
    for (const size of KIND_SIZES) {
      const actions = suite.actions(size);
      const indexed = createMatcher(actions);
      const naive = createMatcher(actions, { indexed: false });
      const posthog = size === POSTHOG_AT ? createPosthogMatcher(actions) : null;
      const bench = new Bench({ time: options.quick ? 100 : 250, warmupTime: 50, iterations: 5 });
      const matches = new Map<EventKind, number>();
      for (const kind of EVENT_KINDS) {
        const events = suite.events[kind];
        const batch = events.length;
        let total = 0;
        for (const event of events) {
          const ids = indexed.match(event);
          const expected = naive.match(event);
          if (ids.join() !== expected.join()) throw new Error(`${suite.name}/${size}: the matcher and the naive loop disagree on ${JSON.stringify(event)}: ${ids.join()} vs ${expected.join()}`);
          total += ids.length;
        }
        matches.set(kind, total / batch);
        bench.add(`${kind}/actionmatch`, () => {
          for (let i = 0; i < batch; i++) sink += indexed.match(events[i]).length;
        });
        if (size <= NAIVE_UP_TO) {
          bench.add(`${kind}/naive loop`, () => {
            for (let i = 0; i < batch; i++) sink += naive.match(events[i]).length;
          });
        }
        const kindLines = lines[kind];
        bench.add(`${kind}/JSON.parse`, () => {
          for (let i = 0; i < batch; i++) sink += (JSON.parse(kindLines[i] as string) as object) ? 1 : 0;
        });
        if (posthog !== null) {
          bench.add(`${kind}/PostHog HogVM`, () => {
            for (let i = 0; i < batch; i++) sink += posthog.match(events[i] as Record<string, unknown>).length;
          });
        }
      }
      await bench.run();
      for (const kind of EVENT_KINDS) {
        const ns: Record<string, number> = {};
        for (const task of bench.tasks) {
          const [taskKind, name] = task.name.split('/') as [string, string];
          if (taskKind === kind) ns[name] = median(bench, task.name, suite.events[kind].length);
        }
        rows.push({ workload: suite.name, actions: size, kind, ns, matchesPerEvent: matches.get(kind) ?? 0 });
      }
      process.stdout.write(`  ${suite.name} at ${size.toLocaleString('en-US')} actions measured\n`);
    }
    builds.push(measureBuild(suite, 10_000));
  }
  if (sink < 0) console.log(sink);
  return { rows, builds };
}

const format = (ns: number | undefined): string => (ns === undefined ? '—' : ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const times = (value: number): string => `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;

/** The per-kind tables: one line per workload, size and kind, then the derived target figures. */
export function printKindResults({ rows, builds }: KindResults): void {
  console.log('\nPer event kind (median ns per event over a batch of that kind; ratios measured in the same run)\n');
  console.log('workload | actions | kind | actionmatch | ÷ JSON.parse | naive loop | PostHog HogVM | PostHog ÷ actionmatch | matches/event');
  for (const row of rows) {
    const own = row.ns['actionmatch'] as number;
    const parse = row.ns['JSON.parse'] as number;
    const posthog = row.ns['PostHog HogVM'];
    console.log(
      [row.workload, row.actions.toLocaleString('en-US'), row.kind, format(own), times(own / parse), format(row.ns['naive loop']), format(posthog), posthog === undefined ? '—' : times(posthog / own), row.matchesPerEvent.toFixed(1)].join(' | '),
    );
  }
  console.log('\nGrowth from 100 to 10,000 actions, and cost per reported match beyond the 100-action cost\n');
  console.log('workload | kind | 100 actions | 10,000 actions | growth | matches 100 → 10,000 | ns per extra match');
  for (const row of rows.filter((r) => r.actions === 10_000)) {
    const small = rows.find((r) => r.workload === row.workload && r.kind === row.kind && r.actions === 100);
    if (!small) continue;
    const big = row.ns['actionmatch'] as number;
    const base = small.ns['actionmatch'] as number;
    const extraMatches = row.matchesPerEvent - small.matchesPerEvent;
    const perMatch = extraMatches > 0.5 ? ((big - base) / extraMatches).toFixed(0) : '—';
    console.log([row.workload, row.kind, format(base), format(big), times(big / base), `${small.matchesPerEvent.toFixed(1)} → ${row.matchesPerEvent.toFixed(1)}`, perMatch].join(' | '));
  }
  console.log('\nBuilding 10,000 actions (createMatcher: compile, load, index; median of 3) and heap held\n');
  for (const build of builds) {
    const heap = build.heapBytesPerAction === null ? 'heap not measured (run with --expose-gc)' : `${Math.round(build.heapBytesPerAction)} bytes per action`;
    console.log(`${build.workload}: ${build.compileMs.toFixed(0)} ms, ${heap}`);
  }
}
