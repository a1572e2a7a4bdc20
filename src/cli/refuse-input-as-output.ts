// An `--out` that is also one of the command's inputs is refused before anything is read or
// written, as `sort -o` users expect not to lose the input. Files are compared by identity
// (device and inode), so the same file reached through a symbolic link, `./`, `..` or a hard
// link is caught; standard input counts when it is redirected from the file. Only an existing
// regular file can be lost this way: a file that does not exist yet is no input, and a FIFO or
// device (/dev/stdout) has no content to overwrite.
import { fstatSync, statSync, type Stats } from 'node:fs';
import { UsageError } from './usage-error.js';

/** One input of the command: the option that names it and its path ('-' = standard input). */
export interface CommandInput {
  readonly option: string;
  readonly path: string;
}

function statOrNull(read: () => Stats): Stats | null {
  try {
    return read();
  } catch {
    return null;
  }
}

const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

/** Throws a UsageError naming the input when `outPath` is the same file as one of `inputs`. */
export function refuseInputAsOutput(outPath: string, inputs: readonly CommandInput[]): void {
  const output = statOrNull(() => statSync(outPath));
  if (output === null || !output.isFile()) return;
  let stdin: Stats | null | undefined;
  for (const input of inputs) {
    const isStdin = input.path === '-';
    if (isStdin) stdin ??= statOrNull(() => fstatSync(0));
    const stats = isStdin ? stdin : statOrNull(() => statSync(input.path));
    if (stats === null || stats === undefined || !sameFile(stats, output)) continue;
    const named = isStdin ? `standard input, read as ${input.option}` : `${input.option} ${input.path}`;
    throw new UsageError(`--out ${outPath} is also an input (${named}); write the output to another file`);
  }
}
