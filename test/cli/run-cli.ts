// Runs the built command-line tool as a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion; `input` (text or raw bytes) is its stdin. */
export function runCli(args: string[], input?: string | Uint8Array, env?: NodeJS.ProcessEnv): CliRun {
  const run = spawnSync(process.execPath, [cliPath, ...args], { input: input ?? '', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: env ?? process.env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** A fresh temporary folder and a `file(name, content)` that writes into it and returns the path. */
export function tempFiles(prefix: string): { dir: string; file: (name: string, content: string | Uint8Array) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}
