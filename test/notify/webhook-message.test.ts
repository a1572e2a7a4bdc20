// The legacy action notification against PostHog's known outputs: the cases of its webhook
// formatter tests (links, Markdown and Slack escaping, groups, display names, escaped brackets),
// with the expected strings written out here.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/action/types.js';
import {
  buildWebhookPayload,
  formatWebhookMessage,
  type WebhookContext,
  type WebhookEvent,
} from '../../src/notify/webhook-message.js';
import { escapeMarkdown, escapeSlack } from '../../src/notify/webhook-escape.js';

const baseEvent: WebhookEvent = {
  uuid: '123',
  event: '$pageview',
  distinct_id: 'WALL-E',
  timestamp: '2021-10-31T00%3A44%3A00.000Z',
  properties: { $browser: 'Chrome' },
  person: { properties: { email: 'test@posthog.com' } },
  groups: {
    organization: { index: 1, key: '123', properties: { name: 'PostHog', plan: 'paid' } },
    project: { index: 2, key: '234', properties: {} },
  },
};

const OTHER_URL = 'https://example.com/';
const SLACK_URL = 'https://hooks.slack.com/services/123/456/789';

interface Case {
  name: string;
  format: string;
  expected: string;
  event?: Partial<WebhookEvent>;
  context?: Partial<WebhookContext>;
  action?: Partial<Action>;
}

function render(testCase: Pick<Case, 'format' | 'event' | 'context' | 'action'>, webhookUrl: string): Record<string, unknown> {
  const action: Action = { id: 1, name: 'action1', slack_message_format: testCase.format, ...testCase.action };
  const context: WebhookContext = { webhookUrl, siteUrl: 'http://localhost:8000', projectId: 123, ...testCase.context };
  return buildWebhookPayload(action, { ...baseEvent, ...testCase.event }, context);
}

const link = (name: string, path: string): string => `[${name}](http://localhost:8000/project/123${path})`;
const person = link('test@posthog.com', '/person/WALL-E');
const action1 = link('action1', '/action/1');

