// The stored program format: a JSON array `["_AM", <version>, ...instructions]`, the
// instructions being the program tree in prefix order (see opcodes.ts). Encoding is
// deterministic; decoding validates everything, so a corrupted or hand-edited program is
// rejected with a message instead of misbehaving at evaluation time.
import type { ConstantOp, CombinatorOp, Expr, Operand, Scalar, Source, SourceOp, TestOp } from './ir.js';
import { Op, opcodeInfo, type OperandKind } from './opcodes.js';
import { checkHogQLTree, type HogQLTree } from './hogql-tree.js';
import { isSelectorOperand } from './selector-operand.js';

export const FORMAT_MAGIC = '_AM';
export const FORMAT_VERSION = 1;
/** Nesting deeper than any compiled action needs; it bounds recursion on hostile input. */
export const MAX_PROGRAM_DEPTH = 32;

/** A stored program: plain JSON, safe to serialise and load later. */
export type Bytecode = readonly unknown[];

/** Encodes a program tree as bytecode. */
export function encodeProgram(root: Expr): Bytecode {
  const out: unknown[] = [FORMAT_MAGIC, FORMAT_VERSION];
  encodeExpr(root, out);
  return out;
}

/** Appends the instructions of `expr` (prefix order) to `out`. */
export function encodeExpr(expr: Expr, out: unknown[]): void {
  switch (expr.kind) {
    case 'constant':
      out.push(expr.op);
      return;
    case 'combinator':
      out.push(expr.op, expr.items.length);
      for (const item of expr.items) encodeExpr(item, out);
      return;
    case 'not':
    case 'any_text':
      out.push(expr.kind === 'not' ? Op.NOT : Op.ANY_TEXT);
      encodeExpr(expr.item, out);
      return;
    case 'test':
      out.push(expr.op, expr.source.op, ...expr.source.operands.map(copyOperand), ...expr.operands.map(copyOperand));
      return;
    case 'hogql':
      out.push(Op.HOGQL, expr.source, copyOperand(expr.tree as Operand));
      return;
  }
}

function copyOperand(operand: Operand): Operand {
  return Array.isArray(operand) ? (JSON.parse(JSON.stringify(operand)) as Operand) : operand;
}

export class BytecodeError extends Error {
  override readonly name = 'BytecodeError';
}

/** Decodes and validates bytecode. Throws BytecodeError naming the position of the problem. */
export function decodeProgram(bytecode: unknown): Expr {
  if (!Array.isArray(bytecode)) throw new BytecodeError('bytecode must be an array');
  if (bytecode[0] !== FORMAT_MAGIC) {
    throw new BytecodeError(`bytecode[0]: expected the header "${FORMAT_MAGIC}", got ${preview(bytecode[0])}`);
  }
  if (bytecode[1] !== FORMAT_VERSION) {
    throw new BytecodeError(`bytecode[1]: unsupported format version ${preview(bytecode[1])} (this build reads version ${FORMAT_VERSION})`);
  }
  const reader = new Reader(bytecode);
  const root = reader.expr(0);
  if (reader.position !== bytecode.length) {
    throw new BytecodeError(`bytecode[${reader.position}]: unexpected trailing instructions`);
  }
  return root;
}

class Reader {
  position = 2;
  constructor(private readonly code: readonly unknown[]) {}

  private fail(message: string, at = this.position): never {
    throw new BytecodeError(`bytecode[${at}]: ${message}`);
  }

  private take(): unknown {
    if (this.position >= this.code.length) this.fail('program ends in the middle of an instruction');
    return this.code[this.position++];
  }

  /** How many ANY_TEXT quantifiers enclose the current position: SRC_ITEM needs one. */
  private quantifiers = 0;

  expr(depth: number): Expr {
    if (depth > MAX_PROGRAM_DEPTH) this.fail(`program nests deeper than ${MAX_PROGRAM_DEPTH} levels`);
    const at = this.position;
    const op = this.take();
    const meta = typeof op === 'number' ? opcodeInfo.get(op) : undefined;
    if (meta === undefined) return this.fail(`unknown opcode ${preview(op)}`, at);
    switch (meta.role) {
      case 'constant':
        return { kind: 'constant', op: op as ConstantOp };
      case 'combinator': {
        const count = this.operand('count', at);
        const items: Expr[] = [];
        for (let i = 0; i < (count as number); i++) items.push(this.expr(depth + 1));
        return { kind: 'combinator', op: op as CombinatorOp, items };
      }
      case 'not':
        return { kind: 'not', item: this.expr(depth + 1) };
      case 'quantifier': {
        if (this.quantifiers > 0) this.fail('ANY_TEXT cannot be nested', at);
        this.quantifiers++;
        const item = this.expr(depth + 1);
        this.quantifiers--;
        return { kind: 'any_text', item };
      }
      case 'test': {
        const from = this.source();
        const operands = meta.operands.map((kind) => this.operand(kind, at));
        return { kind: 'test', op: op as TestOp, source: from, operands };
      }
      case 'source':
        return this.fail(`${meta.name} is a value source, not an instruction`, at);
      case 'hogql': {
        const [text, tree] = meta.operands.map((kind) => this.operand(kind, at));
        return { kind: 'hogql', source: text as string, tree: tree as HogQLTree };
      }
    }
  }

  private source(): Source {
    const at = this.position;
    const op = this.take();
    const meta = typeof op === 'number' ? opcodeInfo.get(op) : undefined;
    if (meta?.role !== 'source') return this.fail(`expected a value source, got ${preview(op)}`, at);
    if (op === Op.SRC_ITEM && this.quantifiers === 0) this.fail('the text source is only valid inside ANY_TEXT', at);
    return { op: op as SourceOp, operands: meta.operands.map((kind) => this.operand(kind, at)) };
  }

  private operand(kind: OperandKind, instructionAt: number): Operand {
    const at = this.position;
    const value = this.take();
    const problem = checkOperand(kind, value);
    if (problem !== null) this.fail(`${problem} (operand of the instruction at ${instructionAt})`, at);
    return value as Operand;
  }
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function checkOperand(kind: OperandKind, value: unknown): string | null {
  switch (kind) {
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? null : `expected an item count, got ${preview(value)}`;
    case 'group_index':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 4 ? null : `expected a group type index 0-4, got ${preview(value)}`;
    case 'string':
      return typeof value === 'string' ? null : `expected a string, got ${preview(value)}`;
    case 'scalar':
      return isScalar(value) ? null : `expected a string, number, boolean or null, got ${preview(value)}`;
    case 'scalars':
      return Array.isArray(value) && value.every(isScalar) ? null : `expected an array of scalars, got ${preview(value)}`;
    case 'selector':
      return isSelectorOperand(value) ? null : `expected a compiled selector, got ${preview(value)}`;
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : `expected an array of strings, got ${preview(value)}`;
    case 'hogql_tree': {
      const problem = checkHogQLTree(value);
      return problem === null ? null : `invalid HogQL expression tree: ${problem}`;
    }
  }
}

/** A bounded JSON rendering of a value for error messages. */
export function preview(value: unknown, limit = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? text.slice(0, limit - 1) + '…' : text;
}
