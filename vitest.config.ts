import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { postgresService } from './test/helpers/postgres-service.js';
import { serviceAvailable } from './test/helpers/service-rule.js';

// The suites of what stores data run twice: on SQLite (with everything else), and again on
// PostgreSQL with ACTIONMATCH_TEST_STORE=postgres (test/helpers/test-store.ts), together with
// the tests only PostgreSQL has (test/postgres/). Without a reachable PostgreSQL the second run
// is left out, with one line saying so; under CI=true that is an error instead.
const storeSuites = ['test/store/**/*.test.ts', 'test/server/**/*.test.ts', 'test/notify/delivery.test.ts', 'test/notify/crash-recovery.test.ts', 'test/sync/against-server.test.ts'];

const sqlite: TestProjectInlineConfiguration = { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/postgres/**'] } };
const postgres: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'postgres', include: [...storeSuites, 'test/postgres/**/*.test.ts'], env: { ACTIONMATCH_TEST_STORE: 'postgres' } },
};

export default defineConfig({
  test: {
    testTimeout: 60_000,
    setupFiles: ['test/helpers/hogql-ready.ts'],
    projects: (await serviceAvailable(postgresService)) ? [sqlite, postgres] : [sqlite],
  },
});
