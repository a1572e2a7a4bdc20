// Memory soak (`npm run soak`, `npm run soak -- --quick`): a long-running matcher with regex
// actions, kept current with upserts and removals while a million events go through it. It
// prints heap used (after a full GC) and RSS every 100,000 events and fails when either keeps
// growing or when re2-wasm had to be restarted (an abort inside its fixed heap). Not part of
// `npm test`: it takes minutes and measures a process, not behaviour.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateActions, generateEvents, type Workload } from '../bench/workload.js';
import { createMatcher } from '../src/import.js';
import { readRe2PoolStats } from '../src/regex/re2-handle-pool.js';
import { countRe2Aborts } from '../src/regex/re2-runtime.js';

type Action = Workload['actions'][number];
type Event = Workload['events'][number];

/** The value of `--name N` on the command line (underscores allowed: 200_000), or `fallback`. */
function readCount(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number((process.argv[at + 1] ?? '').replaceAll('_', ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

const quick = process.argv.includes('--quick');
/** `--no-churn`: the same run without upserts and removals, to tell their cost apart. */
const churn = !process.argv.includes('--no-churn');
/** `--actions N`, `--events N`, `--sample-every N` override the sizes of the run. */
const ACTIONS = readCount('actions', quick ? 2_000 : 10_000);
const EVENTS = readCount('events', quick ? 100_000 : 1_000_000);
const SAMPLE_EVERY = readCount('sample-every', quick ? 10_000 : 100_000);
/** Every CHURN_EVERY events: CHURN_REPLACE actions replaced, CHURN_REMOVE removed (re-added a round later). */
const CHURN_EVERY = 10_000;
const CHURN_REPLACE = 100;
const CHURN_REMOVE = 50;
/** Distinct events cycled through; a pool keeps the soak's own memory out of the measurement. */
const EVENT_POOL = 20_000;
/** Growth allowed from the first sample after warm-up to the last one, relative and absolute. */
const ALLOWED_GROWTH = { ratio: 0.2, bytes: 16 * 1024 * 1024 };

// A full GC before each heap sample, so that the figures show what is retained, not garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const sections = ['pricing', 'docs', 'blog', 'careers', 'about', 'product', 'features', 'customers', 'changelog', 'integrations'];

/**
 * A regex action whose pattern depends on `variant`, so that replacing it compiles a new pattern.
 * A third of the patterns have no exact V8 translation (\p classes, (?m) anchors) and run on
 * re2-wasm: a few hundred distinct ones once replaced, more than one re2-wasm heap holds. They
 * sit on the hundred custom events, so an event runs a few of them, as a real workload would;
 * putting them on every pageview would measure re2-wasm's compile time, not memory.
 */
function regexAction(id: number, variant: number): Action {
  const section = sections[variant % sections.length] ?? 'docs';
  const n = variant % 997;
  switch (variant % 6) {
    case 0:
      return { id, name: `Regex url ${variant}`, steps: [{ event: '$pageview', url: `^https://example\\.com/${section}/page-${n}\\d*`, url_matching: 'regex' }] };
    case 1:
      return { id, name: `Regex filter ${variant}`, steps: [{ event: 'purchase', properties: [{ key: 'amount', value: `^${n % 6}\\d{0,2}$`, operator: 'regex', type: 'event' }] }] };
    case 2:
      return { id, name: `Re2 filter ${variant}`, steps: [{ event: `custom_event_${n % 100}`, properties: [{ key: 'amount', value: `^\\p{Nd}{1,2}${n % 10}$|\\p{Greek}`, operator: 'regex', type: 'event' }] }] };
    case 3:
      return { id, name: `Re2 filter ${variant}`, steps: [{ event: `custom_event_${n % 100}`, properties: [{ key: 'currency', value: `(?m)^U\\p{Lu}D${n}?$`, operator: 'regex', type: 'event' }] }] };
    case 4:
      return { id, name: `Not regex ${variant}`, steps: [{ event: '$pageview', properties: [{ key: '$browser', value: `^(Chrome|Safari)${n}?$`, operator: 'not_regex', type: 'event' }] }] };
    default:
      return { id, name: `Regex text ${variant}`, steps: [{ event: '$autocapture', text: `(?i)^(sign up|buy now) ?${n}?`, text_matching: 'regex' }] };
  }
}

/** Version `variant` of action `id`: every tenth one a regex action, the rest from the benchmark workload. */
function actionFor(id: number, variant: number, base: readonly Action[]): Action {
  if (id % 10 === 0) return regexAction(id, variant * 7919 + id);
  const template = base[(id + variant * 13) % base.length] as Action;
  return { ...template, id };
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Sample {
  readonly events: number;
  readonly heap: number;
  readonly rss: number;
}

function sample(events: number): Sample {
  gc();
  const usage = process.memoryUsage();
  return { events, heap: usage.heapUsed, rss: usage.rss };
}

async function main(): Promise<number> {
  const started = performance.now();
  const base = generateActions(ACTIONS, 11);
  const versions = new Map<number, number>();
  const initial: Action[] = [];
  for (let id = 1; id <= ACTIONS; id++) {
    versions.set(id, 0);
    initial.push(actionFor(id, 0, base));
  }
  const compileStarted = performance.now();
  const matcher = createMatcher(initial);
  const compileMs = performance.now() - compileStarted;
  const failed = matcher.errors.length;
  const pool: Event[] = generateEvents(EVENT_POOL, 12);
  const re2AbortsAtStart = countRe2Aborts();
  console.log(`soak: ${ACTIONS} actions (${initial.filter((a) => a.id % 10 === 0).length} regex, ${failed} failed to compile) compiled in ${Math.round(compileMs)} ms; matching ${EVENTS} events`);

  const samples: Sample[] = [sample(0)];
  console.log(`events ${String(0).padStart(9)}  heap ${formatMb(samples[0]?.heap ?? 0).padStart(9)}  rss ${formatMb(samples[0]?.rss ?? 0).padStart(9)}`);
  let removed: number[] = [];
  let round = 0;
  let matches = 0;
  let upserts = 0;
  let removals = 0;
  let nextId = 1;
  let intervalStarted = performance.now();
  let churnMs = 0;
  let intervalMatches = 0;
  let re2Before = readRe2PoolStats();
  for (let i = 1; i <= EVENTS; i++) {
    const found = matcher.match(pool[i % EVENT_POOL] as Event).length;
    matches += found;
    intervalMatches += found;
    if (churn && i % CHURN_EVERY === 0) {
      const churnStarted = performance.now();
      // Back to the event loop now and then, as a server does between batches: WeakRefs read
      // during a synchronous job keep their targets alive until it ends, and finalizers run
      // only between jobs, so without this no dropped regex could ever be collected.
      await new Promise((resolve) => setImmediate(resolve));
      round++;
      // Last round's removed actions come back, then a new batch is replaced and removed.
      for (const id of removed) matcher.upsert(actionFor(id, versions.get(id) ?? 0, base));
      upserts += removed.length;
      removed = [];
      for (let k = 0; k < CHURN_REPLACE + CHURN_REMOVE; k++) {
        const id = nextId;
        nextId = (nextId % ACTIONS) + 1;
        if (k < CHURN_REPLACE) {
          const variant = (versions.get(id) ?? 0) + round;
          versions.set(id, variant);
          matcher.upsert(actionFor(id, variant, base));
          upserts++;
        } else {
          matcher.remove(id);
          removed.push(id);
          removals++;
        }
      }
      churnMs += performance.now() - churnStarted;
    }
    if (i % SAMPLE_EVERY === 0) {
      // The rate leaves out the full GC that sample() runs.
      const rate = Math.round(SAMPLE_EVERY / ((performance.now() - intervalStarted) / 1000));
      const now = sample(i);
      samples.push(now);
      intervalStarted = performance.now();
      const re2 = readRe2PoolStats();
      const detail = [
        `churn ${Math.round(churnMs)} ms`,
        `${(intervalMatches / SAMPLE_EVERY).toFixed(1)} matches/event`,
        `re2 searches ${re2.searches - re2Before.searches}`,
        `compiles ${re2.compiles - re2Before.compiles}`,
        `evictions ${re2.evictions - re2Before.evictions}`,
        `${re2.handles} held on ${re2.shards} instance(s)`,
      ].join(', ');
      console.log(`events ${String(i).padStart(9)}  heap ${formatMb(now.heap).padStart(9)}  rss ${formatMb(now.rss).padStart(9)}  (${rate} events/s in this interval; ${detail})`);
      re2Before = re2;
      churnMs = 0;
      intervalMatches = 0;
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const steady = samples.slice(1);
  const heaps = steady.map((s) => s.heap);
  const rsses = steady.map((s) => s.rss);
  const first = steady[0] ?? samples[0];
  const last = steady[steady.length - 1] ?? samples[0];
  const re2Restarts = countRe2Aborts() - re2AbortsAtStart;
  const re2 = readRe2PoolStats();
  console.log(`done in ${seconds.toFixed(1)} s: ${EVENTS} events, ${matches} matches, ${upserts} upserts, ${removals} removals, ${matcher.errors.length} actions failing`);
  console.log(`heap after GC: min ${formatMb(Math.min(...heaps))}, max ${formatMb(Math.max(...heaps))}, final ${formatMb(last?.heap ?? 0)}`);
  console.log(`rss:           min ${formatMb(Math.min(...rsses))}, max ${formatMb(Math.max(...rsses))}, final ${formatMb(last?.rss ?? 0)}`);
  console.log(`re2-wasm: ${re2Restarts} aborts; ${re2.compiles} compiles for ${re2.searches} searches, ${re2.evictions} evictions, ${re2.releases} released with their pattern; ${re2.handles} compiled patterns held on ${re2.shards} instance(s)`);

  const problems: string[] = [];
  if (first !== undefined && last !== undefined) {
    for (const key of ['heap', 'rss'] as const) {
      const limit = first[key] * (1 + ALLOWED_GROWTH.ratio) + ALLOWED_GROWTH.bytes;
      if (last[key] > limit) problems.push(`${key} grew from ${formatMb(first[key])} to ${formatMb(last[key])}`);
    }
  }
  if (re2Restarts > 0) problems.push(`re2-wasm aborted and was restarted ${re2Restarts} time(s)`);
  if (failed > 0) problems.push(`${failed} soak actions did not compile`);
  for (const problem of problems) console.log(`FAIL: ${problem}`);
  if (problems.length === 0) console.log('OK: memory flat, re2-wasm never aborted');
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
