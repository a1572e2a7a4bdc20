// `actionmatch check`: a report on action definitions for CI. Every action that does not
// compile is an error with the path inside the action where the problem is; warnings (the
// compiler's, and lint-actions.ts: what compiles but silently changes what matches) are listed
// and fail the run only under --strict; the exit status says whether anything failed.
import { compileAction } from '../index.js';
import { lintAction, lintDuplicateNames } from '../action/lint-actions.js';
import type { LineWriter } from './output.js';
import { plural } from './plural.js';
import { readActions } from './read-actions.js';
import { readName } from './read-field.js';

export interface CheckCommandOptions {
  readonly actions: readonly string[];
  /** Warnings fail the run too. */
  readonly strict?: boolean;
}

/** Writes the report and returns the exit status: 1 when any action or entry failed (or, strict, warned), else 0. */
export async function runCheck(options: CheckCommandOptions, out: LineWriter, warn: (line: string) => void): Promise<number> {
  const loaded = await readActions(options.actions);
  for (const line of loaded.duplicates) warn(`actionmatch: ${line}`);
  const lines: string[] = [];
  // Entries that are not actions would be dropped silently by `match`: in CI that is a failure.
  for (const line of loaded.rejected) lines.push(`error: ${line}`);
  const duplicateNames = lintDuplicateNames(new Map(loaded.actions.map((entry) => [entry.id, readName(entry.action)])));
  let failed = 0;
  let warnings = 0;
  for (const { action, id, file } of loaded.actions) {
    const name = readName(action);
    const label = `action ${id}${name === null ? '' : ` ${JSON.stringify(name)}`} (${file})`;
    const result = compileAction(action);
    if (result.error !== null) {
      failed++;
      lines.push(`error: ${label}: ${describeAt(result.error.path, result.error.message)}`);
    }
    const duplicate = duplicateNames.get(id);
    for (const warning of [...result.warnings, ...lintAction(action), ...(duplicate === undefined ? [] : [duplicate])]) {
      warnings++;
      lines.push(`warning: ${label}: ${describeAt(warning.path, warning.message)}`);
    }
  }
  const rejected = loaded.rejected.length;
  const strictFailure = options.strict === true && warnings > 0;
  lines.push(
    `${plural(loaded.actions.length, 'action')}, ${failed} failed, ${plural(warnings, 'warning')}${strictFailure ? ' (failures under --strict)' : ''}${rejected === 0 ? '' : `, ${plural(rejected, 'entry that is not an action', 'entries that are not actions')}`}`,
  );
  for (const line of lines) {
    const waiting = out.write(line);
    if (waiting) await waiting;
  }
  return failed > 0 || rejected > 0 || strictFailure ? 1 : 0;
}

/** `at PATH: message`, without repeating the path when the message already starts with it. */
function describeAt(path: string, message: string): string {
  if (path === '') return message;
  const detail = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
  return `at ${path}: ${detail}`;
}
