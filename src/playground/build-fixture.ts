// The playground's event builder: a pageview of a URL, an autocapture click on an element path,
// or a custom event, built by the same fixture functions tests use, so the event the page shows
// is the one PostHog would record for that click or visit.
import { isPlainObject, readOwn } from '../event/read-value.js';
import { autocapture, customEvent, pageview } from '../testing/fixtures.js';
import type { FixtureAnswer } from './protocol.js';

/** Builds the event a builder request describes; a wrong field is named, never thrown. */
export function buildFixture(request: unknown): FixtureAnswer {
  if (!isPlainObject(request)) return invalid('kind', 'the builder request must be a JSON object');
  const kind = readOwn(request, 'kind');
  const properties = readProperties(readOwn(request, 'properties'));
  if (!properties.ok) return properties;
  try {
    if (kind === 'pageview') {
      const url = readText(request, 'url');
      if (url === '') return invalid('url', 'a pageview needs a URL');
      return { ok: true, event: pageview(url, properties.value) };
    }
    if (kind === 'autocapture') {
      const path = readText(request, 'path');
      if (path.trim() === '') return invalid('path', 'an autocapture click needs an element path, like form.signup > button#go');
      const text = readText(request, 'text');
      const href = readText(request, 'href');
      const url = readText(request, 'url');
      const event = autocapture(path, {
        ...(text === '' ? {} : { text }),
        ...(href === '' ? {} : { href }),
        ...(url === '' ? {} : { url }),
        properties: properties.value,
      });
      return { ok: true, event };
    }
    if (kind === 'custom') {
      const name = readText(request, 'name');
      if (name === '') return invalid('name', 'a custom event needs a name');
      return { ok: true, event: customEvent(name, properties.value) };
    }
  } catch (caught) {
    // The fixtures throw a TypeError naming the problem (an element path they cannot read).
    return invalid(kind === 'autocapture' ? 'path' : 'kind', caught instanceof Error ? caught.message : String(caught));
  }
  return invalid('kind', `the event kind must be pageview, autocapture or custom, got ${JSON.stringify(kind)}`);
}

function invalid(field: string, message: string): FixtureAnswer {
  return { ok: false, field, message };
}

function readText(request: Record<string, unknown>, key: string): string {
  const value = readOwn(request, key);
  return typeof value === 'string' ? value : '';
}

/** The builder's extra properties: a JSON object text, or nothing. */
function readProperties(value: unknown): { ok: true; value: Record<string, unknown> } | (FixtureAnswer & { ok: false }) {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { ok: true, value: {} };
  if (typeof value !== 'string') return { ok: false, field: 'properties', message: 'the properties must be sent as JSON text' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (caught) {
    return { ok: false, field: 'properties', message: `the properties are not valid JSON: ${caught instanceof Error ? caught.message : String(caught)}` };
  }
  if (!isPlainObject(parsed)) return { ok: false, field: 'properties', message: 'the properties must be a JSON object, like {"plan": "pro"}' };
  return { ok: true, value: parsed };
}
