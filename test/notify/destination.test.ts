// Destinations: the shape of a migrated action notification (PostHog's migration cases, with
// the expected templates written out here) and the request a destination renders for an event.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/action/types.js';
import {
  convertMessageFormat,
  describeMigrateProblem,
  destinationFromAction,
  renderDestinationRequest,
} from '../../src/notify/destination.js';
import { planNotifications } from '../../src/notify/plan-notifications.js';
import { renderTemplateString } from '../../src/notify/hog-template.js';

const action: Action = { id: 42, name: 'Test Action', post_to_slack: true, slack_message_format: '[event] triggered by [person]' };
const advanced = `Event: [event] [event.event] [event.link] [event.uuid]
Person: [person] [person.link] [person.properties.foo.bar]
Groups: [groups.organization]  [groups.organization.properties.foo.bar]
Action: [action.name] [action.link]`;

describe('destinationFromAction', () => {
  it('has the migrated shape', () => {
    const destination = destinationFromAction(action, 'https://webhooks.slack.com/123', { id: 'abc', now: new Date('2024-01-02T03:04:05Z') });
    expect(destination).toMatchObject({
      id: 'abc',
      type: 'destination',
      name: 'Webhook for action 42 (Test Action)',
      template_id: 'template-webhook',
      enabled: true,
      deleted: false,
      created_at: '2024-01-02T03:04:05.000Z',
      filters: { actions: [{ id: '42', type: 'actions', name: 'Test Action', order: 0 }] },
      inputs: {
        url: { value: 'https://webhooks.slack.com/123' },
        method: { value: 'POST' },
        body: {
          value: {
            text: '{event.event} triggered by {person.name}',
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<{event.url}|{event.event}> triggered by <{person.url}|{person.name}>' } }],
          },
        },
      },
    });
  });

  it('writes a Markdown body for other webhooks', () => {
    const destination = destinationFromAction(action, 'https://webhooks.other.com/123');
    expect(destination.inputs.body.value).toEqual({ text: '[{event.event}]({event.url}) triggered by [{person.name}]({person.url})' });
    expect(destination.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries over every kind of token (Slack)', () => {
    const [markdown, text] = convertMessageFormat({ ...action, slack_message_format: advanced }, true);
    expect(text).toBe(`Event: {event.event} {event.event} {event.url} {event.uuid}
Person: {person.name} {person.url} {person.properties.foo.bar}
Groups: {groups.organization.url}  {groups.organization.properties.foo.bar}
Action: Test Action {project.url}/data-management/actions/42`);
    expect(markdown).toBe(`Event: <{event.url}|{event.event}> {event.event} {event.url} {event.uuid}
Person: <{person.url}|{person.name}> {person.url} {person.properties.foo.bar}
Groups: {groups.organization.url}  {groups.organization.properties.foo.bar}
Action: <{project.url}/data-management/actions/42|Test Action> {project.url}/data-management/actions/42`);
  });

  it('carries over every kind of token (Markdown)', () => {
    const [markdown] = convertMessageFormat({ ...action, slack_message_format: advanced }, false);
    expect(markdown).toBe(`Event: [{event.event}]({event.url}) {event.event} {event.url} {event.uuid}
Person: [{person.name}]({person.url}) {person.url} {person.properties.foo.bar}
Groups: {groups.organization.url}  {groups.organization.properties.foo.bar}
Action: [Test Action]({project.url}/data-management/actions/42) {project.url}/data-management/actions/42`);
  });

  it('maps user tokens, escapes braces and defaults the format', () => {
    expect(convertMessageFormat({ ...action, slack_message_format: '{x} [user.browser] [user.email] [properties.plan]' }, false))
      .toEqual(['\\{x} {person.properties.$browser} {person.properties.email} {event.properties.plan}', '\\{x} {person.properties.$browser} {person.properties.email} {event.properties.plan}']);
    expect(convertMessageFormat({ ...action, slack_message_format: null }, false)[1]).toBe('Test Action triggered by {person.name}');
  });

  it('names why an action cannot be migrated', () => {
    expect(describeMigrateProblem(action, 'https://x.test/')).toBeNull();
    expect(describeMigrateProblem({ ...action, post_to_slack: false }, 'https://x.test/')).toMatch(/post_to_slack/);
    expect(describeMigrateProblem({ ...action, deleted: true }, 'https://x.test/')).toMatch(/deleted/);
    expect(describeMigrateProblem(action, null)).toMatch(/no webhook URL/);
  });
});

describe('renderDestinationRequest', () => {
  const event = {
    uuid: 'u-1', event: 'signed up', distinct_id: 'd 1', timestamp: '2024-05-01T00:00:00Z',
    properties: { plan: 'pro' },
    person: { properties: { email: 'ann@example.com', foo: { bar: 7 } } },
    groups: { organization: { index: 0, key: 'acme', properties: { foo: { bar: 'baz' } } } },
  };
  const context = { siteUrl: 'https://ph.test', projectId: 9 };

  it('fills the migrated templates from the event', () => {
    const destination = destinationFromAction({ ...action, slack_message_format: advanced }, 'https://hooks.example/x');
    const request = renderDestinationRequest(destination, event, context);
    expect(request.url).toBe('https://hooks.example/x');
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      text: `Event: [signed up](https://ph.test/project/9/events/u-1/2024-05-01T00%3A00%3A00Z) signed up https://ph.test/project/9/events/u-1/2024-05-01T00%3A00%3A00Z u-1
Person: [ann@example.com](https://ph.test/project/9/person/d%201) https://ph.test/project/9/person/d%201 7
Groups: https://ph.test/project/9/groups/0/acme  baz
Action: [Test Action](https://ph.test/project/9/data-management/actions/42) https://ph.test/project/9/data-management/actions/42`,
    });
  });

  it('renders escaped braces, missing values and objects', () => {
    const globals = { event: { properties: { a: { b: 1 }, n: null } } };
    expect(renderTemplateString('\\{x} {event.properties.a} [{event.properties.n}] {event.properties.none} {unclosed', globals))
      .toBe('{x} {"b":1} [] ' + ' {unclosed');
  });
});

describe('planNotifications', () => {
  const event = { uuid: 'e-1', event: '$pageview', distinct_id: 'd', properties: {} };
  const legacy: Action = { id: 1, name: 'A', post_to_slack: true };
  const quiet: Action = { id: 2, name: 'B', post_to_slack: false };
  const destination = destinationFromAction({ id: 2, name: 'B', post_to_slack: true }, 'https://dest.example/');

  it('plans a legacy message per post_to_slack action and one request per destination', () => {
    const requests = planNotifications({
      projectId: 3, siteUrl: 'https://ph.test', event, matchedActions: [legacy, quiet],
      destinations: [destination], webhookUrl: 'https://legacy.example/',
    });
    expect(requests.map((request) => [request.destinationKey, request.url, request.actionId])).toEqual([
      ['action:1', 'https://legacy.example/', 1],
      [`destination:${destination.id}`, 'https://dest.example/', 2],
    ]);
    expect(requests.every((request) => request.eventUuid === 'e-1')).toBe(true);
  });

  it('sends no legacy message without a webhook URL, and nothing for disabled destinations', () => {
    const requests = planNotifications({
      projectId: 3, siteUrl: '', event, matchedActions: [legacy, quiet],
      destinations: [{ ...destination, enabled: false }], webhookUrl: null,
    });
    expect(requests).toEqual([]);
  });
});
