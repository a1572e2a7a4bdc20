// Golden disassembly of representative actions. Set UPDATE_GOLDEN=1 to rewrite the files
// after a deliberate change of the compiler, then review the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileAction, disassemble } from '../../src/index.js';

const actions = JSON.parse(readFileSync(new URL('actions.json', import.meta.url), 'utf8')) as Array<{ id: number; name: string }>;

describe('golden disassembly', () => {
  it.each(actions.map((a) => [a.name, a] as const))('%s', (_name, action) => {
    const result = compileAction(action);
    expect(result.bytecode_error).toBeNull();
    const text = `# ${action.name}\n# ${JSON.stringify(result.bytecode)}\n${disassemble(result.bytecode)}\n`;
    const file = new URL(`${action.id}.txt`, import.meta.url);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
