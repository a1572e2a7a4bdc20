// The single error boundary of the compiler: whatever it is given, compileAction returns a
// result, with either bytecode or a `bytecode_error`, and never throws.
import { encodeProgram, type Bytecode } from '../bytecode/format.js';
import { TRUE_EXPR, type Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { describeKind, isPlainObject, readOwn } from '../event/read-value.js';
import { CompileError, WarningSink, type CompileErrorInfo, type CompileWarning } from './errors.js';
import { optimize } from './optimize.js';
import { readOptionalArray } from './read-fields.js';
import { DEFAULT_LIMITS, enforceLimit, resolveLimits, withLimits, type Limits } from './limits.js';
import { compileStep } from './steps.js';

export interface CompileResult {
  /** The action's `id`, or null when it has no integer id. */
  readonly id: number | null;
  /** The program, or null when the action does not compile. */
  readonly bytecode: Bytecode | null;
  /** Why the action does not compile (PostHog's text where PostHog has one), else null. */
  readonly bytecode_error: string | null;
  /** The same failure, structured: a stable code and the path inside the action. */
  readonly error: CompileErrorInfo | null;
  /** Parts of the action that compile but are ignored, or make it never match. */
  readonly warnings: readonly CompileWarning[];
}

/** Reads an action's id: a safe integer, else null. */
export function readActionId(action: unknown): number | null {
  const id = readOwn(action, 'id');
  return Number.isSafeInteger(id) ? (id as number) : null;
}

export interface CompileOptions {
  /** Overrides of DEFAULT_LIMITS; each must be a positive integer (else a TypeError is thrown). */
  readonly limits?: Partial<Limits>;
}

/**
 * Compiles one action (the Actions API object) into bytecode. Never throws on the action: any
 * failure, ours or a dependency's, becomes `bytecode_error`. Invalid `options.limits` (a
 * caller's mistake, not data) throw a TypeError before anything is compiled.
 */
export function compileAction(action: unknown, options?: CompileOptions): CompileResult {
  return compileWithLimits(action, resolveLimits(options?.limits));
}

/** compileAction with limits already validated (the matcher resolves them once). */
export function compileWithLimits(action: unknown, limits: Limits = DEFAULT_LIMITS): CompileResult {
  let id: number | null;
  try {
    id = readActionId(action);
  } catch (caught) {
    // Only an object passed in directly (a Proxy, a throwing getter) gets here; still an answer.
    const error = toErrorInfo(caught);
    return { id: null, bytecode: null, bytecode_error: error.message, error, warnings: [] };
  }
  const warnings = new WarningSink();
  try {
    return withLimits(limits, () => {
      const root = optimize(buildActionExpr(action, warnings));
      if (root.kind === 'constant' && root.op !== Op.TRUE) {
        warnings.add('never_matches', 'steps', 'this action can never match (its only conditions are ignored filters or contradictions)');
      }
      const bytecode = encodeProgram(root);
      enforceLimit('maxProgramSize', bytecode.length, 'program size', '');
      return { id, bytecode, bytecode_error: null, error: null, warnings: warnings.warnings };
    });
  } catch (caught) {
    const error = toErrorInfo(caught);
    return { id, bytecode: null, bytecode_error: error.message, error, warnings: warnings.warnings };
  }
}

/** The whole action as PostHog's action_to_expr shapes it: its steps ORed. */
function buildActionExpr(action: unknown, warnings: WarningSink): Expr {
  if (!isPlainObject(action)) throw new CompileError('invalid_action', '', `an action must be a JSON object, got ${describeKind(action)}`);
  const steps = readOptionalArray(action, 'steps', 'steps') ?? [];
  if (steps.length === 0) return TRUE_EXPR;
  enforceLimit('maxSteps', steps.length, 'number of steps', 'steps');
  const exprs = steps.map((step, i) => compileStep(step, `steps[${i}]`, warnings));
  if (exprs.length === 1 && exprs[0] !== undefined) return exprs[0];
  return { kind: 'combinator', op: Op.OR, items: exprs };
}

function toErrorInfo(caught: unknown): CompileErrorInfo {
  if (caught instanceof CompileError) return caught.toInfo();
  // A bug of ours or a dependency's failure: still an answer, never an exception.
  const detail = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  return { code: 'internal_error', path: '', message: `internal error while compiling: ${detail}` };
}
