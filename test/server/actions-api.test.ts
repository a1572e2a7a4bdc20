// The Actions API endpoints over real HTTP: create, retrieve, list, update, soft delete, the
// refused hard delete, migrate's refusals (its success is in migrate.test.ts), and 404s for unknown projects and actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAction, asPage, createOk, request, startTestServer, type TestServer } from './server-fixture.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ projects: [1, 2] });
});
afterAll(async () => {
  await server.close();
});

const pricing = { name: 'Pricing viewed', description: 'Anyone on /pricing', tags: ['web'], steps: [{ event: '$pageview', url: '/pricing', url_matching: 'contains' }] };

describe('POST /api/projects/:id/actions/', () => {
  it('creates an action and answers 201 with every field of the API object', async () => {
    const before = new Date().toISOString();
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { body: { ...pricing, unknown_field: 42, id: 999, team_id: 5 } });
    const after = new Date().toISOString();
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    const action = asAction(response);
    expect(Object.keys(action)).toEqual([
      'id', 'name', 'description', 'tags', 'post_to_slack', 'slack_message_format', 'steps', 'created_at', 'created_by', 'deleted',
      'is_calculating', 'last_calculated_at', 'team_id', 'is_action', 'bytecode_error', 'pinned_at', 'creation_context', 'user_access_level',
    ]);
    expect(action).toMatchObject({
      name: 'Pricing viewed',
      description: 'Anyone on /pricing',
      tags: ['web'],
      post_to_slack: false,
      slack_message_format: '',
      deleted: false,
      is_calculating: false,
      team_id: 1,
      is_action: true,
      bytecode_error: null,
      pinned_at: null,
      creation_context: null,
      user_access_level: 'editor',
    });
    // Read-only fields in the body are ignored: the server assigns the id and the project.
    expect(action.id).not.toBe(999);
    expect(action['created_by']).toEqual({
      id: 7, uuid: 'u-7', distinct_id: null, first_name: 'Wri', last_name: '', email: 'writer@example.com',
      is_email_verified: null, hedgehog_config: null, role_at_organization: null,
    });
    expect(action.steps).toEqual([
      { event: '$pageview', properties: null, selector: null, selector_regex: null, tag_name: null, text: null, text_matching: null, href: null, href_matching: null, url: '/pricing', url_matching: 'contains' },
    ]);
    const createdAt = action['created_at'] as string;
    expect(createdAt >= before && createdAt <= after).toBe(true);
    expect(action).not.toHaveProperty('unknown_field');
  });

  it('computes bytecode_error on save with the compiler', async () => {
    const action = await createOk(server.url, { name: 'Hover', steps: [{ event: '$autocapture', selector: 'a:hover' }] });
    expect(action.bytecode_error).toMatch(/hover/);
    const fine = await createOk(server.url, { name: 'No steps' });
    expect(fine.steps).toEqual([]);
  });

  it('defaults url_matching to contains and keeps an explicit null', async () => {
    const action = await createOk(server.url, { name: 'Defaults', steps: [{ event: 'a' }, { event: 'b', url_matching: null }] });
    expect(action.steps.map((step) => step['url_matching'])).toEqual(['contains', null]);
  });

  it('accepts the path without its trailing slash and under /api/environments/', async () => {
    expect((await request(server.url, 'POST', '/api/projects/1/actions', { body: { name: 'No slash' } })).status).toBe(201);
    const created = await request(server.url, 'POST', '/api/environments/2/actions/', { body: { name: 'Environment' } });
    expect(created.status).toBe(201);
    expect(asAction(created)['team_id']).toBe(2);
  });

  it('reads a form-encoded body as DRF does', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { raw: 'name=From+a+form&description=x', contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(201);
    expect(asAction(response)).toMatchObject({ name: 'From a form', description: 'x' });
  });
});

