// The shape rules every JSON value from outside must meet before anything recurses over it:
// nesting at most MAX_JSON_DEPTH deep, and numbers that are finite. JSON.parse itself nests
// without limit, but JSON.stringify and every recursive walk after it (storage, hashing, CSV,
// webhook messages, answers that echo a value) overflow the stack somewhere past a few thousand
// levels; and a number too large for a double (`1e999`) parses as Infinity, which JSON.stringify
// writes as null, so what would be stored is not what was read. The walk here is iterative: it
// cannot overflow whatever the value.

/** Deepest nesting accepted: a top-level object or array is depth 1. */
export const MAX_JSON_DEPTH = 100;

export type JsonPathSegment = string | number;

export interface JsonProblem {
  /** `limit_exceeded` (too deep) or `invalid_number` (not finite). */
  readonly code: 'limit_exceeded' | 'invalid_number';
  /** Where, from the top of the value: keys and array indexes. */
  readonly path: readonly JsonPathSegment[];
  /** What is wrong, without the path. */
  readonly message: string;
}

interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Visit | null;
  readonly segment: JsonPathSegment | null;
}

function pathOf(visit: Visit): JsonPathSegment[] {
  const path: JsonPathSegment[] = [];
  for (let at: Visit | null = visit; at !== null && at.segment !== null; at = at.parent) path.push(at.segment);
  return path.reverse();
}

export interface JsonRules {
  /** Deepest nesting accepted (default MAX_JSON_DEPTH). */
  readonly maxDepth?: number;
  /** Whether a number that is not finite is a problem (default true: it cannot be stored). */
  readonly finiteNumbers?: boolean;
}

/**
 * The first place (depth first, in key order) where `value` nests deeper than the rules allow
 * or holds a number that is not finite; null when there is none. Never throws, never recurses.
 */
export function findJsonProblem(value: unknown, rules: JsonRules = {}): JsonProblem | null {
  const maxDepth = rules.maxDepth ?? MAX_JSON_DEPTH;
  const finiteNumbers = rules.finiteNumbers ?? true;
  const pending: Visit[] = [{ value, depth: 0, parent: null, segment: null }];
  for (;;) {
    const visit = pending.pop();
    if (visit === undefined) return null;
    const item = visit.value;
    if (typeof item === 'number') {
      if (finiteNumbers && !Number.isFinite(item)) {
        return { code: 'invalid_number', path: pathOf(visit), message: `number out of range (it reads as ${String(item)}; a JSON number must fit in a double)` };
      }
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    const depth = visit.depth + 1;
    if (depth > maxDepth) return { code: 'limit_exceeded', path: pathOf(visit), message: `nested deeper than ${maxDepth} levels` };
    // Pushed in reverse so that the first key is looked at first.
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index--) pending.push({ value: item[index], depth, parent: visit, segment: index });
    } else {
      const keys = Object.keys(item);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index] as string;
        pending.push({ value: (item as Record<string, unknown>)[key], depth, parent: visit, segment: key });
      }
    }
  }
}

const identifier = /^[A-Za-z_$][\w$]*$/;
const MAX_KEY_SHOWN = 40;

/** `root.a[0]["b c"]`: a path as a JavaScript accessor chain, long keys shortened. */
export function formatJsonPath(path: readonly JsonPathSegment[], root = ''): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = segment.length > MAX_KEY_SHOWN ? `${segment.slice(0, MAX_KEY_SHOWN)}…` : segment;
      text += identifier.test(segment) ? (text === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return text === '' ? '(the top level)' : text;
}

/** The problem as one line: `uuid[0][0]…: nested deeper than 100 levels`. */
export function describeJsonProblem(problem: JsonProblem, root = ''): string {
  return `${formatJsonPath(problem.path, root)}: ${problem.message}`;
}
