// Human-readable listing of a program: one instruction per line, indented by nesting, each
// prefixed with its index in the bytecode array.
import { decodeProgram, FORMAT_MAGIC, FORMAT_VERSION } from './format.js';
import type { Expr, Operand, Source } from './ir.js';
import { Op, opcodeInfo } from './opcodes.js';
import { formatSelectorOperand, type SelectorOperand } from './selector-operand.js';

/**
 * Renders bytecode as text. Throws BytecodeError (with the position) when the bytecode does
 * not decode.
 */
export function disassemble(bytecode: unknown): string {
  const root = decodeProgram(bytecode);
  const lines = [`${FORMAT_MAGIC} v${FORMAT_VERSION}`];
  listExpr(root, 0, { position: 2 }, lines);
  return lines.join('\n');
}

function opName(op: number): string {
  return opcodeInfo.get(op)?.name ?? `?${op}`;
}

function formatOperand(operand: Operand): string {
  return JSON.stringify(operand);
}

function formatSource(source: Source): string {
  const name = opName(source.op);
  return source.operands.length === 0 ? name : `${name}(${source.operands.map(formatOperand).join(', ')})`;
}

function listExpr(expr: Expr, depth: number, cursor: { position: number }, lines: string[]): void {
  const prefix = String(cursor.position).padStart(4, ' ') + '  ' + '  '.repeat(depth);
  switch (expr.kind) {
    case 'constant':
      lines.push(prefix + opName(expr.op));
      cursor.position += 1;
      return;
    case 'combinator':
      lines.push(`${prefix}${opName(expr.op)} ${expr.items.length}`);
      cursor.position += 2;
      for (const item of expr.items) listExpr(item, depth + 1, cursor, lines);
      return;
    case 'not':
    case 'any_text':
      lines.push(prefix + (expr.kind === 'not' ? 'NOT' : 'ANY_TEXT'));
      cursor.position += 1;
      listExpr(expr.item, depth + 1, cursor, lines);
      return;
    case 'hogql':
      // The expression as written says more than its tree.
      lines.push(`${prefix}HOGQL ${JSON.stringify(expr.source)}`);
      cursor.position += 3;
      return;
    case 'test': {
      // A selector reads best as the CSS it was compiled from.
      const operands = expr.op === Op.SELECTOR ? [formatSelectorOperand(expr.operands[0] as SelectorOperand)] : expr.operands.map(formatOperand);
      lines.push([prefix + opName(expr.op), formatSource(expr.source), ...operands].join(' '));
      cursor.position += 2 + expr.source.operands.length + expr.operands.length;
      return;
    }
  }
}
