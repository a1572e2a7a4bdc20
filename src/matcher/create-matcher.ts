// Many actions at once: compile (or load) each, keep them current with upsert/remove, and
// answer which of them an event matches. match() never throws: a malformed event matches
// nothing, and an action that fails to compile is listed in `errors` and never matches.
import { loadActions, type LoadedActions, type LoadProblem } from '../action/load-actions.js';
import { compileWithLimits, type CompileResult } from '../compile/compile-action.js';
import type { CompileErrorInfo } from '../compile/errors.js';
import { resolveLimits, type Limits } from '../compile/limits.js';
import { bindEvent, createEventContext } from '../event/event-context.js';
import { isPlainObject, readOwn } from '../event/read-value.js';
import { ConditionTable } from '../vm/condition-table.js';
import type { Predicate } from '../vm/lower.js';
import { internCondition, type SlotPlan } from '../vm/lower-shared.js';
import { loadProgram, type LoadResult } from '../vm/load-program.js';
import { EventIndex, type IndexConditions, type Indexed } from './event-index.js';
import { ResultAssembly } from './result-assembly.js';
import { conditionKeyOf } from '../bytecode/condition-key.js';
import { isCompiledProgram, loadCompiledProgram } from './stored-program.js';
import { clausesOf, type Clause } from '../bytecode/clauses.js';

export interface MatcherOptions {
  /** Clock for relative dates (`is_date_after: "-7d"`), epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Keep `deleted: true` actions. PostHog never matches them, so they are skipped by default. */
  readonly includeDeleted?: boolean;
  /**
   * Use the candidate index (default true). `false` runs every program on every event: the
   * baseline the benchmarks and the index's own tests compare against.
   */
  readonly indexed?: boolean;
  /**
   * Overrides of DEFAULT_LIMITS, applied to every action compiled or loaded (the program size
   * to stored programs too). Each must be a positive integer, else createMatcher throws a TypeError.
   */
  readonly limits?: Partial<Limits>;
}

/** An action that is in the matcher but cannot match, and why. */
export interface ActionError {
  readonly id: number;
  readonly name: string | null;
  readonly bytecode_error: string;
  readonly error: CompileErrorInfo | null;
}

export interface Matcher {
  /** Ids of the actions `event` matches, ascending. A malformed event matches nothing. */
  match(event: unknown): number[];
  /**
   * Adds or replaces one action (or a compiled program: `{id, bytecode}` as compileAction
   * returns it). Returns its compile result; a failure lands in `errors` too.
   */
  upsert(action: unknown): CompileResult;
  /** Removes the action with this id. Returns whether it was there. */
  remove(id: number): boolean;
  /** Actions that failed to compile, by ascending id. */
  readonly errors: readonly ActionError[];
  /** Input entries that were not actions at all (no object, no integer id). */
  readonly rejected: readonly LoadProblem[];
  /** Number of actions held, including those with errors. */
  readonly size: number;
}

/** Up to this many actions, every program runs on every event (measured cheaper than the index). */
const SMALL_SET = 8;

interface Entry extends Indexed {
  readonly id: number;
  readonly predicate: Predicate | null;
  readonly error: ActionError | null;
  /** How the entry is filed in the index (empty for entries that cannot match). */
  readonly clauses: readonly Clause[];
  /** The condition slots its predicate holds in the matcher's table (released on removal). */
  readonly slots: readonly number[];
  /** The program as clauses of condition slots, evaluated by the table without a closure per condition. */
  readonly plan: SlotPlan | null;
}

/** The index's view of a condition table: conditions by their canonical key. */
function indexConditions(table: ConditionTable): IndexConditions {
  return {
    acquire: (condition) => internCondition(table, condition),
    find: (condition) => table.find(conditionKeyOf(condition)),
    release: (slot) => table.release(slot),
    evaluate: (slot, context) => table.evaluate(slot, context),
    elements: table.elements,
  };
}

/** loadActions, turning a failure to even read the input (a throwing Proxy) into one problem. */
function loadSafely(actions: unknown, options: { includeDeleted?: boolean }): LoadedActions {
  try {
    return loadActions(actions, options);
  } catch (caught) {
    const detail = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    return { actions: [], problems: [{ index: 0, id: null, message: `the actions could not be read: ${detail}` }], deletedSkipped: 0 };
  }
}

/**
 * Creates a matcher over `actions`: one action, an array, or an Actions API list response.
 */