const markdownCases: Case[] = [
  { name: 'person', format: '[person]', expected: person },
  { name: 'person.link', format: '[person.link]', expected: 'http://localhost:8000/project/123/person/WALL-E' },
  { name: 'user.name aliases the person', format: '[user.name]', expected: person },
  { name: 'user.X reads event property $X', format: '[user.browser]', expected: 'Chrome' },
  { name: 'action.name', format: '[action.name]', expected: action1 },
  { name: 'sentence', format: '[action.name] was done by [user.name]', expected: `${action1} was done by ${person}` },
  { name: 'source.name aliases action.name', format: '[source.name] was done by [user.name]', expected: `${action1} was done by ${person}` },
  { name: 'escaped brackets', format: '[action.name\\] got done by \\[user.name\\]', expected: '[action.name] got done by [user.name]' },
  { name: 'event', format: '[event]', expected: link('$pageview', '/events/123/2021-10-31T00%253A44%253A00.000Z') },
  { name: 'event.uuid', format: '[event.uuid]', expected: '123' },
  { name: 'event.name', format: '[event.name]', expected: '$pageview' },
  { name: 'event.event', format: '[event.event]', expected: '$pageview' },
  { name: 'event.distinct_id', format: '[event.distinct_id]', expected: 'WALL-E' },
  { name: 'event.timestamp', format: '[event.timestamp]', expected: '2021-10-31T00%3A44%3A00.000Z' },
  { name: 'event.link', format: '[event.link]', expected: 'http://localhost:8000/project/123/events/123/2021-10-31T00%253A44%253A00.000Z' },
  {
    name: 'display name from non-ASCII project properties',
    format: '[person]',
    event: { person: { properties: { imię: 'Grzegorz', nazwisko: 'Brzęczyszczykiewicz' } } },
    context: { displayNameProperties: ['nazwisko'] },
    expected: link('Brzęczyszczykiewicz', '/person/WALL-E'),
  },
  { name: 'boolean property as JSON', format: '[person.properties.enjoys_broccoli_on_pizza]', event: { person: { properties: { enjoys_broccoli_on_pizza: false } } }, expected: 'false' },
  {
    name: 'array property as JSON, first bracket at line start unescaped',
    format: '[person.properties.pizza_ingredient_ranking]',
    event: { person: { properties: { pizza_ingredient_ranking: ['pineapple', 'broccoli', 'aubergine'] } } },
    expected: '["pineapple","broccoli","aubergine"\\]',
  },
  { name: 'missing user property', format: '[user.missing_property]', expected: 'undefined' },
  {
    name: 'special characters escaped in names and urls',
    format: '[event]',
    event: { uuid: '**)', event: 'text](yes!), [new link' },
    expected: '[text\\]\\(yes\\!\\), \\[new link](http://localhost:8000/project/123/events/\\*\\*\\)/2021-10-31T00%253A44%253A00.000Z)',
  },
  {
    name: 'properties with spaces and missing ones',
    format: '[user.name] from [user.browser] on [event.properties.page_title] page with [event.properties.fruit], [event.properties.with space]',
    event: { distinct_id: '2', properties: { $browser: 'Chrome', page_title: 'Pricing', 'with space': 'yes sir' } },
    expected: `${link('test@posthog.com', '/person/2')} from Chrome on Pricing page with undefined, yes sir`,
  },
  { name: 'groups alone', format: '[groups]', expected: 'NOT SUPPORTED' },
  { name: 'missing group', format: '[groups.missing]', expected: "(event without 'missing')" },
  { name: 'group by name', format: '[groups.organization]', expected: link('PostHog', '/groups/1/123') },
  { name: 'group property', format: '[groups.organization.properties.plan]', expected: 'paid' },
  { name: 'group without a name uses its key', format: '[groups.project]', expected: link('234', '/groups/2/234') },
  { name: 'group link', format: '[groups.organization.link]', expected: 'http://localhost:8000/project/123/groups/1/123' },
  { name: 'nested event property path', format: '[event.properties.a.b]', event: { properties: { a: { b: 'deep' } } }, expected: 'deep' },
  { name: 'object property as JSON (its first character counts as a line start)', format: 'x [event.properties.a]', event: { properties: { a: { b: 1 } } }, expected: 'x {"b":1\\}' },
  { name: 'known head, unknown rest is empty', format: 'a[event.nope]b[person.properties]c[action.other]d', expected: 'abcd' },
  { name: 'inherited keys are not properties', format: '[event.properties.constructor]', expected: 'undefined' },
  { name: 'display name falls back to the trimmed distinct_id', format: '[person]', event: { distinct_id: '  bob ', person: { properties: {} } }, expected: '[bob](http://localhost:8000/project/123/person/%20%20bob%20)' },
  { name: 'context person overrides the event person', format: '[person]', context: { person: { properties: { name: 'Ann' } } }, expected: link('Ann', '/person/WALL-E') },
  { name: 'empty format uses the default', format: '', expected: `${action1} was triggered by ${person}` },
  { name: 'text around tokens is kept', format: 'Hey! [event.event] at 50% off', expected: 'Hey! $pageview at 50% off' },
];

describe('formatWebhookMessage: Markdown webhooks', () => {
  it.each(markdownCases)('$name', (testCase) => {
    expect(render(testCase, OTHER_URL)).toEqual({ text: testCase.expected });
  });

  it('an unknown token replaces the whole message with the error text', () => {
    expect(render({ format: 'ok [event] then [foo]' }, OTHER_URL)).toEqual({
      text: `*⚠ Error: There are one or more formatting errors in the message template for action "${action1}".*`,
    });
  });
});

