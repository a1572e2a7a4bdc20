// How the page reads an answer: the verdict for each kind of answer, the marked excerpt of a
// located error, and the export panes, from real answers of answerPlayground.
import { describe, expect, it } from 'vitest';
import { answerPlayground } from '../../src/playground/answer.js';
import { excerptOf, viewAnswer } from '../../src/playground/client/view-model.js';
import { spanOf } from '../../src/playground/locate-path.js';

function view(action: string, event: string, now?: string) {
  return viewAnswer(answerPlayground({ action, event, ...(now === undefined ? {} : { now }) }), action, event);
}

describe('viewAnswer', () => {
  it('claims no verdict while an input cannot be read, and says which', () => {
    expect(view('{', '{"event": "x"}').verdict).toEqual({ state: 'input', matched: null, text: 'No answer yet: the action cannot be read (see below)' });
    expect(view('{"steps": []}', '').verdict.text).toBe('No answer yet: the event cannot be read (see below)');
    expect(view('', '').verdict.text).toBe('No answer yet: the action and the event cannot be read (see below)');
    expect(view('{"steps": []}', '{}', 'soon')).toMatchObject({ verdict: { state: 'input' }, nowProblem: expect.stringContaining('"soon"') });
  });

  it('tells an event that cannot be matched from an action that does not compile', () => {
    expect(view('{"id": 1, "steps": []}', '{"event": 5}').verdict).toMatchObject({ state: 'error', matched: false, text: expect.stringMatching(/^No match: the event cannot be matched: /) });
    const broken = view('{"id": 1, "steps": [{"url": "(", "url_matching": "regex"}]}', '{"event": "x"}');
    expect(broken.verdict).toEqual({ state: 'error', matched: false, text: 'No match: action 1 does not compile' });
    expect(broken.compileError?.excerpt).toMatchObject({ line: 1, marked: '"url": "("' });
    expect(broken.disassembly).toMatch(/^\(no program: steps\[0\]\.url: /);
    // PostHog's compiler leaves regexes to run time, so it exports this one; a HogQL syntax error it refuses too.
    expect(broken.hogvm).toMatch(/^\["_H",1,/);
    expect(view('{"id": 1, "steps": [{"properties": [{"type": "hogql", "key": "1 +"}]}]}', '{"event": "x"}').hogvm).toMatch(/^\(PostHog's compiler fails: /);
  });

  it('shows expected values as JSON, none for is_set, and a selector path under its own label', () => {
    const action = JSON.stringify({ id: 2, steps: [{ event: '$autocapture', selector: 'div > a', properties: [{ key: 'a', operator: 'is_set' }, { key: 'b', value: ['x', 1], operator: 'exact' }] }] });
    const event = JSON.stringify({ event: '$autocapture', properties: { a: 1, b: 1 }, elements_chain: 'a.link:nth-child="1"nth-of-type="1";div:nth-child="1"nth-of-type="1"' });
    const [step] = view(action, event).steps;
    expect(step?.conditions.map((condition) => [condition.label, condition.expected, condition.actual, condition.actualLabel, condition.outcome])).toEqual([
      ['event name', '"$autocapture"', '"$autocapture"', 'Actual', 'pass'],
      ['selector (some element)', '"div > a"', 'div > a.link', 'Path compared', 'pass'],
      ['event property "a"', '', '1', 'Actual', 'pass'],
      ['event property "b"', '["x",1]', '1', 'Actual', 'pass'],
    ]);
  });

  it('shows an element field on another event as not applied, with the warning located', () => {
    const action = '{"id": 3, "steps": [{"event": "x", "text": "Buy"}]}';
    const shown = view(action, '{"event": "x"}');
    expect(shown.verdict.state).toBe('match');
    expect(shown.steps[0]?.conditions[1]).toMatchObject({ outcome: 'not_applied', mark: '–', outcomeText: 'not applied', actual: '' });
    expect(shown.warnings.map((warning) => warning.excerpt?.marked)).toEqual(['"text": "Buy"']);
  });
});

describe('excerptOf', () => {
  it('marks the span on its line, cutting long lines around it', () => {
    const text = `{"a": 1,\n"${'x'.repeat(100)}": "here", "${'y'.repeat(100)}": 2}`;
    const start = text.indexOf('"here"');
    const excerpt = excerptOf(text, spanOf(text, start, start + 6));
    expect(excerpt.line).toBe(2);
    expect(excerpt.marked).toBe('"here"');
    expect(excerpt.before.startsWith('…')).toBe(true);
    expect(excerpt.after.endsWith('…')).toBe(true);
    expect(excerpt.before.length).toBe(61);
  });

  it('marks only the first line of a span over several, and a place at the very end with a space', () => {
    const text = '{\n  "steps": [\n    {}\n  ]\n}';
    const start = text.indexOf('"steps"');
    expect(excerptOf(text, spanOf(text, start, text.length - 2))).toMatchObject({ before: '  ', marked: '"steps": [', after: '' });
    expect(excerptOf('{"a": ', spanOf('{"a": ', 6, 6))).toMatchObject({ marked: ' ', before: '{"a": ' });
  });
});
