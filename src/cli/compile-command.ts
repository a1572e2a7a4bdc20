// `actionmatch compile`: one line per action with its bytecode or its bytecode_error, in our
// format or (`--target hogvm`) as the HogVM bytecode PostHog itself would store; or, with
// `--disassemble`, each program as a readable listing.
import { compileAction, disassemble, toHogBytecode } from '../index.js';
import type { LineWriter } from './output.js';
import { readActions } from './read-actions.js';
import { readName } from './read-field.js';

/** `actionmatch`: our program format; `hogvm`: PostHog's HogVM bytecode. */
export type CompileTarget = 'actionmatch' | 'hogvm';

export interface CompileCommandOptions {
  readonly actions: readonly string[];
  readonly target: CompileTarget;
  readonly disassemble: boolean;
}

export async function runCompile(options: CompileCommandOptions, out: LineWriter, warn: (line: string) => void): Promise<void> {
  const loaded = await readActions(options.actions);
  for (const line of [...loaded.rejected, ...loaded.duplicates]) warn(`actionmatch: ${line}`);
  for (const { action, id } of loaded.actions) {
    const name = readName(action);
    let text: string;
    if (options.target === 'hogvm') {
      const hog = toHogBytecode(action);
      text = JSON.stringify({ id, name, bytecode: hog.bytecode, bytecode_error: hog.bytecode_error });
    } else {
      const result = compileAction(action);
      if (options.disassemble) {
        const header = `# action ${id}${name === null ? '' : ` ${JSON.stringify(name)}`}`;
        text = result.bytecode === null ? `${header}: does not compile: ${result.bytecode_error ?? ''}\n` : `${header}\n${disassemble(result.bytecode)}\n`;
      } else {
        const warnings = result.warnings.map((warning) => warning.message);
        text = JSON.stringify({ id: result.id, name, bytecode: result.bytecode, bytecode_error: result.bytecode_error, warnings });
      }
    }
    const waiting = out.write(text);
    if (waiting) await waiting;
  }
}