describe('GET /api/projects/:id/actions/:id/', () => {
  it('retrieves an action, also after it is soft-deleted', async () => {
    const created = await createOk(server.url, { name: 'To retrieve' });
    const got = await request(server.url, 'GET', `/api/projects/1/actions/${created.id}/`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(created);
    const deleted = await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}`, { body: { deleted: true } });
    expect(deleted.status).toBe(200);
    const again = await request(server.url, 'GET', `/api/projects/1/actions/${created.id}`);
    expect(again.status).toBe(200);
    expect(asAction(again).deleted).toBe(true);
  });

  it('answers HEAD like GET, without a body', async () => {
    const created = await createOk(server.url, { name: 'Head' });
    const response = await request(server.url, 'HEAD', `/api/projects/1/actions/${created.id}/`);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });

  it.each([
    ['an unknown action', '/api/projects/1/actions/987654/'],
    ['a non-numeric action id', '/api/projects/1/actions/abc/'],
    ['an action of another project', null],
    ['an unknown project', '/api/projects/3/actions/'],
    ['a non-numeric project', '/api/projects/abc/actions/'],
    ['a path outside the API', '/api/projects/1/insights/'],
    ['an unknown format', '/api/projects/1/actions/?format=xml'],
  ])('answers 404 in PostHog envelope for %s', async (_, path) => {
    const target = path ?? `/api/projects/2/actions/${(await createOk(server.url, { name: 'Only in 1' })).id}/`;
    const response = await request(server.url, 'GET', target);
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
  });
});

describe('PATCH and PUT /api/projects/:id/actions/:id/', () => {
  it('updates only the fields given; steps replace every step; the action is recompiled', async () => {
    const created = await createOk(server.url, { name: 'Patch me', description: 'keep', steps: [{ event: 'a' }, { event: 'b' }] });
    const broken = await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body: { steps: [{ event: '$autocapture', selector: 'a:hover' }] } });
    expect(broken.status).toBe(200);
    const action = asAction(broken);
    expect(action.steps).toHaveLength(1);
    expect(action.steps[0]).toMatchObject({ event: '$autocapture', selector: 'a:hover' });
    expect(action.bytecode_error).toMatch(/hover/);
    expect(action['description']).toBe('keep');
    expect(action['created_at']).toBe(created['created_at']);
    expect(action['created_by']).toEqual(created['created_by']);
    const fixed = asAction(await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body: { steps: [] } }));
    expect(fixed.steps).toEqual([]);
    expect(fixed.bytecode_error).toBeNull();
    const renamed = await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body: { name: 'Patched', description: 'changed' } });
    expect(asAction(renamed)).toMatchObject({ name: 'Patched', description: 'changed', pinned_at: null });
    expect((await request(server.url, 'GET', `/api/projects/1/actions/${created.id}/`)).json).toEqual(renamed.json);
  });

  it('pins as PostHog does: the server stamps its own time, a second pin keeps it, null unpins', async () => {
    const created = await createOk(server.url, { name: 'Pin me' });
    const path = `/api/projects/1/actions/${created.id}/`;
    const before = new Date().toISOString();
    const pinned = asAction(await request(server.url, 'PATCH', path, { body: { pinned_at: '2001-05-01T10:00:00Z' } }));
    const pinnedAt = pinned['pinned_at'] as string;
    expect(pinnedAt >= before && pinnedAt <= new Date().toISOString()).toBe(true);
    expect(asAction(await request(server.url, 'PATCH', path, { body: { pinned_at: '2030-01-01T00:00:00Z' } }))['pinned_at']).toBe(pinnedAt);
    expect(asAction(await request(server.url, 'PATCH', path, { body: { pinned_at: '' } }))['pinned_at']).toBeNull();
  });

  it('answers selector_regex for a step with a selector: the regex PostHog derives from it', async () => {
    const action = await createOk(server.url, { name: 'Selector regex', steps: [{ event: '$autocapture', selector: 'div.card > button.buy' }, { event: '$autocapture', selector: '' }] });
    const pattern = action.steps[0]?.['selector_regex'];
    expect(typeof pattern).toBe('string');
    const regex = new RegExp(pattern as string);
    expect(regex.test('button.buy:nth-child="1"tag_name="button";div.card:nth-child="1"tag_name="div"')).toBe(true);
    expect(regex.test('button.other:nth-child="1"tag_name="button";div.card:nth-child="1"tag_name="div"')).toBe(false);
    expect(action.steps[1]?.['selector_regex']).toBeNull();
  });

  it('PATCH with an empty body changes nothing', async () => {
    const created = await createOk(server.url, { name: 'Empty patch' });
    const response = await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual(created);
  });

  it('PUT requires the name and otherwise updates like PATCH', async () => {
    const created = await createOk(server.url, { name: 'Put me', description: 'keep' });
    const missing = await request(server.url, 'PUT', `/api/projects/1/actions/${created.id}/`, { body: { description: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ type: 'validation_error', code: 'required', detail: 'This field is required.', attr: 'name' });
    const put = await request(server.url, 'PUT', `/api/projects/1/actions/${created.id}/`, { body: { name: 'Put done' } });
    expect(put.status).toBe(200);
    expect(asAction(put)).toMatchObject({ name: 'Put done', description: 'keep' });
  });

  it('404 for an unknown action, whatever the body', async () => {
    const response = await request(server.url, 'PATCH', '/api/projects/1/actions/987654/', { body: { name: '' } });
    expect(response.status).toBe(404);
  });

  it('soft delete frees the name; undeleting into a taken name is refused', async () => {
    const first = await createOk(server.url, { name: 'Reused' });
    await request(server.url, 'PATCH', `/api/projects/1/actions/${first.id}/`, { body: { deleted: true } });
    const second = await createOk(server.url, { name: 'Reused' });
    const undelete = await request(server.url, 'PATCH', `/api/projects/1/actions/${first.id}/`, { body: { deleted: false } });
    expect(undelete.status).toBe(400);
    expect(undelete.json).toEqual({ type: 'validation_error', code: 'unique', detail: `This project already has an action with this name, ID ${second.id}`, attr: 'name' });
  });
});

describe('methods PostHog does not allow', () => {
  it('DELETE answers 405 with an empty body and deletes nothing', async () => {
    const created = await createOk(server.url, { name: 'Undeletable' });
    const response = await request(server.url, 'DELETE', `/api/projects/1/actions/${created.id}/`);
    expect(response.status).toBe(405);
    expect(response.text).toBe('');
    expect(asAction(await request(server.url, 'GET', `/api/projects/1/actions/${created.id}/`)).deleted).toBe(false);
  });

  it('DELETE of an unknown action is 404', async () => {
    expect((await request(server.url, 'DELETE', '/api/projects/1/actions/987654/')).status).toBe(404);
  });

  it('other methods are 405 in the envelope', async () => {
    const response = await request(server.url, 'PUT', '/api/projects/1/actions/', { body: {} });
    expect(response.status).toBe(405);
    expect(response.json).toEqual({ type: 'invalid_request', code: 'method_not_allowed', detail: 'Method "PUT" not allowed.', attr: null });
  });

  it('POST :id/migrate refuses an action without a notification (400), and 404s an unknown one', async () => {
    const created = await createOk(server.url, { name: 'Migrate me' });
    const response = await request(server.url, 'POST', `/api/projects/1/actions/${created.id}/migrate/`);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      type: 'validation_error',
      code: 'invalid_input',
      detail: `Cannot migrate: action ${created.id} has post_to_slack set to false: there is no webhook to migrate.`,
      attr: 'post_to_slack',
    });
    expect((await request(server.url, 'POST', '/api/projects/1/actions/987654/migrate')).status).toBe(404);
  });
});

describe('GET /api/projects/:id/actions/', () => {
  it('lists live actions of the project only, with count', async () => {
    const page = asPage(await request(server.url, 'GET', '/api/projects/2/actions/'));
    expect(page.results.map((action) => action.name)).toEqual(['Environment']);
    expect(page).toMatchObject({ count: 1, next: null, previous: null });
    const all = asPage(await request(server.url, 'GET', '/api/projects/1/actions/?limit=1000'));
    expect(all.results.every((action) => action.deleted === false && action['team_id'] === 1)).toBe(true);
    expect(all.count).toBe(all.results.length);
  });
});