describe('formatWebhookMessage: Slack webhooks', () => {
  const slackCases: Array<Case & { plain: string }> = [
    { name: 'person', format: '[person]', plain: 'test@posthog.com', expected: '<http://localhost:8000/project/123/person/WALL-E|test@posthog.com>' },
    { name: 'action.name', format: '[action.name]', plain: 'action1', expected: '<http://localhost:8000/project/123/action/1|action1>' },
    {
      name: 'special characters escaped',
      format: '[event]',
      event: { uuid: '**>)', event: 'text><new link' },
      plain: 'text&gt;&lt;new link',
      expected: '<http://localhost:8000/project/123/events/**%3E)/2021-10-31T00%253A44%253A00.000Z|text&gt;&lt;new link>',
    },
    { name: 'values escaped, markdown characters kept', format: '[event.properties.q]', event: { properties: { q: 'a & *b* <c>' } }, plain: 'a &amp; *b* &lt;c&gt;', expected: 'a &amp; *b* &lt;c&gt;' },
  ];

  it.each(slackCases)('$name', (testCase) => {
    expect(render(testCase, SLACK_URL)).toEqual({
      text: testCase.plain,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: testCase.expected } }],
    });
  });

  it('the error text names the action as a Slack link', () => {
    expect(render({ format: '[bad.token]' }, SLACK_URL)).toEqual({
      text: '⚠ Error: There are one or more formatting errors in the message template for action "action1".',
      blocks: [{
        type: 'section',
        text: { type: 'mrkdwn', text: '*⚠ Error: There are one or more formatting errors in the message template for action "<http://localhost:8000/project/123/action/1|action1>".*' },
      }],
    });
  });

  it('detects Slack case-insensitively', () => {
    expect(render({ format: '[event.event]' }, 'https://HOOKS.SLACK.COM/x')).toHaveProperty('blocks');
  });
});

describe('formatWebhookMessage: the request', () => {
  it('is a JSON POST to the webhook URL', () => {
    const request = formatWebhookMessage({ id: 7, name: 'Signup' }, baseEvent, { webhookUrl: OTHER_URL, siteUrl: 'https://ph.example', projectId: 5 });
    expect(request.url).toBe(OTHER_URL);
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(request.body)).toEqual({
      text: '[Signup](https://ph.example/project/5/action/7) was triggered by [test@posthog.com](https://ph.example/project/5/person/WALL-E)',
    });
  });

  it('reads person_properties when the event has no person object', () => {
    const payload = render({ format: '[person]', event: { person: null, person_properties: { Name: 'Zed' } } }, OTHER_URL);
    expect(payload).toEqual({ text: link('Zed', '/person/WALL-E') });
  });

  it('never throws for odd events', () => {
    const odd: WebhookEvent = { event: 'e', distinct_id: 42, properties: null, groups: { g: 'not an object' } };
    const payload = buildWebhookPayload({ id: 1, name: null, slack_message_format: '[person] [event] [groups.g] [event.properties.x.y]' }, odd, {
      webhookUrl: OTHER_URL, siteUrl: '', projectId: 1,
    });
    expect(payload).toEqual({ text: "[42](/project/1/person/42) [e](/project/1/events/undefined/undefined) (event without 'g') undefined" });
    // A null uuid or timestamp links as a missing one does.
    const nulls = buildWebhookPayload({ id: 1, name: 'a', slack_message_format: '[event.link]' }, { ...odd, uuid: null, timestamp: null }, {
      webhookUrl: OTHER_URL, siteUrl: '', projectId: 1,
    });
    expect(nulls).toEqual({ text: '/project/1/events/undefined/undefined' });
  });
});

describe('escaping', () => {
  it('escapes line-start characters only at a line start', () => {
    expect(escapeMarkdown('# a-b\n- c+d\r+e')).toBe('\\# a-b\n\\- c+d\r\\+e');
  });
  it('escapes Slack reserved characters', () => {
    expect(escapeSlack('<a & b>')).toBe('&lt;a &amp; b&gt;');
  });
});
