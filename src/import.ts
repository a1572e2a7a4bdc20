// The ES module entry of actionmatch (`import … from 'actionmatch'`): the public API of
// index.ts, handed over once PostHog's HogQL parser has loaded, so that compiling (which is
// synchronous) never meets a parser still loading. CommonJS callers `require()` index.ts
// itself, which has no top-level await, and await `hogqlReady` before compiling HogQL filters.
import { hogqlReady } from './hogql/parser.js';

await hogqlReady;

export * from './index.js';
