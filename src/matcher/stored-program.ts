// Stored programs: an entry `{id, bytecode}` as compileAction returned it, loaded without
// recompiling and checked as thoroughly as a fresh one. Shared by the matcher and explainMatch,
// so that both accept and refuse exactly the same stored programs with the same messages.
import { FORMAT_MAGIC } from '../bytecode/format.js';
import { readActionId, type CompileResult } from '../compile/compile-action.js';
import type { CompileErrorInfo } from '../compile/errors.js';
import { describeExcess, type Limits } from '../compile/limits.js';
import { readOwn } from '../event/read-value.js';
import type { ConditionTable } from '../vm/condition-table.js';
import { loadProgram, type LoadResult } from '../vm/load-program.js';

/** Whether `item` carries a stored program (`bytecode` with our format header) rather than steps. */
export function isCompiledProgram(item: unknown): boolean {
  const bytecode = readOwn(item, 'bytecode');
  return Array.isArray(bytecode) && bytecode[0] === FORMAT_MAGIC;
}

/** Loads a stored program without recompiling, checking it as thoroughly as a fresh one. */
export function loadCompiled(item: Record<string, unknown>, limits: Limits): CompileResult {
  return loadCompiledProgram(item, limits).result;
}

/**
 * loadCompiled, also handing back the loaded program (its conditions interned in `table` if
 * given), so that a matcher decodes and lowers a stored program once.
 */
export function loadCompiledProgram(item: Record<string, unknown>, limits: Limits, table?: ConditionTable): { result: CompileResult; loaded: LoadResult | null } {
  const id = readActionId(item);
  const bytecode = readOwn(item, 'bytecode') as unknown[];
  if (bytecode.length > limits.maxProgramSize) {
    const message = `bytecode: ${describeExcess('program size', bytecode.length, 'maxProgramSize', limits)}`;
    return { result: { id, bytecode: null, bytecode_error: message, error: { code: 'limit_exceeded', path: 'bytecode', message }, warnings: [] }, loaded: null };
  }
  const loaded = loadProgram(bytecode, table);
  if (loaded.ok) return { result: { id, bytecode, bytecode_error: null, error: null, warnings: [] }, loaded };
  const error: CompileErrorInfo = { code: 'invalid_bytecode', path: 'bytecode', message: loaded.error };
  return { result: { id, bytecode: null, bytecode_error: loaded.error, error, warnings: [] }, loaded: null };
}
