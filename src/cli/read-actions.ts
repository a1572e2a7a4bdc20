// Reading action definitions for the command-line tool: every `--actions` argument is a file,
// a glob (expanded with fast-glob) or '-' for stdin; each file is JSON in any shape the loader
// accepts. Files are merged by id and the later file wins, as a deploy that layers
// definitions would expect; duplicates are reported rather than silently resolved.
import { readFile } from 'node:fs/promises';
import fg from 'fast-glob';
import { loadActions } from '../index.js';
import { findJsonErrorOffset, lineColumnOf, shortJsonMessage } from './json-position.js';
import { readField } from './read-field.js';
import { UsageError } from './usage-error.js';

/** One action and the file it came from. */
export interface SourcedAction {
  readonly action: Record<string, unknown>;
  readonly id: number;
  readonly file: string;
}

export interface ReadActions {
  /** Actions merged by id across files, in first-seen order; `deleted: true` ones dropped. */
  readonly actions: SourcedAction[];
  /** Entries that are not actions at all (not an object, no integer id), prefixed with their file. */
  readonly rejected: string[];
  /** Ids defined more than once, within a file or across files, with which definition wins. */
  readonly duplicates: string[];
}

/** Expands `patterns` into files, in argument order; each glob's matches are sorted for a stable order. */
async function expandPatterns(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '-' || !fg.isDynamicPattern(pattern)) {
      files.push(pattern);
      continue;
    }
    const matched = await fg(pattern, { onlyFiles: true, dot: false });
    if (matched.length === 0) throw new UsageError(`no actions files match ${JSON.stringify(pattern)}`);
    files.push(...matched.sort());
  }
  return files;
}

/** Reads, parses and merges every actions file. Unreadable or invalid files are usage errors. */
export async function readActions(patterns: readonly string[]): Promise<ReadActions> {
  const byId = new Map<number, SourcedAction>();
  const rejected: string[] = [];
  const duplicates: string[] = [];
  for (const file of await expandPatterns(patterns)) {
    // Deleted entries are kept through the merge so that a later file deleting an action wins.
    const loaded = loadActions(await readActionsFile(file), { includeDeleted: true });
    for (const problem of loaded.problems) (problem.id === null ? rejected : duplicates).push(`${file}: ${problem.message}`);
    for (const action of loaded.actions) {
      const id = readField(action, 'id') as number;
      const earlier = byId.get(id);
      if (earlier !== undefined && earlier.file !== file) {
        duplicates.push(`duplicate action id ${id} in ${file} and ${earlier.file}; the one in ${file} wins`);
      }
      byId.set(id, { action: action as unknown as Record<string, unknown>, id, file });
    }
  }
  const actions = [...byId.values()].filter((entry) => readField(entry.action, 'deleted') !== true);
  return { actions, rejected, duplicates };
}

/** Parses the JSON in `path` ('-' = standard input), naming line:column when it is not JSON. */
export async function readActionsFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (caught) {
    throw new UsageError(`cannot read actions file ${path}: ${(caught as NodeJS.ErrnoException).code ?? String(caught)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (caught) {
    const message = shortJsonMessage((caught as Error).message);
    const offset = findJsonErrorOffset(text);
    if (offset < 0) throw new UsageError(`actions file ${path} is not valid JSON: ${message}`);
    const { line, column } = lineColumnOf(text, offset);
    throw new UsageError(`actions file ${path} is not valid JSON at ${line}:${column}: ${message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
