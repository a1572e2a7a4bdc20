// A process killed between recording a request and sending it: another process opening the
// same database sends the request afterwards, and the receiver gets it exactly once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startDeliveryWorker } from '../../src/notify/delivery-worker.js';
import { openOutbox } from '../../src/notify/outbox.js';
import { eventually } from '../helpers/eventually.js';
import { newDatabase, openStoreAt } from '../helpers/test-store.js';
import { startReceiver } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/enqueue-and-hang.ts', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs the fixture until it reports "ready", then SIGKILLs it; resolves with its exit signal. */
function enqueueThenKill(dbPath: string, url: string, mode: 'enqueue' | 'claim'): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dbPath, url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve(signal);
      else reject(new Error(`fixture exited with code ${String(code)}: ${stderr}`));
    });
  });
}

describe.each(['enqueue', 'claim'] as const)('crash after %s, before sending', (mode) => {
  it('sends the request after a restart, exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionmatch-outbox-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = await newDatabase(dir, 'outbox.db');
    const target = await startReceiver(() => 200);
    cleanups.push(() => target.close());

    expect(await enqueueThenKill(dbPath, target.url, mode)).toBe('SIGKILL');
    expect(target.received).toHaveLength(0);

    const store = await openStoreAt(dbPath);
    cleanups.push(() => store.close());
    const outbox = openOutbox(store.database);
    expect((await outbox.countDeliveries())[mode === 'claim' ? 'in_flight' : 'pending']).toBe(1);
    const worker = startDeliveryWorker({ outbox, allowInternalDestinations: true, pollMs: 10, leaseMs: 1000, onError: (error) => { throw error; } });
    await eventually(async () => (await outbox.countDeliveries()).delivered === 1, 'delivery after restart');
    await worker.stop();

    expect(target.received).toHaveLength(1);
    expect(target.received[0]?.body).toBe('{"text":"crash test"}');
    expect(target.received[0]?.headers['idempotency-key']).toBe('action:7/evt-crash');
    const rows = await outbox.listDeliveries();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'delivered', attempts: mode === 'claim' ? 2 : 1 });
  });
});
