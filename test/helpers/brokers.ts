// The brokers of the worker tests: the machine's Redis (127.0.0.1:6379) and NATS with JetStream
// (127.0.0.1:4222), shared with everything else on the machine, so tests use keys, streams and
// consumers of their own names; and private brokers started by a test from the same binaries on
// a free port with their own data folder, for the tests that stop and restart a broker (the
// shared ones are never restarted). Free of vitest, like the other service helpers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Service } from './service-rule.js';

/** Connects to host:port and resolves when the first bytes the server sends satisfy `greeting`. */
function probeTcp(port: number, send: string, greeting: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let text = '';
    const timer = setTimeout(() => fail(new Error('no answer within 3 s')), 3000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      if (send !== '') socket.write(send);
    });
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (greeting.test(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      }
    });
  });
}

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const NATS_URL = 'nats://127.0.0.1:4222';

export const redisService: Service = { name: 'Redis', address: '127.0.0.1:6379', probe: () => probeTcp(6379, 'PING\r\n', /^\+PONG/) };
// JetStream: the server's INFO line says whether it is enabled.
export const natsService: Service = {
  name: 'NATS JetStream',
  address: '127.0.0.1:4222',
  probe: async () => {
    await probeTcp(4222, '', /^INFO .*\r\n/);
    await probeTcp(4222, '', /"jetstream":true/).catch(() => {
      throw new Error('the server runs without JetStream (-js)');
    });
  },
};

function binaryService(name: string, binary: string, versionArgs: string[]): Service {
  return {
    name,
    address: binary,
    probe: async () => {
      const run = spawnSync(binary, versionArgs, { encoding: 'utf8' });
      if (run.error !== undefined) throw run.error;
      if (run.status !== 0) throw new Error(`${binary} ${versionArgs.join(' ')} exited with ${run.status}`);
    },
  };
}

export const REDIS_SERVER_BINARY = process.env['ACTIONMATCH_REDIS_SERVER'] ?? 'redis-server';
export const NATS_SERVER_BINARY = process.env['ACTIONMATCH_NATS_SERVER'] ?? (spawnSync('which', ['nats-server'], { encoding: 'utf8' }).stdout.trim() || '/usr/sbin/nats-server');
export const redisServerBinary = binaryService('redis-server (a private Redis)', REDIS_SERVER_BINARY, ['--version']);
export const natsServerBinary = binaryService('nats-server (a private NATS)', NATS_SERVER_BINARY, ['--version']);

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PrivateBroker {
  readonly url: string;
  readonly port: number;
  /** Kills the server with SIGKILL (nothing flushed beyond what it had synced). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and removes its data folder. */
  dispose(): Promise<void>;
}

function privateBroker(url: (port: number) => string, command: (port: number, dir: string) => [string, string[]], probe: (port: number) => Promise<void>): () => Promise<PrivateBroker> {
  return async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'actionmatch-broker-'));
    let child: ChildProcess | null = null;
    const stop = async (signal: NodeJS.Signals): Promise<void> => {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    };
    const broker: PrivateBroker = {
      url: url(port),
      port,
      kill: () => stop('SIGKILL'),
      async start() {
        const [binary, args] = command(port, dir);
        child = spawn(binary, args, { stdio: 'ignore' });
        const deadline = Date.now() + 15_000;
        for (;;) {
          try {
            await probe(port);
            return;
          } catch (error) {
            if (Date.now() > deadline) throw new Error(`${binary} on port ${port} did not start: ${String(error)}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      },
      async dispose() {
        await stop('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      },
    };
    await broker.start();
    return broker;
  };
}

/** A Redis of the test's own, with an append-only file synced on every write: a SIGKILL loses nothing acknowledged. */
export const startPrivateRedis = privateBroker(
  (port) => `redis://127.0.0.1:${port}`,
  (port, dir) => [REDIS_SERVER_BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]],
  (port) => probeTcp(port, 'PING\r\n', /^\+PONG/),
);

/** A NATS server with JetStream of the test's own, storing in its own folder. */
export const startPrivateNats = privateBroker(
  (port) => `nats://127.0.0.1:${port}`,
  (port, dir) => [NATS_SERVER_BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir]],
  (port) => probeTcp(port, '', /"jetstream":true/),
);
