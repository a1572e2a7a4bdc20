import { describe, expect, it } from 'vitest';
import { BytecodeError, decodeProgram, encodeProgram, FORMAT_MAGIC, FORMAT_VERSION } from '../../src/bytecode/format.js';
import { source, test as testExpr, type Expr } from '../../src/bytecode/ir.js';
import { Op } from '../../src/bytecode/opcodes.js';
import { compileAction, disassemble } from '../../src/index.js';

const sample: Expr = {
  kind: 'combinator',
  op: Op.AND,
  items: [testExpr(Op.EQ, source(Op.SRC_EVENT), '$pageview'), testExpr(Op.IN, source(Op.SRC_GROUP_PROP, 2, 'plan'), ['a', 1, true, null])],
};

describe('bytecode format', () => {
  it('round-trips through JSON', () => {
    const bytecode = encodeProgram(sample);
    expect(bytecode.slice(0, 2)).toEqual([FORMAT_MAGIC, FORMAT_VERSION]);
    expect(decodeProgram(JSON.parse(JSON.stringify(bytecode)))).toEqual(sample);
  });

  it('is deterministic: the same action gives the same bytes', () => {
    const action = { id: 1, steps: [{ event: '$pageview', url: 'docs', properties: [{ key: 'a', value: ['x', 'y'], operator: 'icontains' }] }] };
    expect(JSON.stringify(compileAction(action).bytecode)).toBe(JSON.stringify(compileAction(structuredClone(action)).bytecode));
  });

  const good = encodeProgram(sample) as unknown[];
  it.each([
    ['not an array', { a: 1 }, 'bytecode must be an array'],
    ['wrong header', ['_H', 1, Op.TRUE], 'bytecode[0]: expected the header "_AM"'],
    ['future version', [FORMAT_MAGIC, 99, Op.TRUE], 'bytecode[1]: unsupported format version 99'],
    ['unknown opcode', [FORMAT_MAGIC, 1, 999], 'bytecode[2]: unknown opcode 999'],
    ['truncated', good.slice(0, -1), 'program ends in the middle of an instruction'],
    ['trailing data', [...good, Op.TRUE], 'unexpected trailing instructions'],
    ['bad operand', [FORMAT_MAGIC, 1, Op.EQ, Op.SRC_PROP, 5, 'x'], 'bytecode[4]: expected a string, got 5'],
    ['source as instruction', [FORMAT_MAGIC, 1, Op.SRC_EVENT], 'is a value source, not an instruction'],
    ['bad group index', [FORMAT_MAGIC, 1, Op.IS_SET, Op.SRC_GROUP_PROP, 9, 'k'], 'expected a group type index 0-4'],
    ['too deep', [FORMAT_MAGIC, 1, ...Array(40).fill(Op.NOT), Op.TRUE], 'nests deeper than'],
  ])('rejects %s', (_name, bytecode, message) => {
    expect(() => decodeProgram(bytecode)).toThrow(BytecodeError);
    expect(() => decodeProgram(bytecode)).toThrow(message);
  });

  it('disassembles with positions and nesting', () => {
    expect(disassemble(encodeProgram(sample))).toBe(
      ['_AM v1', '   2  AND 2', '   4    EQ event "$pageview"', '   7    IN group(2, "plan") ["a",1,true,null]'].join('\n'),
    );
  });
});

describe('selector operands', () => {
  it('are validated when decoded, and disassembled as CSS', () => {
    const compiled = compileAction({ id: 1, steps: [{ event: '$autocapture', selector: 'div.card > button#buy' }] });
    expect(disassemble(compiled.bytecode)).toContain('SELECTOR elements div.card > button#buy');
    const corrupted = [...(compiled.bytecode as unknown[])];
    const at = corrupted.findIndex((item) => Array.isArray(item));
    corrupted[at] = [['div', 'card', []]];
    expect(() => decodeProgram(corrupted)).toThrow(`bytecode[${at}]: expected a compiled selector`);
  });
});
