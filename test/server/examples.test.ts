// The bundled sample data through the server, end to end: every action of examples/actions.json
// created over the API (bytecode_error on save), the 3,000 sample events matched with the same
// answers as the engine gives locally, the legacy post_to_slack messages of the two notifying
// actions delivered once each, and migrate moving one of them to a destination.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matcher/create-matcher.js';
import { closeAfterEach, deliveries, eventually, matchEvents, startHookedServer } from './notify-fixture.js';
import { createOk, request } from './server-fixture.js';

interface SampleAction extends Record<string, unknown> {
  id: number;
  name: string;
  deleted?: boolean;
}

const sample = JSON.parse(readFileSync(new URL('../../examples/actions.json', import.meta.url), 'utf8')) as { results: SampleAction[] };
const events = readFileSync(new URL('../../examples/events.ndjson', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown> & { uuid: string });

closeAfterEach();

describe('the sample actions and events through the server', () => {
  it('match as the engine does, notify once per matching event, and migrate', async () => {
    const { server, hook } = await startHookedServer();

    // Create every live sample action; the server assigns its own ids, so keep the mapping. The
    // sample's broken action (an RE2-invalid URL regex) is refused on save, keyed on the field.
    const serverIdOf = new Map<number, number>();
    for (const action of sample.results.filter((candidate) => candidate.deleted !== true)) {
      const { id: _sampleId, bytecode_error: _error, ...fields } = action;
      if (action.name.startsWith('Broken')) {
        const refused = await request(server.url, 'POST', '/api/projects/1/actions/', { body: fields });
        expect(refused.status).toBe(400);
        expect(refused.json).toMatchObject({ code: 'invalid_regex', attr: 'steps__0__url' });
        continue;
      }
      const created = await createOk(server.url, fields);
      expect(created.bytecode_error).toBeNull();
      serverIdOf.set(action.id, created.id);
    }

    // The server's answers are the engine's answers over the same actions.
    const local = createMatcher(sample.results);
    const answer = (await matchEvents(server.url, events)) as { results: Array<{ uuid: string; action_ids: number[] }> };
    expect(answer.results).toHaveLength(events.length);
    answer.results.forEach((result, index) => {
      const expected = local.match(events[index]).map((id) => serverIdOf.get(id));
      expect({ uuid: result.uuid, ids: result.action_ids }).toEqual({ uuid: events[index]?.uuid, ids: expected });
    });

    // One message per event that matched a post_to_slack action (104 with its format, 106 with the default).
    const purchase = serverIdOf.get(104) as number;
    const signup = serverIdOf.get(106) as number;
    const notifying = answer.results.reduce((sum, result) => sum + (result.action_ids.includes(purchase) ? 1 : 0) + (result.action_ids.includes(signup) ? 1 : 0), 0);
    expect(notifying).toBeGreaterThan(100);
    await eventually(async () => (await deliveries(server.url)).counts.delivered === notifying, `${notifying} deliveries`);
    expect(hook.received).toHaveLength(notifying);
    const texts = hook.received.map((received) => (JSON.parse(received.body) as { text: string }).text);
    expect(texts.filter((text) => /^\[user-\d+(@example\.com)?\]\(.*\) bought for \d+(\.\d+)? USD \(\[purchase\]\(.*\/events\/.*\)\)$/.test(text))).toHaveLength(
      answer.results.filter((result) => result.action_ids.includes(purchase)).length,
    );
    expect(texts.filter((text) => /^\[Signed up or started trial\]\(.*\) was triggered by \[user-\d+(@example\.com)?\]\(/.test(text))).toHaveLength(
      answer.results.filter((result) => result.action_ids.includes(signup)).length,
    );

    // Matching the same events again sends nothing more.
    await matchEvents(server.url, events);
    expect((await deliveries(server.url)).count).toBe(notifying);

    // Migrate the purchase notification: from now on its destination sends, the legacy message does not.
    const migrated = await request(server.url, 'POST', `/api/projects/1/actions/${purchase}/migrate/`);
    expect(migrated.status).toBe(200);
    expect(migrated.json).toMatchObject({ name: `Webhook for action ${purchase} (Purchase over $100)`, template_id: 'template-webhook' });
    const retrieved = await request(server.url, 'GET', `/api/projects/1/actions/${purchase}/`);
    expect((retrieved.json as { post_to_slack: boolean }).post_to_slack).toBe(false);
    const purchases = events.filter((_, index) => answer.results[index]?.action_ids.includes(purchase));
    await matchEvents(server.url, purchases);
    await eventually(async () => (await deliveries(server.url)).counts.delivered === notifying + purchases.length, 'the destination deliveries');
    const keys = (await deliveries(server.url, `?limit=${purchases.length}`)).results.map((row) => String(row['destination_key']));
    expect(keys.every((key) => key.startsWith('destination:'))).toBe(true);
  }, 60_000);
});
