// The conditions a matcher's programs hold, interned: one slot per distinct condition (by its
// canonical key, bytecode/condition-key.ts), however many programs use it, each slot holding the
// condition's one lowered predicate and its answer for the current event. A program lowered
// against the table asks its slots instead of testing again, so a condition shared by hundreds
// of actions runs at most once per event, and only if some candidate asks for it (lazily).
//
// Hot-path choices: answers are memoised in two typed arrays stamped with the event's
// generation, so starting an event is one increment (no clearing) and a memoised answer is two
// array reads. Slots are reference-counted and reused after the last program holding them is
// removed, so upsert/remove keep the table as small as the live conditions. The table is the
// one owner of a matcher's per-event state: the memo and the element tables are reset together.
import type { EventContext } from '../event/event-context.js';
import { ElementTables } from './element-tables.js';

type Predicate = (context: EventContext) => boolean;

const FALSE = 1;
const TRUE = 2;

/** Answers are stored as FALSE / TRUE; a slot whose stamp is not the current generation has none. */
export class ConditionTable {
  private readonly slotByKey = new Map<string, number>();
  private keys: string[] = [];
  private predicates: Predicate[] = [];
  private references: number[] = [];
  private readonly free: number[] = [];
  private stamps = new Int32Array(64);
  private answers = new Uint8Array(64);
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
    if (++this.generation === 0x7fffffff) {
      this.stamps.fill(0);
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
    if (slot >= this.stamps.length) this.grow(slot + 1);
    this.keys[slot] = key;
    this.predicates[slot] = predicate;
    this.references[slot] = 1;
    this.stamps[slot] = 0;
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
    if (this.stamps[slot] === this.generation) return this.answers[slot] === TRUE;
    const answer = (this.predicates[slot] as Predicate)(context);
    this.stamps[slot] = this.generation;
    this.answers[slot] = answer ? TRUE : FALSE;
    return answer;
  }

  /** Whether some clause of `plan` has all its conditions hold (see SlotPlan in lower.ts). */
  matchesPlan(plan: readonly Int32Array[], context: EventContext): boolean {
    for (let c = 0; c < plan.length; c++) {
      const clause = plan[c] as Int32Array;
      let holds = true;
      for (let i = 0; i < clause.length; i++) {
        const reference = clause[i] as number;
        const wanted = reference > 0;
        if (this.evaluate(wanted ? reference - 1 : -reference - 1, context) !== wanted) {
          holds = false;
          break;
        }
      }
      if (holds) return true;
    }
    return false;
  }

  /** Records an answer found by other means (a multi-pattern pass that decides the condition exactly). */
  settle(slot: number, answer: boolean): void {
    this.stamps[slot] = this.generation;
    this.answers[slot] = answer ? TRUE : FALSE;
  }

  private grow(needed: number): void {
    const length = Math.max(needed, this.stamps.length * 2);
    const stamps = new Int32Array(length);
    stamps.set(this.stamps);
    const answers = new Uint8Array(length);
    answers.set(this.answers);
    this.stamps = stamps;
    this.answers = answers;
  }
}

const never: Predicate = () => false;
