// eventKey: the outbox identity of an event, its uuid or a hash of its canonical JSON.
import { describe, expect, it } from 'vitest';
import { eventKey } from '../../src/server/notifications.js';

describe('eventKey', () => {
  it('is the uuid when the event has a non-empty string one', () => {
    expect(eventKey({ uuid: 'abc', event: 'x' })).toBe('abc');
  });

  it('hashes the canonical JSON otherwise: key order does not matter, content does', () => {
    const a = eventKey({ event: 'x', properties: { b: 1, a: [1, { d: 2, c: 3 }] }, distinct_id: 'd' });
    const b = eventKey({ distinct_id: 'd', properties: { a: [1, { c: 3, d: 2 }], b: 1 }, event: 'x' });
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(eventKey({ event: 'x', properties: { b: 2, a: [1, { d: 2, c: 3 }] }, distinct_id: 'd' })).not.toBe(a);
    // Array order is content.
    expect(eventKey({ event: 'x', list: [1, 2] })).not.toBe(eventKey({ event: 'x', list: [2, 1] }));
    // An empty or non-string uuid is not an identity.
    expect(eventKey({ uuid: '', event: 'x' })).toMatch(/^sha256:/);
    expect(eventKey({ uuid: 5, event: 'x' })).not.toBe(eventKey({ uuid: 6, event: 'x' }));
  });
});
