// Reading an actions file for the command-line tool: JSON in any shape the loader accepts.
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error.js';

/** Parses the JSON in `path` ('-' = standard input). Unreadable or invalid files are usage errors. */
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
    throw new UsageError(`actions file ${path} is not valid JSON: ${(caught as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
