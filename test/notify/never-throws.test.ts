// The formatter and the destination renderer take events from the internet: they must return a
// request for any format and any JSON-ish event, never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { destinationFromAction, renderDestinationRequest } from '../../src/notify/destination.js';
import { formatWebhookMessage, type WebhookEvent } from '../../src/notify/webhook-message.js';

const token = fc.constantFrom('[person]', '[event]', '[user.name]', '[groups.g]', '[groups.g.properties.a]', '[event.properties.a.b]',
  '[action.name]', '[foo]', '\\[', '\\]', '[', ']', '{', '}', '%s', '[event.properties.__proto__]', '\uD800');
const format = fc.array(fc.oneof(token, fc.string({ maxLength: 5 })), { maxLength: 8 }).map((parts) => parts.join(''));
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.string().map((s) => `${s}\uDC00`));
const event = fc.record({
  uuid: anyValue, event: fc.string(), distinct_id: anyValue, timestamp: anyValue,
  properties: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('a', 'b', '$browser', '__proto__'), anyValue)),
  person: fc.oneof(fc.constant(null), fc.record({ properties: fc.dictionary(fc.constantFrom('email', 'name', 'x'), anyValue) })),
  groups: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('g', 'h'), anyValue)),
}, { requiredKeys: ['event'] });

describe('never throws', () => {
  it('formatWebhookMessage returns a JSON request for any format and event', () => {
    fc.assert(fc.property(format, event, fc.boolean(), (messageFormat, rawEvent, slack) => {
      const request = formatWebhookMessage({ id: 1, name: 'a', slack_message_format: messageFormat }, rawEvent as WebhookEvent, {
        webhookUrl: slack ? 'https://hooks.slack.com/x' : 'https://example.com/', siteUrl: 'http://s', projectId: 1,
      });
      expect(typeof JSON.parse(request.body).text).toBe('string');
    }), { numRuns: 300 });
  });

  it('renderDestinationRequest returns a JSON request for any format and event', () => {
    fc.assert(fc.property(format, event, (messageFormat, rawEvent) => {
      const destination = destinationFromAction({ id: 1, name: 'a', slack_message_format: messageFormat }, 'https://hooks.slack.com/x');
      const request = renderDestinationRequest(destination, rawEvent as WebhookEvent, { siteUrl: 'http://s', projectId: 1 });
      expect(typeof JSON.parse(request.body).text).toBe('string');
    }), { numRuns: 300 });
  });
});