export function createMatcher(actions: unknown = [], options: MatcherOptions = {}): Matcher {
  // Validated first: bad limits are the caller's bug and must not half-build a matcher.
  const limits = resolveLimits(options.limits);
  const now = options.now ?? Date.now;
  const indexed = options.indexed ?? true;
  const entries = new Map<number, Entry>();
  let ordered: Entry[] | null = null;
  const context = createEventContext();
  // Indexed matchers intern their conditions: each distinct one is evaluated at most once per
  // event. The naive loop keeps every program's own conditions: it is the reference path.
  const conditions = indexed ? new ConditionTable() : undefined;
  const index = conditions === undefined ? null : new EventIndex<Entry>(indexConditions(conditions));
  const assembly = new ResultAssembly();
  // Candidates of the current event: an entry is marked by stamping it with the event's
  // generation, so collecting candidates allocates nothing.
  let generation = 0;
  const candidates: Entry[] = [];
  const mark = (entry: Entry): void => {
    if (entry.stamp !== generation) {
      entry.stamp = generation;
      candidates.push(entry);
    }
  };

  function build(item: unknown): { entry: Entry | null; result: CompileResult } {
    let result: CompileResult;
    // A stored program is decoded and lowered once: its validation is its loading.
    let stored: LoadResult | null = null;
    try {
      if (isPlainObject(item) && isCompiledProgram(item)) ({ result, loaded: stored } = loadCompiledProgram(item, limits, conditions));
      else result = compileWithLimits(item, limits);
    } catch (caught) {
      // Only an object passed in directly (a Proxy, a throwing getter) gets here.
      const message = `internal error while loading: ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`;
      return { entry: null, result: { id: null, bytecode: null, bytecode_error: message, error: { code: 'internal_error', path: '', message }, warnings: [] } };
    }
    if (result.id === null) {
      if (stored?.ok === true && conditions !== undefined) for (const slot of stored.slots) conditions.release(slot);
      return { entry: null, result };
    }
    const name = readOwn(item, 'name');
    const failure = (message: string, error: CompileErrorInfo | null): Entry => ({
      id: result.id as number,
      predicate: null,
      error: { id: result.id as number, name: typeof name === 'string' ? name : null, bytecode_error: message, error },
      clauses: [],
      slots: [],
      plan: null,
      stamp: -1,
    });
    if (result.bytecode === null) return { entry: failure(result.bytecode_error ?? 'unknown error', result.error), result };
    const loaded = stored ?? loadProgram(result.bytecode, conditions);
    if (!loaded.ok) return { entry: failure(loaded.error, null), result };
    return { entry: { id: result.id, predicate: loaded.predicate, error: null, clauses: index === null ? [] : clausesOf(loaded.root, true), slots: loaded.slots, plan: loaded.plan, stamp: -1 }, result };
  }

  function upsert(item: unknown): CompileResult {
    const { entry, result } = build(item);
    if (entry !== null) {
      const previous = entries.get(entry.id);
      if (previous) discard(previous);
      entries.set(entry.id, entry);
      index?.add(entry, entry.clauses);
      ordered = null;
    }
    return result;
  }

  /** Unfiles an entry and gives back its conditions (after its replacement took its own). */
  function discard(entry: Entry): void {
    index?.delete(entry, entry.clauses);
    if (conditions !== undefined) for (const slot of entry.slots) conditions.release(slot);
  }

  function collectCandidates(): Entry[] {
    generation++;
    candidates.length = 0;
    index?.collect(context, mark);
    return candidates;
  }

  function sortedEntries(): Entry[] {
    ordered ??= [...entries.values()].sort((a, b) => a.id - b.id);
    return ordered;
  }

  const loaded = loadSafely(actions, options.includeDeleted === undefined ? {} : { includeDeleted: options.includeDeleted });
  for (const action of loaded.actions) upsert(action);

  return {
    match(event: unknown): number[] {
      // Events are plain data, but one passed in directly may carry getters or be a Proxy that
      // throws; such an event is malformed and matches nothing.
      try {
        if (!bindEvent(context, event, now)) return [];
      } catch {
        return [];
      }
      conditions?.beginEvent();
      assembly.begin();
      // A handful of programs run faster one after another than through the index.
      let useIndex = indexed && entries.size > SMALL_SET;
      let pool: Entry[];
      try {
        pool = useIndex ? collectCandidates() : sortedEntries();
      } catch {
        // The index reads event values outside any program; a value passed in directly (a
        // Proxy, a getter) may throw there. Every program then runs, each behind its own guard,
        // which is exactly the unindexed answer.
        useIndex = false;
        pool = sortedEntries();
      }
      for (let i = 0; i < pool.length; i++) {
        const entry = pool[i] as Entry;
        try {
          const plan = entry.plan;
          const matches = plan !== null && conditions !== undefined ? conditions.matchesPlan(plan, context) : entry.predicate !== null && entry.predicate(context);
          if (matches) assembly.add(entry.id);
        } catch {
          // Predicates are total; this guard keeps one unforeseen failure to one action.
        }
      }
      // Candidates arrive in index order; the contract is ascending ids.
      return assembly.finish(useIndex);
    },
    upsert,
    remove(id: number): boolean {
      const entry = entries.get(id);
      if (entry === undefined) return false;
      discard(entry);
      entries.delete(id);
      ordered = null;
      return true;
    },
    get errors(): readonly ActionError[] {
      return sortedEntries().flatMap((entry) => (entry.error === null ? [] : [entry.error]));
    },
    rejected: loaded.problems,
    get size(): number {
      return entries.size;
    },
  };
}
