// The ES module entry of `actionmatch/server`: index.ts, handed over once PostHog's HogQL parser
// has loaded (see src/import.ts). `require('actionmatch/server')` receives index.ts itself.
import { hogqlReady } from '../hogql/parser.js';

await hogqlReady;

export * from './index.js';
