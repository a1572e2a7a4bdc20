// Projects read from PostHog's own database: the registry over fromActionSource reads a team on
// its first event and follows changes of the teams it holds (a save, a soft delete); and
// `actionmatch worker --from-postgres` end to end on Redis Streams.
import { afterEach, describe, expect, it } from 'vitest';
import { fromActionSource } from '../../src/projects/database-projects.js';
import { createProjectMatchers } from '../../src/projects/project-matchers.js';
import { openPosthogSource } from '../../src/source/posthog-postgres-source.js';
import { REDIS_URL, redisService } from '../helpers/brokers.js';
import { eventually } from '../helpers/eventually.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { serviceAvailable } from '../helpers/service-rule.js';
import { connectRedis, readAll, uniqueName } from '../worker/redis-helpers.js';
import { killWorkers, startWorker } from '../worker/worker-process.js';
import { createPosthogDb } from './posthog-schema.js';

const redisUp = await serviceAvailable(redisService);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killWorkers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('projects from PostHog\'s database', () => {
  it('reads a team on its first event and follows saves and soft deletes of the teams it holds', async () => {
    const url = await createTestDatabase();
    const db = await createPosthogDb(url);
    cleanups.push(() => db.close());
    const signup = await db.insertAction(1, 'Signup', [{ event: 'signup' }]);
    const other = await db.insertAction(2, 'Signup too', [{ event: 'signup' }]);
    const source = await openPosthogSource(url);
    const projects = createProjectMatchers({ source: fromActionSource(source, { intervalMs: 100 }) });
    cleanups.push(() => projects.close());
    const event = { event: 'signup' };
    expect(await projects.match(1, event)).toEqual([signup]);
    expect(await projects.match(2, event)).toEqual([other]);
    const added = await db.insertAction(1, 'Signup again', [{ event: 'signup' }]);
    await eventually(async () => (await projects.match(1, event)).length === 2, 'the new action of team 1', 10_000);
    expect(await projects.match(1, event)).toEqual([signup, added]);
    await db.saveAction(signup, { deleted: true });
    await eventually(async () => (await projects.match(1, event)).length === 1, 'the soft delete', 10_000);
    expect(await projects.match(1, event)).toEqual([added]);
    expect(await projects.match(2, event)).toEqual([other]);
  });

  it.skipIf(!redisUp)('actionmatch worker --from-postgres answers each team from its own actions', async () => {
    const url = await createTestDatabase();
    const db = await createPosthogDb(url);
    cleanups.push(() => db.close());
    const one = await db.insertAction(1, 'Pricing', [{ event: '$pageview', url: '/pricing', url_matching: 'contains' }]);
    const two = await db.insertAction(2, 'Signup', [{ event: 'signup' }]);
    const redis = connectRedis(REDIS_URL);
    const input = uniqueName('postgres');
    cleanups.push(async () => {
      await redis.del(input, `${input}:results`, `${input}:dead`);
      redis.disconnect();
    });
    const events = [
      { uuid: 'a', team_id: 1, event: '$pageview', properties: JSON.stringify({ $current_url: 'https://x.com/pricing' }) },
      { uuid: 'b', team_id: 2, event: '$pageview', properties: JSON.stringify({ $current_url: 'https://x.com/pricing' }) },
      { uuid: 'c', team_id: 2, event: 'signup' },
      { uuid: 'd', team_id: 3, event: 'signup' },
    ];
    for (const event of events) await redis.xadd(input, '*', 'data', JSON.stringify(event));
    const worker = startWorker(['--engine', 'redis', '--stream', input, '--from-postgres', url]);
    await eventually(async () => (await redis.xlen(`${input}:results`)) === 4, 'four results');
    const results = (await readAll(redis, `${input}:results`)).map((record) => JSON.parse(record.fields['result'] as string) as unknown);
    expect(results).toEqual([
      { uuid: 'a', team_id: 1, action_ids: [one] },
      { uuid: 'b', team_id: 2, action_ids: [] },
      { uuid: 'c', team_id: 2, action_ids: [two] },
      { uuid: 'd', team_id: 3, action_ids: [] },
    ]);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });
});
