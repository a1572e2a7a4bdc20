// Loading a stored program: decode and validate the bytecode, then lower it to a predicate.
// This is how both freshly compiled and previously stored programs reach the matcher.
import { BytecodeError, decodeProgram } from '../bytecode/format.js';
import type { Expr } from '../bytecode/ir.js';
import type { ConditionTable } from './condition-table.js';
import { lowerProgram, ProgramLoadError, type Predicate } from './lower.js';
import { lowerSharedProgram, type SlotPlan } from './lower-shared.js';

/**
 * A loaded program: its predicate, the decoded tree (which the matcher indexes) and, when
 * loaded against a ConditionTable, the slots it holds there.
 */
export type LoadResult = { ok: true; predicate: Predicate; root: Expr; slots: readonly number[]; plan: SlotPlan | null } | { ok: false; error: string };

const NO_SLOTS: readonly number[] = Object.freeze([]);

/**
 * Validates `bytecode` and prepares it for evaluation, its conditions interned in `table` if
 * given (lowerSharedProgram). Never throws.
 */
export function loadProgram(bytecode: unknown, table?: ConditionTable): LoadResult {
  try {
    const root = decodeProgram(bytecode);
    if (table === undefined) return { ok: true, predicate: lowerProgram(root), root, slots: NO_SLOTS, plan: null };
    const shared = lowerSharedProgram(root, table);
    return { ok: true, predicate: shared.predicate, root, slots: shared.slots, plan: shared.plan };
  } catch (caught) {
    if (caught instanceof BytecodeError || caught instanceof ProgramLoadError) return { ok: false, error: caught.message };
    const detail = caught instanceof Error ? caught.message : String(caught);
    return { ok: false, error: `bytecode could not be loaded: ${detail}` };
  }
}
