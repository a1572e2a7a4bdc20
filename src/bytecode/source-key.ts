// A stable string identity for a value source, so clauses reading the same value share one read.
import type { Source } from './ir.js';

export function sourceKeyOf(source: Source): string {
  return JSON.stringify([source.op, ...source.operands]);
}
