// Finding a compile error's path in the action text the user typed.
import { describe, expect, it } from 'vitest';
import { locatePath, splitPath } from '../../src/playground/locate-path.js';

const text = `{
  "id": 1,
  "steps": [
    {"event": "a [b] {c}", "url": "x"},
    {
      "properties": [
        {"key": "k", "value": "v\\"]}", "operator": "regex"},
        {"key": "k2", "value": [1, [2, 3]], "operator": "exact"}
      ]
    }
  ]
}`;

/** The text a located path covers. */
function covered(path: string): string | null {
  const found = locatePath(text, path);
  return found === null ? null : text.slice(found.start, found.end);
}

describe('locatePath', () => {
  it.each([
    ['steps', text.slice(text.indexOf('"steps"'), text.lastIndexOf(']') + 1)],
    ['steps[0].event', '"event": "a [b] {c}"'],
    ['steps[0].url', '"url": "x"'],
    ['steps[1].properties[0].value', '"value": "v\\"]}"'],
    ['steps[1].properties[0].operator', '"operator": "regex"'],
    ['steps[1].properties[1].value', '"value": [1, [2, 3]]'],
    ['steps[1].properties[1]', '{"key": "k2", "value": [1, [2, 3]], "operator": "exact"}'],
    ['id', '"id": 1'],
  ])('%s covers its key and value', (path, expected) => {
    expect(covered(path)).toBe(expected);
    expect(locatePath(text, path)?.exact).toBe(true);
  });

  it('gives line and column of the start', () => {
    const start = text.indexOf('"value": "v');
    expect(locatePath(text, 'steps[1].properties[0].value')).toMatchObject({ start, line: 7, column: start - text.lastIndexOf('\n', start) });
  });

  it('falls back to the deepest part that exists, saying so', () => {
    const found = locatePath(text, 'steps[0].selector');
    expect(found).toMatchObject({ exact: false, found: 'steps[0]' });
    expect(covered('steps[0].selector')).toBe('{"event": "a [b] {c}", "url": "x"}');
    expect(locatePath(text, 'steps[5]')).toMatchObject({ exact: false, found: 'steps' });
    expect(locatePath(text, 'steps[0].event.deeper')).toMatchObject({ exact: false, found: 'steps[0].event' });
  });

  it('points at the key JSON.parse keeps when a key is repeated', () => {
    const repeated = '{"steps": [{"url": "first", "url": "second"}]}';
    const found = locatePath(repeated, 'steps[0].url');
    expect(found === null ? null : repeated.slice(found.start, found.end)).toBe('"url": "second"');
  });

  it('reads keys written with escapes as JSON does', () => {
    const escaped = '{"st\\u0065ps": [{"event": "x"}]}';
    const found = locatePath(escaped, 'steps[0].event');
    expect(found === null ? null : escaped.slice(found.start, found.end)).toBe('"event": "x"');
  });

  it('answers at once on a text that is not JSON, and null for a path it cannot read', () => {
    for (const broken of ['{"steps": [', '{"steps": [{"a', '{"steps": [{"a": "b\\', '{"steps": [[[[']) for (const path of ['steps[0].a', 'steps[3]']) expect(() => locatePath(broken, path)).not.toThrow();
    expect(splitPath('steps[x]')).toBeNull();
    expect(locatePath(text, 'steps..url')).toBeNull();
    expect(splitPath('steps[0].properties[12].value')).toEqual(['steps', 0, 'properties', 12, 'value']);
  });
});
