// `actionmatch compile`: one line per action with its bytecode or its bytecode_error, in our
// format or (`--target hogvm`) as the HogVM bytecode PostHog itself would store.
import { loadActions } from '../action/load-actions.js';
import { compileAction } from '../compile/compile-action.js';
import { readOwn } from '../event/read-value.js';
import { toHogBytecode } from '../hogvm/to-hog-bytecode.js';
import type { LineWriter } from './output.js';
import { readActionsFile } from './read-actions.js';

/** `actionmatch`: our program format; `hogvm`: PostHog's HogVM bytecode. */
export type CompileTarget = 'actionmatch' | 'hogvm';

export interface CompileCommandOptions {
  readonly actions: string;
  readonly target?: CompileTarget;
}

export async function runCompile(options: CompileCommandOptions, out: LineWriter, warn: (line: string) => void): Promise<void> {
  const loaded = loadActions(await readActionsFile(options.actions));
  for (const problem of loaded.problems) warn(`actionmatch: ${options.actions}: ${problem.message}`);
  for (const action of loaded.actions) {
    const name = readOwn(action, 'name');
    if (options.target === 'hogvm') {
      const hog = toHogBytecode(action);
      const id = readOwn(action, 'id');
      const waiting = out.write(JSON.stringify({ id, name: typeof name === 'string' ? name : null, bytecode: hog.bytecode, bytecode_error: hog.bytecode_error }));
      if (waiting) await waiting;
      continue;
    }
    const result = compileAction(action);
    const waiting = out.write(
      JSON.stringify({
        id: result.id,
        name: typeof name === 'string' ? name : null,
        bytecode: result.bytecode,
        bytecode_error: result.bytecode_error,
        warnings: result.warnings.map((warning) => warning.message),
      }),
    );
    if (waiting) await waiting;
  }
}
