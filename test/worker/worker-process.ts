// `actionmatch worker` as a child process of the test, as an operator runs it: its JSON log
// lines collected, waited on by message, and its exit observed.
import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from '../cli/run-cli.js';

export interface LogLine {
  readonly msg: string;
  readonly level: string;
  readonly [field: string]: unknown;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  /** Lines on stderr that were not JSON (there should be none). */
  readonly other: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line (already seen or coming) whose msg is `msg`. */
  waitFor(msg: string | RegExp, timeoutMs?: number): Promise<LogLine>;
}

const running = new Set<WorkerProcess>();

export function startWorker(args: string[], env: NodeJS.ProcessEnv = process.env): WorkerProcess {
  const child = spawn(process.execPath, [cliPath, 'worker', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const logs: LogLine[] = [];
  const other: string[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        other.push(line);
      }
    }
    for (const waiter of waiters) waiter();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const worker: WorkerProcess = {
    child,
    logs,
    other,
    exited,
    waitFor(msg, timeoutMs = 30_000) {
      const matches = (line: LogLine): boolean => (typeof msg === 'string' ? line.msg === msg : msg.test(line.msg));
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = logs.find(matches);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`worker never logged ${String(msg)}; its log: ${logs.map((line) => line.msg).join(' | ')} ${other.join(' ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
  running.add(worker);
  void exited.then(() => running.delete(worker));
  return worker;
}

/** Kills every worker still running (a test that failed midway); call from afterEach. */
export async function killWorkers(): Promise<void> {
  const left = [...running];
  for (const worker of left) worker.child.kill('SIGKILL');
  await Promise.all(left.map((worker) => worker.exited));
}
