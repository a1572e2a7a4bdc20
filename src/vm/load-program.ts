// Loading a stored program: decode and validate the bytecode, then lower it to a predicate.
// This is how both freshly compiled and previously stored programs reach the matcher.
import { BytecodeError, decodeProgram } from '../bytecode/format.js';
import { lowerProgram, ProgramLoadError, type Predicate } from './lower.js';

import type { Expr } from '../bytecode/ir.js';

/** A loaded program: its predicate, and the decoded tree (which the matcher indexes). */
export type LoadResult = { ok: true; predicate: Predicate; root: Expr } | { ok: false; error: string };

/** Validates `bytecode` and prepares it for evaluation. Never throws. */
export function loadProgram(bytecode: unknown): LoadResult {
  try {
    const root = decodeProgram(bytecode);
    return { ok: true, predicate: lowerProgram(root), root };
  } catch (caught) {
    if (caught instanceof BytecodeError || caught instanceof ProgramLoadError) return { ok: false, error: caught.message };
    const detail = caught instanceof Error ? caught.message : String(caught);
    return { ok: false, error: `bytecode could not be loaded: ${detail}` };
  }
}
