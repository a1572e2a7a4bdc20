// The single error boundary of the compiler: whatever it is given, compileAction returns a
// result, with either bytecode or a `bytecode_error`, and never throws.
import { encodeProgram, type Bytecode } from '../bytecode/format.js';
import { TRUE_EXPR, type Expr } from '../bytecode/ir.js';
import { Op } from '../bytecode/opcodes.js';
import { describeKind, isPlainObject, readOwn } from '../event/read-value.js';
import { CompileError, WarningSink, type CompileErrorInfo, type CompileWarning } from './errors.js';
import { optimize } from './optimize.js';
import { readOptionalArray } from './read-fields.js';
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

/**
 * Compiles one action (the Actions API object) into bytecode. Never throws: any failure,
 * ours or a dependency's, becomes `bytecode_error`.
 */
export function compileAction(action: unknown): CompileResult {
  const id = readActionId(action);
  const warnings = new WarningSink();
  try {
    const root = optimize(buildActionExpr(action, warnings));
    if (root.kind === 'constant' && root.op !== Op.TRUE) {
      warnings.add('never_matches', 'steps', 'this action can never match (its only conditions are ignored filters or contradictions)');
    }
    return { id, bytecode: encodeProgram(root), bytecode_error: null, error: null, warnings: warnings.warnings };
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
