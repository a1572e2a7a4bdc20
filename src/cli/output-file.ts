// `--out FILE`: the output is written to a temporary file beside FILE and renamed over it only
// when the command has succeeded, so FILE is always either its old content or the complete new
// one. A failure, SIGINT or SIGTERM removes the temporary file and leaves FILE as it was; so
// does any exit of the process before the commit (an 'exit' hook), short of SIGKILL or a crash
// of the machine, after which a `.NAME.<pid>-<hex>.tmp` file may remain beside FILE.
// FILE that is not a regular file (a FIFO, /dev/null, a terminal) is written directly: there is
// nothing to replace, and renaming over a device would destroy it.
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fchmodSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from './usage-error.js';

export interface OutputFile {
  /** Where the command writes its output. */
  readonly stream: Writable;
  /** Ends the stream and puts the new content in place of the target. Rejects with a UsageError. */
  commit(): Promise<void>;
  /** Abandons the output: the temporary file is removed and the target left untouched. */
  discard(): void;
}

/** Symbolic links followed at most, as the kernel's own limit for path resolution. */
const MAX_LINKS = 40;

/**
 * The file `path` names once symbolic links are followed, so that the link itself survives and
 * its target is replaced (as `sort -o` writes through a link). A dangling link names the file
 * it would point to; a path that does not exist is itself.
 */
export function resolveOutputPath(path: string): string {
  let current = resolve(path);
  for (let followed = 0; followed <= MAX_LINKS; followed++) {
    let stats: Stats;
    try {
      stats = lstatSync(current);
    } catch {
      return current;
    }
    if (!stats.isSymbolicLink()) return realpathOrSelf(current);
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new UsageError(`cannot write ${path}: ELOOP`);
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function errorCode(caught: unknown): string {
  const error = caught as NodeJS.ErrnoException;
  return error.code ?? error.message;
}

/** A name beside `target` that no other run will pick: the pid and random bytes. */
function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes straight to a FIFO or device; nothing to replace, nothing to clean up. */
function openDirect(path: string, shown: string): Promise<OutputFile> {
  return new Promise((resolveOpen, reject) => {
    const stream = createWriteStream(path, { flags: 'a' });
    stream.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot write ${shown}: ${error.code ?? error.message}`)));
    stream.once('open', () =>
      resolveOpen({
        stream,
        commit: () => new Promise<void>((done, failed) => stream.end((error?: Error | null) => (error ? failed(new UsageError(`cannot write ${shown}: ${errorCode(error)}`)) : done()))),
        discard: () => void stream.destroy(),
      }),
    );
  });
}

/**
 * Opens the output for `--out path`: a fresh temporary file beside the target (the target's
 * permissions copied when it exists). Fails up front, as a UsageError, when it cannot be created.
 */
export async function openOutputFile(path: string): Promise<OutputFile> {
  const target = resolveOutputPath(path);
  const existing = statOrNull(target);
  if (existing?.isDirectory() === true) throw new UsageError(`cannot write ${path}: it is a directory`);
  if (existing !== null && !existing.isFile()) return openDirect(target, path);

  const temporary = temporaryPathFor(target);
  let fd: number;
  try {
    fd = openSync(temporary, 'wx', 0o666);
    if (existing !== null) fchmodSync(fd, existing.mode & 0o7777);
  } catch (caught) {
    throw new UsageError(`cannot write ${path}: ${errorCode(caught)}`);
  }
  let settled = false;
  let writeError: unknown = null;
  const removeTemporary = (): void => {
    if (settled) return;
    settled = true;
    try {
      closeSync(fd);
    } catch {
      // already closed by a failed stream
    }
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
  };
  // Whatever ends the process before the commit (process.exit on a second signal, an uncaught
  // error), the temporary file goes with it. Synchronous: 'exit' handlers cannot wait.
  process.once('exit', removeTemporary);
  const stream = createWriteStream('', { fd, autoClose: false });
  // Recorded rather than thrown: a full disk must fail the run, not crash it with a stack trace.
  stream.on('error', (error) => (writeError ??= error));

  return {
    stream,
    async commit(): Promise<void> {
      await new Promise<void>((done) => stream.end(() => done()));
      try {
        if (writeError !== null) throw writeError;
        // Synchronous from here on: no signal handler can run between the flush and the rename,
        // and the data is on disk before the name points at it.
        fsyncSync(fd);
        closeSync(fd);
        settled = true;
        renameSync(temporary, target);
      } catch (caught) {
        settled = false;
        removeTemporary();
        throw new UsageError(`cannot write ${path}: ${errorCode(caught)}`);
      } finally {
        process.off('exit', removeTemporary);
      }
      syncDirectory(dirname(target));
    },
    discard(): void {
      stream.destroy();
      removeTemporary();
      process.off('exit', removeTemporary);
    },
  };
}

/** Makes the rename itself durable; best effort, as some file systems refuse to sync a folder. */
function syncDirectory(directory: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here: the rename is still atomic, only its durability is the system's
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
