// Validation errors of create and update, each in PostHog's envelope with its code and attr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOk, request, startTestServer, type TestServer } from './server-fixture.js';

let server: TestServer;
let existingId: number;
beforeAll(async () => {
  server = await startTestServer();
  existingId = (await createOk(server.url, { name: 'Taken' })).id;
});
afterAll(async () => {
  await server.close();
});

const cases: Array<[string, unknown, string, string, string | null]> = [
  ['a missing name', { steps: [] }, 'required', 'This field is required.', 'name'],
  ['a blank name', { name: '' }, 'blank', 'This field may not be blank.', 'name'],
  ['a whitespace name', { name: '   ' }, 'blank', 'This field may not be blank.', 'name'],
  ['a null name', { name: null }, 'null', 'This field may not be null.', 'name'],
  ['a boolean name', { name: true }, 'invalid', 'Not a valid string.', 'name'],
  ['an object name', { name: { a: 1 } }, 'invalid', 'Not a valid string.', 'name'],
  ['a name over 400 characters', { name: 'x'.repeat(401) }, 'max_length', 'Ensure this field has no more than 400 characters.', 'name'],
  ['steps that are not a list', { name: 'n', steps: { event: 'a' } }, 'not_a_list', 'Expected a list of items but got type "dict".', 'steps'],
  ['null steps', { name: 'n', steps: null }, 'null', 'This field may not be null.', 'steps'],
  ['a step that is not an object', { name: 'n', steps: [{ event: 'a' }, 'b'] }, 'invalid', 'Invalid data. Expected a dictionary, but got str.', 'steps__1'],
  ['an unknown url_matching', { name: 'n', steps: [{ url: 'x', url_matching: 'startswith' }] }, 'invalid_choice', '"startswith" is not a valid choice.', 'steps__0__url_matching'],
  ['an unknown text_matching', { name: 'n', steps: [{ text: 'x', text_matching: 'icontains' }] }, 'invalid_choice', '"icontains" is not a valid choice.', 'steps__0__text_matching'],
  ['an unknown href_matching', { name: 'n', steps: [{ href: 'x', href_matching: 5 }] }, 'invalid_choice', '"5" is not a valid choice.', 'steps__0__href_matching'],
  ['a step event that is a list', { name: 'n', steps: [{ event: ['a'] }] }, 'invalid', 'Not a valid string.', 'steps__0__event'],
  ['properties that are not a list', { name: 'n', steps: [{ properties: 'x' }] }, 'not_a_list', 'Expected a list of items but got type "str".', 'steps__0__properties'],
  ['a property filter that is not an object', { name: 'n', steps: [{ properties: [1] }] }, 'not_a_dict', 'Expected a dictionary of items but got type "int".', 'steps__0__properties__0'],
  ['tags that are not a list', { name: 'n', tags: 'a' }, 'not_a_list', 'Expected a list of items but got type "str".', 'tags'],
  ['a tag that is not a string', { name: 'n', tags: [[1]] }, 'invalid', 'Not a valid string.', 'tags__0'],
  ['post_to_slack that is not a boolean', { name: 'n', post_to_slack: 'maybe' }, 'invalid', 'Must be a valid boolean.', 'post_to_slack'],
  ['deleted that is null', { name: 'n', deleted: null }, 'null', 'This field may not be null.', 'deleted'],
  ['a description that is null', { name: 'n', description: null }, 'null', 'This field may not be null.', 'description'],
  ['a malformed pinned_at', { name: 'n', pinned_at: 'yesterday' }, 'invalid', 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].', 'pinned_at'],
  ['a body that is a list', [{ name: 'n' }], 'invalid', 'Invalid data. Expected a dictionary, but got list.', null],
  ['a body that is a number', 5, 'invalid', 'Invalid data. Expected a dictionary, but got int.', null],
];

describe('create validation', () => {
  it.each(cases)('refuses %s', async (_, body, code, detail, attr) => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ type: 'validation_error', code, detail, attr });
  });

  it.each([
    ['url', 'url_matching', '(unclosed', 'missing )'],
    ['href', 'href_matching', '\\p{Greekk}', 'invalid character class range'],
    ['text', 'text_matching', 'a(?=b)', 'invalid perl operator: (?='],
  ])('refuses an RE2-invalid regex in %s, keyed on that field', async (field, matching, pattern, message) => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'n', steps: [{ event: 'a' }, { [field]: pattern, [matching]: 'regex' }] } });
    expect(response.status).toBe(400);
    const body = response.json as { type: string; code: string; detail: string; attr: string };
    expect(body).toMatchObject({ type: 'validation_error', code: 'invalid_regex', attr: `steps__1__${field}` });
    expect(body.detail).toContain(JSON.stringify(pattern));
    expect(body.detail).toContain(message);
  });

  it('accepts the same text as a pattern when it is not matched as a regex', async () => {
    expect((await request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'Literal paren', steps: [{ url: '(unclosed', url_matching: 'contains' }] } })).status).toBe(201);
  });

  it('refuses a duplicate name among live actions, naming the existing id', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'Taken' } });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ type: 'validation_error', code: 'unique', detail: `This project already has an action with this name, ID ${existingId}`, attr: 'name' });
  });

  it('names are unique per project and case-sensitive', async () => {
    expect((await request(server.url, 'POST', '/api/projects/1/actions/', { body: { name: 'taken' } })).status).toBe(201);
  });

  it('answers malformed JSON with parse_error', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { raw: '{"name": ' });
    expect(response.status).toBe(400);
    const body = response.json as { type: string; code: string; detail: string; attr: null };
    expect(body).toMatchObject({ type: 'invalid_request', code: 'parse_error', attr: null });
    expect(body.detail).toMatch(/^JSON parse error - /);
  });

  it('answers 415 for a body in another media type', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { raw: '<a/>', contentType: 'application/xml' });
    expect(response.status).toBe(415);
    expect(response.json).toEqual({ type: 'invalid_request', code: 'unsupported_media_type', detail: 'Unsupported media type "application/xml" in request.', attr: null });
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await request(server.url, 'POST', '/api/projects/1/actions/', { raw: JSON.stringify({ name: 'big', description: 'x'.repeat(6 * 1024 * 1024) }) });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ type: 'invalid_request', code: 'request_too_large' });
  });

  it('accepts numbers as strings and boolean spellings as DRF does', async () => {
    const action = await createOk(server.url, { name: 12345, post_to_slack: 'true', steps: [{ event: 7 }] });
    expect(action).toMatchObject({ name: '12345', post_to_slack: true });
    expect(action.steps[0]?.['event']).toBe('7');
  });
});

describe('update validation', () => {
  it.each(cases.filter(([, body]) => typeof body === 'object' && body !== null && !Array.isArray(body) && 'name' in body))('refuses %s', async (_, body, code, detail, attr) => {
    const created = await createOk(server.url, { name: `Update target ${Math.random()}` });
    const response = await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ type: 'validation_error', code, detail, attr });
    // A refused update changes nothing.
    expect((await request(server.url, 'GET', `/api/projects/1/actions/${created.id}/`)).json).toEqual(created);
  });

  it('renaming to a live name is refused; keeping its own name is not', async () => {
    const created = await createOk(server.url, { name: 'Own name' });
    expect((await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body: { name: 'Own name' } })).status).toBe(200);
    const response = await request(server.url, 'PATCH', `/api/projects/1/actions/${created.id}/`, { body: { name: 'Taken' } });
    expect(response.json).toMatchObject({ code: 'unique', detail: `This project already has an action with this name, ID ${existingId}` });
  });
});
