// Loading the optional dependencies (the database drivers, the worker's broker clients and
// prom-client): the matcher installs and runs without them (better-sqlite3 needs a native build,
// pg is only for PostgreSQL, the rest only for `actionmatch worker`). One that is missing is a
// clear message naming the package and how to install it, never a resolution stack.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface OptionalModule {
  /** The package name, as `npm install` takes it. */
  readonly name: string;
  /** The major version to install (`better-sqlite3@12`). */
  readonly version: string;
  /** What needs it, for the message ("a SQLite database"). */
  readonly purpose: string;
  /** Text in a load error that means the package (or its native part) is missing. */
  readonly missing: RegExp;
}

export const SQLITE_DRIVER: OptionalModule = {
  name: 'better-sqlite3',
  version: '12',
  purpose: 'a SQLite database',
  missing: /better-sqlite3|better_sqlite3\.node|bindings file/i,
};

export const POSTGRES_DRIVER: OptionalModule = { name: 'pg', version: '8', purpose: 'a PostgreSQL database', missing: /'pg'|pg\/lib/ };

/** Thrown when an optional driver cannot be loaded; `code` is `missing_driver`. */
export class MissingDriverError extends Error {
  readonly code = 'missing_driver';
}

/** Loads `module` with require (every optional module is CommonJS); a missing one becomes a MissingDriverError. */
export function requireOptional<T>(module: OptionalModule): T {
  try {
    return require(module.name) as T;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (!module.missing.test(text)) throw error;
    throw new MissingDriverError(
      `${module.purpose} needs ${module.name}, an optional dependency that is not installed or not built for this Node.js (npm install ${module.name}@${module.version}): ${text.split('\n')[0]}`,
    );
  }
}

// The worker's broker clients and metrics: optional too, loaded only by `actionmatch worker`.
export const REDIS_CLIENT: OptionalModule = { name: 'ioredis', version: '6', purpose: 'Redis Streams', missing: /'ioredis'/ };
export const NATS_CLIENT: OptionalModule = { name: '@nats-io/transport-node', version: '3.3', purpose: 'NATS JetStream', missing: /'@nats-io\/transport-node'/ };
export const JETSTREAM_CLIENT: OptionalModule = { name: '@nats-io/jetstream', version: '3.3', purpose: 'NATS JetStream', missing: /'@nats-io\/jetstream'/ };
export const PROMETHEUS_CLIENT: OptionalModule = { name: 'prom-client', version: '15', purpose: 'the /metrics endpoint', missing: /'prom-client'/ };
