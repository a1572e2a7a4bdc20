// The conditions a matcher's programs hold, interned: one slot per distinct condition (by its
// canonical key, bytecode/condition-key.ts), however many programs use it, each slot holding the
// condition's one lowered predicate and its answer for the current event. A program lowered
// against the table asks its slots instead of testing again, so a condition shared by hundreds
// of actions runs at most once per event, and only if some candidate asks for it (lazily).
//
// Hot-path choices: an answer is memoised in one 32-bit word per slot, the event's generation
// shifted left with the answer in the low bit, so starting an event is one increment (no
// clearing) and a memoised answer is one array read. Slots are reference-counted and reused
// after the last program holding them is removed, so upsert/remove keep the table as small as
// the live conditions. The table is the
// one owner of a matcher's per-event state: the memo and the element tables are reset together.
import type { EventContext } from '../event/event-context.js';
import { ElementTables } from './element-tables.js';

type Predicate = (context: EventContext) => boolean;

/** Generations wrap before the shifted word would overflow. */
const LAST_GENERATION = 0x3fffffff;

/** memo[slot] = generation << 1 | answer; a word of another generation holds no answer. */
export class ConditionTable {
  private readonly slotByKey = new Map<string, number>();
  private keys: string[] = [];
  private predicates: Predicate[] = [];
  private references: number[] = [];
  private readonly free: number[] = [];
  private memo = new Int32Array(64);
  private generation = 1;
  /** The per-event element tables the selectors and tag tests of these conditions read. */
  readonly elements = new ElementTables();

  /** Number of distinct live conditions. */
  get size(): number {
    return this.slotByKey.size;
  }

  /** Starts a new event: every memoised answer is forgotten. */
  beginEvent(): void {
    this.elements.beginEvent();
    if (++this.generation === LAST_GENERATION) {
      this.memo.fill(0);
      this.generation = 1;
    }
  }

  /**
   * The slot of the condition `key`, lowering it with `lower` if it is new. Each call holds one
   * reference, given back with release().
   */
  acquire(key: string, lower: () => Predicate): number {
    const known = this.slotByKey.get(key);
    if (known !== undefined) {
      this.references[known] = (this.references[known] as number) + 1;
      return known;
    }
    // Lowered before a slot is taken: lowering may refuse the condition (throw), and then
    // nothing has changed.
    const predicate = lower();
    const slot = this.free.pop() ?? this.keys.length;
    if (slot >= this.memo.length) this.grow(slot + 1);
    this.keys[slot] = key;
    this.predicates[slot] = predicate;
    this.references[slot] = 1;
    this.memo[slot] = 0;
    this.slotByKey.set(key, slot);
    return slot;
  }

  /** The slot of a live condition, if any. */
  find(key: string): number | undefined {
    return this.slotByKey.get(key);
  }

  release(slot: number): void {
    const left = (this.references[slot] as number) - 1;
    this.references[slot] = left;
    if (left > 0) return;
    this.slotByKey.delete(this.keys[slot] as string);
    this.keys[slot] = '';
    this.predicates[slot] = never;
    this.free.push(slot);
  }

  /** The answer of the condition in `slot` for the current event, computed on first request. */
  evaluate(slot: number, context: EventContext): boolean {
    const word = this.memo[slot] as number;
    if (word >>> 1 === this.generation) return (word & 1) === 1;
    const answer = (this.predicates[slot] as Predicate)(context);
    this.memo[slot] = (this.generation << 1) | (answer ? 1 : 0);
    return answer;
  }

  /**
   * Whether some clause of `plan` has all its conditions hold. The plan is flat (see SlotPlan
   * in lower-shared.ts): a clause's length, then its slot references, clause after clause.
   */
  matchesPlan(plan: Int32Array, context: EventContext): boolean {
    const memo = this.memo;
    const stamp = this.generation;
    for (let at = 0; at < plan.length; ) {
      const end = at + 1 + (plan[at] as number);
      let holds = true;
      for (let i = at + 1; i < end; i++) {
        const reference = plan[i] as number;
        const wanted = reference > 0;
        const slot = wanted ? reference - 1 : -reference - 1;
        const word = memo[slot] as number;
        const answer = word >>> 1 === stamp ? (word & 1) === 1 : this.evaluate(slot, context);
        if (answer !== wanted) {
          holds = false;
          break;
        }
      }
      if (holds) return true;
      at = end;
    }
    return false;
  }

  private grow(needed: number): void {
    const memo = new Int32Array(Math.max(needed, this.memo.length * 2));
    memo.set(this.memo);
    this.memo = memo;
  }
}

const never: Predicate = () => false;
