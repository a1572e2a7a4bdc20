// Vitest setup file: tests import src/index.ts (the CommonJS-facing module, without top-level
// await), so each test file waits here for PostHog's HogQL parser, as the `import` entry does.
import { hogqlReady } from '../../src/hogql/parser.js';

await hogqlReady;
