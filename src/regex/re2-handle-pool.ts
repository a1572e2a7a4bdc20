// The compiled RE2 objects of the RE2 path. Each lives in a re2-wasm heap, a fixed 16 MiB with
// about 11 MiB free, and costs from about 2 KB (plain text) to 150 KB (`\pL`) once searched,
// more as its DFA cache grows; compiling one and its first search cost 0.5 ms (plain text) to
// 15 ms (`\p{Lu}`).
// So a pattern keeps its compiled object for as long as its owner (a Re2Regex, shared by every
// program using the pattern) is alive, and frees it when the owner is garbage-collected. The
// objects are spread over up to MAX_SHARDS instances ("shards", each with its own heap) of at
// most HANDLES_PER_SHARD each; only when all of them are full does the least recently searched
// pattern give up its object, to be recompiled when next searched. A shard whose instance
// aborts (its heap ran out) loses its objects, which are recompiled on demand, and takes fewer
// from then on; a shard left empty is dropped.
import { type Re2Handle, Re2Host, type Re2Instance } from './re2-runtime.js';

/** Most compiled patterns one re2-wasm instance holds. */
export const HANDLES_PER_SHARD = 64;
/** Most re2-wasm instances the RE2 path uses: 16 MiB of wasm memory each. */
export const MAX_SHARDS = 8;
/** Fewest compiled patterns a shard is allowed, however often it aborted. */
const MIN_HANDLES_PER_SHARD = 8;

interface Shard {
  readonly host: Re2Host;
  handles: number;
  /** Most handles this shard takes: HANDLES_PER_SHARD, lowered after an abort. */
  capacity: number;
}

/** A pattern's place in the pool: either all three of shard, instance and handle, or none. */
export interface Re2Slot {
  readonly re2Source: string;
  shard: Shard | null;
  instance: Re2Instance | null;
  handle: Re2Handle | null;
}

const shards: Shard[] = [];
/** Slots holding a compiled object, least recently searched first. */
const recent = new Map<Re2Slot, true>();
const stats = { searches: 0, compiles: 0, evictions: 0, releases: 0 };

/** Forgets the slot's compiled object without freeing it (the caller frees it, or it died). */
function unplace(slot: Re2Slot): void {
  if (slot.shard !== null) slot.shard.handles--;
  recent.delete(slot);
  slot.shard = null;
  slot.instance = null;
  slot.handle = null;
}

function createShard(): Shard {
  const shard: Shard = {
    handles: 0,
    capacity: HANDLES_PER_SHARD,
    // An abort takes the instance's objects with it: their slots start over. Patterns this
    // heavy (large classes, grown DFA caches) get fewer to a heap from then on.
    host: new Re2Host((dead) => {
      const lost = shard.handles;
      for (const slot of [...recent.keys()]) if (slot.instance === dead) unplace(slot);
      shard.capacity = Math.max(MIN_HANDLES_PER_SHARD, Math.min(shard.capacity, Math.floor((lost * 3) / 4)));
    }),
  };
  shards.push(shard);
  return shard;
}

/** Frees the slot's compiled object on its own instance (a no-op if that instance is gone). */
function free(slot: Re2Slot): void {
  const shard = slot.shard;
  if (shard === null) return;
  shard.host.run((re2) => {
    const handle = slot.instance === re2 ? slot.handle : null;
    unplace(slot);
    handle?.delete();
  }, undefined);
  if (shard.handles === 0 && shards.length > 1) {
    const at = shards.indexOf(shard);
    if (at >= 0) shards.splice(at, 1);
  }
}

/** A shard with room for one more compiled object, freeing the least recently searched if need be. */
function chooseShard(): Shard {
  for (const shard of shards) if (shard.handles < shard.capacity) return shard;
  if (shards.length < MAX_SHARDS) return createShard();
  const oldest = recent.keys().next().value;
  const shard = oldest?.shard ?? null;
  if (oldest !== undefined) {
    stats.evictions++;
    free(oldest);
  }
  return shard !== null && shards.includes(shard) ? shard : (shards[0] ?? createShard());
}

// Owners that are collected free their compiled object. Finalizers run between jobs only.
const released = new FinalizationRegistry<Re2Slot>((slot) => {
  if (slot.handle === null) return;
  stats.releases++;
  free(slot);
});

/** A slot for `re2Source`, whose compiled object is freed once `owner` is garbage-collected. */
export function createRe2Slot(owner: object, re2Source: string): Re2Slot {
  const slot: Re2Slot = { re2Source, shard: null, instance: null, handle: null };
  released.register(owner, slot);
  return slot;
}

function compileInto(slot: Re2Slot, shard: Shard, re2: Re2Instance): Re2Handle {
  unplace(slot);
  stats.compiles++;
  const handle = re2.compile(slot.re2Source);
  if (!handle.ok()) {
    handle.delete();
    throw new Error('RE2 rejected a validated pattern');
  }
  slot.shard = shard;
  slot.instance = re2;
  slot.handle = handle;
  shard.handles++;
  return handle;
}

/**
 * Unanchored search of the slot's pattern in `text` (well-formed UTF-16), compiling the pattern
 * first if it holds no compiled object. False if re2-wasm fails twice (see Re2Host.run).
 */
export function searchWithRe2(slot: Re2Slot, text: string): boolean {
  stats.searches++;
  const shard = slot.shard ?? chooseShard();
  return shard.host.run((re2) => {
    const handle = slot.handle !== null && slot.instance === re2 ? slot.handle : compileInto(slot, shard, re2);
    recent.delete(slot);
    recent.set(slot, true);
    return handle.match(text, 0, false).index >= 0;
  }, false);
}

/** Live figures of the pool, and counters since the process started. */
export interface Re2PoolStats {
  /** Compiled objects held now, over all shards. */
  readonly handles: number;
  /** re2-wasm instances the pool uses now. */
  readonly shards: number;
  /** Most compiled objects the pool's instances take now (lowered by aborts). */
  readonly capacity: number;
  readonly searches: number;
  readonly compiles: number;
  /** Objects freed to make room for another pattern (each means a recompile if searched again). */
  readonly evictions: number;
  /** Objects freed because their pattern was no longer used by anything. */
  readonly releases: number;
}

/** The pool's figures (for the soak script and tests). */
export function readRe2PoolStats(): Re2PoolStats {
  const capacity = shards.reduce((sum, shard) => sum + shard.capacity, 0);
  return { handles: recent.size, shards: shards.length, capacity, ...stats };
}
