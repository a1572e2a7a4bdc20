// Owns the re2-wasm WebAssembly instance. Its heap is a fixed 16 MiB (the module declares that
// maximum), about 11 MiB of it free; when a compile or a match needs more (a huge pattern, a few
// patterns whose DFA caches have grown, a multi-megabyte input) Emscripten aborts: it throws,
// leaks what the interrupted C++ code held, and the instance cannot be trusted again. So we run
// the package's Emscripten glue ourselves instead of through require(): every instance gets a
// silent printErr (an abort would print a page to stderr), all share one compiled
// WebAssembly.Module, and after any failure the instance is dropped and the operation retried
// once on a fresh one (about 5 ms to create). A Re2Host holds one instance at a time; there is
// one for validation (withRe2) and one per shard of the RE2 path's handle pool.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';

/** A compiled RE2 object inside the wasm heap; it lives until delete() is called. */
export interface Re2Handle {
  ok(): boolean;
  error(): string;
  match(input: string, start: number, captures: boolean): { readonly index: number };
  delete(): void;
}

type Re2Constructor = new (pattern: string, ignoreCase: boolean, multiline: boolean, dotAll: boolean) => Re2Handle;

export interface Re2Instance {
  /** Compiles `pattern` with RE2's default options; the caller must delete() the handle. */
  compile(pattern: string): Re2Handle;
}

// The WebAssembly API, which the project's type libraries do not describe.
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: unknown) => { readonly exports: unknown };
}

interface Glue {
  readonly path: string;
  readonly run: (...args: unknown[]) => unknown;
  readonly require: NodeJS.Require;
  readonly wasm: object;
}

const wasmApi = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;
let glue: Glue | undefined;
let instancesCreated = 0;
let instancesDiscarded = 0;

function loadGlue(): Glue {
  const path = createRequire(import.meta.url).resolve('re2-wasm/build/wasm/re2.js');
  const params = ['Module', 'require', 'module', 'exports', '__filename', '__dirname'];
  const compiled = compileFunction(readFileSync(path, 'utf8'), params, { filename: path });
  const run = (...args: unknown[]): unknown => Reflect.apply(compiled, undefined, args);
  const wasm = new wasmApi.Module(readFileSync(join(dirname(path), 're2.wasm')));
  return { path, run, require: createRequire(path), wasm };
}

function isRe2Constructor(value: unknown): value is Re2Constructor {
  if (typeof value !== 'function') return false;
  const proto: unknown = value.prototype;
  return typeof proto === 'object' && proto !== null && 'match' in proto && 'delete' in proto;
}

function createInstance(): Re2Instance {
  const g = (glue ??= loadGlue());
  const moduleObject: Record<string, unknown> = {
    print: () => undefined,
    printErr: () => undefined,
    instantiateWasm: (imports: unknown, receive: (instance: unknown, module: object) => void): unknown => {
      const instance = new wasmApi.Instance(g.wasm, imports);
      receive(instance, g.wasm);
      return instance.exports;
    },
  };
  const cjs = { exports: {} };
  g.run(moduleObject, g.require, cjs, cjs.exports, g.path, dirname(g.path));
  const WrappedRE2 = moduleObject['WrappedRE2'];
  if (!isRe2Constructor(WrappedRE2)) throw new Error('re2-wasm did not initialise');
  instancesCreated++;
  return { compile: (pattern) => new WrappedRE2(pattern, false, false, false) };
}

/** One re2-wasm instance at a time, created when first needed and replaced after a failure. */
export class Re2Host {
  private current: Re2Instance | undefined;

  /** @param onDiscard called with an instance dropped after a failure (its handles died with it) */
  constructor(private readonly onDiscard: (instance: Re2Instance) => void = () => undefined) {}

  /**
   * Runs `operation` on this host's instance. If it throws (an Emscripten abort, typically the
   * heap running out), the instance is discarded and the operation retried on a fresh one; if
   * that fails too, returns `onFailure`.
   */
  run<T>(operation: (re2: Re2Instance) => T, onFailure: T): T {
    for (let attempt = 0; attempt < 2; attempt++) {
      const instance = (this.current ??= createInstance());
      try {
        return operation(instance);
      } catch {
        if (this.current === instance) this.discard(instance);
      }
    }
    return onFailure;
  }

  private discard(instance: Re2Instance): void {
    this.current = undefined;
    instancesDiscarded++;
    this.onDiscard(instance);
  }
}

const validationHost = new Re2Host();

/** Runs `operation` on the instance used for validation (see Re2Host.run). */
export function withRe2<T>(operation: (re2: Re2Instance) => T, onFailure: T): T {
  return validationHost.run(operation, onFailure);
}

/** How many re2-wasm instances this process has created, on every host. */
export function countRe2Instances(): number {
  return instancesCreated;
}

/** How many re2-wasm instances were dropped after a failure (an abort, typically). */
export function countRe2Aborts(): number {
  return instancesDiscarded;
}
