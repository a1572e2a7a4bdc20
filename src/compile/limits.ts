// Compile-time limits (size caps on what one action may ask for). They bound the memory and
// time an action from an untrusted source can cost; exceeding one is a compile error
// (`limit_exceeded`) naming the limit, the value and where it is. The options object itself is
// validated when it is given: a limit that is not a positive integer is a programming error of
// the caller, not data, so it throws a TypeError there and then.
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

/** Runs `compile` with `limits` in force, restoring the previous ones afterwards. */
export function withLimits<T>(limits: Limits, compile: () => T): T {
  const previous = active;
  active = limits;
  try {
    return compile();
  } finally {
    active = previous;
  }
}

/** The limits in force. */
export function currentLimits(): Limits {
  return active;
}

/** Throws `limit_exceeded` at `path` when `found` is above the limit `name`. */
export function enforceLimit(name: keyof Limits, found: number, what: string, path: string): void {
  if (found > active[name]) throw new CompileError('limit_exceeded', path, describeExcess(what, found, name, active));
}
