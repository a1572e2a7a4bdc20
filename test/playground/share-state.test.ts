// The page's state in the URL fragment: what goes in comes out, and a damaged link says so.
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src/playground/client/share-state.js';

describe('the shared state in the fragment', () => {
  it.each([
    ['plain', { action: '{"id": 1, "steps": []}', event: '{"event": "x"}', now: '' }],
    ['unicode and control characters', { action: '{"name": "Ünïcødé 😀 \\u0000"}', event: '{"event": "\\n\\t\\"quoted\\""}', now: '2025-01-15T12:00:00Z' }],
    ['long and repetitive', { action: JSON.stringify({ steps: Array.from({ length: 300 }, (_, index) => ({ event: `e${index}`, url: 'https://example.com/pricing' })) }), event: '', now: '' }],
  ])('round-trips %s state', async (_name, state) => {
    const fragment = await encodeState(state);
    expect(fragment).toMatch(/^#v1\.[A-Za-z0-9_-]+$/);
    expect(await decodeState(fragment)).toEqual(state);
  });

  it('compresses: a long action gives a much shorter link', async () => {
    const action = JSON.stringify({ steps: Array.from({ length: 300 }, () => ({ event: '$pageview', url: 'https://example.com/pricing' })) });
    expect((await encodeState({ action, event: '', now: '' })).length).toBeLessThan(action.length / 10);
  });

  it('ignores an empty or foreign fragment', async () => {
    expect(await decodeState('')).toBeNull();
    expect(await decodeState('#section-2')).toBeNull();
  });

  it('reports a damaged or cut link as an Error', async () => {
    const fragment = await encodeState({ action: '{"id": 1, "steps": [{"event": "signed up"}]}', event: '{}', now: '' });
    for (const damaged of [fragment.slice(0, fragment.length - 6), '#v1.AAAA', '#v1.not*base64', '#v1.']) {
      const decoded = await decodeState(damaged);
      expect(decoded, damaged).toBeInstanceOf(Error);
      expect((decoded as Error).message).toContain("the link's state cannot be read");
    }
  });
});
