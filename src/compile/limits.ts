// Compile-time limits (size caps on what one action may ask for). They bound the memory and
// time an action from an untrusted source can cost; exceeding one is a compile error
// (`limit_exceeded`) naming the limit, the value and where it is. The options object itself is
// validated when it is given: a limit that is not a positive integer is a programming error of
// the caller, not data, so it throws a TypeError there and then.
import { MAX_REGEX_COST } from '../regex/compile-cost.js';
import { CompileError } from './errors.js';

/** Size caps applied while an action compiles. All are counts, checked inclusively (`<=`). */
export interface Limits {
  /** Steps per action. */
  readonly maxSteps: number;
  /** Property filters per step. */
  readonly maxFiltersPerStep: number;
  /** Characters of one pattern: url / href / text regex and contains values, regex and icontains filter values. */
  readonly maxPatternLength: number;
  /** Characters of one selector (step `selector`, element filter value). */
  readonly maxSelectorLength: number;
  /** Compound selectors in one selector (`div > ul li` has three). */
  readonly maxSelectorCompounds: number;
  /** Items of one filter's value list. */
  readonly maxValuesPerList: number;
  /** Entries of the compiled bytecode array, header included. */
  readonly maxProgramSize: number;
  /** Characters of one HogQL expression (a `hogql` filter's key). */
  readonly maxExpressionLength: number;
  /** Bracket nesting of one HogQL expression (`lower(trim(x))` nests two deep); parse time grows fast with it. */
  readonly maxExpressionDepth: number;
  /**
   * Estimated compile cost of all the distinct regexes of one action together, in the units of
   * regex/compile-cost.ts (one pattern may cost at most MAX_REGEX_COST): bounds what compiling
   * one action can cost, however many regexes it holds.
   */
  readonly maxRegexCost: number;
}

/** The defaults: far above any action a person writes, low enough to bound a hostile one. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxSteps: 100,
  maxFiltersPerStep: 100,
  maxPatternLength: 10_000,
  maxSelectorLength: 10_000,
  maxSelectorCompounds: 100,
  maxValuesPerList: 1_000,
  maxProgramSize: 100_000,
  maxExpressionLength: 4_000,
  maxExpressionDepth: 16,
  maxRegexCost: 30_000,
});

const limitNames = Object.keys(DEFAULT_LIMITS) as (keyof Limits)[];

/**
 * `overrides` merged over DEFAULT_LIMITS, frozen. Throws a TypeError for an unknown limit name
 * or a value that is not a positive safe integer.
 */
export function resolveLimits(overrides: unknown): Limits {
  if (overrides === undefined || overrides === DEFAULT_LIMITS) return DEFAULT_LIMITS;
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new TypeError(`limits must be an object, got ${overrides === null ? 'null' : Array.isArray(overrides) ? 'array' : typeof overrides}`);
  }
  const resolved: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(overrides)) {
    if (!(limitNames as string[]).includes(name)) {
      throw new TypeError(`unknown limit "${name}" (known: ${limitNames.join(', ')})`);
    }
    const value: unknown = (overrides as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`limits.${name} must be a positive integer, got ${typeof value === 'number' ? String(value) : typeof value}`);
    }
    resolved[name] = value;
  }
  return Object.freeze(resolved) as unknown as Limits;
}

/** The `limit_exceeded` message: which limit, the value found, and the cap. */
export function describeExcess(what: string, found: number, name: keyof Limits, limits: Limits): string {
  return `${what} ${found} exceeds the limit ${name} = ${limits[name]}`;
}

// The limits of the compilation in progress. Compiling is synchronous and never re-entered, so
// one slot replaces threading the options through every compiler of the operator tables.
let active: Limits = DEFAULT_LIMITS;
// The regexes the compilation in progress has charged, and their estimated cost.
let charged: { patterns: Set<string>; cost: number } = { patterns: new Set(), cost: 0 };

/** Runs `compile` with `limits` in force, restoring the previous ones afterwards. */
export function withLimits<T>(limits: Limits, compile: () => T): T {
  const previous = active;
  const previousCharged = charged;
  active = limits;
  charged = { patterns: new Set(), cost: 0 };
  try {
    return compile();
  } finally {
    active = previous;
    charged = previousCharged;
  }
}

/**
 * Adds a regex's estimated compile cost to the compilation's total, and throws
 * `limit_exceeded` at `path` when the total goes above maxRegexCost. Each distinct pattern is
 * charged once (compiling it again reuses the interned result). Called before RE2 sees it.
 */
export function chargeRegexCost(pattern: string, cost: number, path: string): void {
  // A pattern too costly on its own is refused by compileRegex without compiling.
  if (charged.patterns.has(pattern) || cost > MAX_REGEX_COST) return;
  charged.patterns.add(pattern);
  charged.cost += cost;
  enforceLimit('maxRegexCost', charged.cost, 'estimated compile cost of the regexes so far', path);
}

/** The limits in force. */
export function currentLimits(): Limits {
  return active;
}

/** Throws `limit_exceeded` at `path` when `found` is above the limit `name`. */
export function enforceLimit(name: keyof Limits, found: number, what: string, path: string): void {
  if (found > active[name]) throw new CompileError('limit_exceeded', path, describeExcess(what, found, name, active));
}
