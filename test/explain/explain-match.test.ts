// explainMatch on hand-picked cases: what each condition reports, the first failure, ignored
// and not-applied conditions, compile errors, malformed events, deleted and stored actions.
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher } from '../../src/index.js';
import { explainMatch } from '../../src/explain/explain-match.js';
import { PREVIEW_LENGTH } from '../../src/explain/actual-value.js';

const chain = 'button.btn:attr__class="btn"attr_id="buy"nth-child="1"nth-of-type="1"text="Buy now";div.card:nth-child="2"nth-of-type="1";body:nth-child="1"nth-of-type="1"';
const click = { event: '$autocapture', properties: { $current_url: 'https://example.com/pricing', plan: 'free' }, elements_chain: chain, person: { properties: { email: 'a@example.com' } } };

describe('explainMatch', () => {
  it('says what an object value in an ILIKE filter is searched for as', () => {
    const action = { id: 1, steps: [{ properties: [{ key: 'plan', value: ['x', { nested: 'pro' }], operator: 'icontains' }] }] };
    const trace = explainMatch(action, { event: 'e', properties: { plan: { nested: 'pro' } } });
    expect(trace.matched).toBe(true);
    expect(trace.steps[0]?.conditions[0]).toMatchObject({ outcome: 'pass', note: "searched for as {'nested': 'pro'}, the Python form PostHog compares" });
  });

  it('reports expected, actual and outcome for every condition, and flags the first failure', () => {
    const action = {
      id: 7,
      name: 'Buy',
      steps: [
        {
          event: '$autocapture',
          selector: 'div.card > button#buy',
          tag_name: 'button',
          text: 'buy',
          text_matching: 'contains',
          href: '/checkout',
          url: '/pricing',
          properties: [
            { key: 'plan', value: 'pro' },
            { type: 'person', key: 'email', value: 'example.com', operator: 'icontains' },
          ],
        },
      ],
    };
    const trace = explainMatch(action, click);
    expect(trace.matched).toBe(false);
    expect(trace.actionId).toBe(7);
    expect(trace.actionName).toBe('Buy');
    const [step] = trace.steps;
    expect(step?.outcome).toBe('no_match');
    const rows = step?.conditions.map((c) => [c.path, c.operator, c.expected, c.actual, c.outcome, c.firstFailure]);
    expect(rows).toEqual([
      ['steps[0].event', 'exact', '$autocapture', '"$autocapture"', 'pass', false],
      ['steps[0].selector', 'matches', 'div.card > button#buy', 'body > div.card > button#buy.btn', 'pass', false],
      ['steps[0].tag_name', 'exact', 'button', '["button","div","body"]', 'pass', false],
      ['steps[0].href', 'exact', '/checkout', '""', 'fail', true],
      ['steps[0].text', 'contains', 'buy', '["Buy now"]', 'pass', false],
      ['steps[0].url', 'contains', '/pricing', '"https://example.com/pricing"', 'pass', false],
      ['steps[0].properties[0]', 'exact', 'pro', '"free"', 'fail', false],
      ['steps[0].properties[1]', 'icontains', 'example.com', '"a@example.com"', 'pass', false],
    ]);
    expect(step?.firstFailure).toBe(3);
    expect(step?.conditions[6]?.label).toBe('event property "plan"');
    expect(step?.conditions[7]?.label).toBe('person property "email"');
    expect(trace.summary).toBe('no match: steps[0].href failed: expected link (first href of the chain) exact "/checkout", got ""');
  });

  it('says which step matched when steps are ORed', () => {
    const trace = explainMatch({ id: 1, steps: [{ event: 'signup' }, { event: '$autocapture', text: 'Buy now' }] }, click);
    expect(trace.matched).toBe(true);
    expect(trace.steps.map((s) => s.outcome)).toEqual(['no_match', 'match']);
    expect(trace.summary).toBe('match: steps[1] holds');
  });

  it('cuts long actual values', () => {
    const long = 'x'.repeat(5000);
    const trace = explainMatch({ id: 1, steps: [{ properties: [{ key: 'a', value: 'y' }] }] }, { event: 'e', properties: { a: long } });
    const actual = trace.steps[0]?.conditions[0]?.actual ?? '';
    expect(actual.length).toBeLessThan(PREVIEW_LENGTH + 40);
    expect(actual.startsWith(`"${'x'.repeat(PREVIEW_LENGTH - 1)}`)).toBe(true);
    expect(actual).toMatch(/… \(5002 characters\)$/);
  });

  it('shows a missing value as not set', () => {
    const trace = explainMatch({ id: 1, steps: [{ url: '/pricing' }] }, { event: 'e' });
    expect(trace.steps[0]?.conditions[0]).toMatchObject({ actual: '(not set)', outcome: 'fail' });
  });

  it('marks element fields on a non-autocapture step as not applied', () => {
    const trace = explainMatch({ id: 1, steps: [{ event: '$pageview', text: 'nope' }] }, { event: '$pageview' });
    expect(trace.matched).toBe(true);
    expect(trace.steps[0]?.conditions[1]).toMatchObject({ kind: 'text', outcome: 'not_applied', note: expect.stringContaining('$autocapture') });
    expect(trace.warnings.map((w) => w.code)).toEqual(['ignored_element_field']);
  });

  it('explains an action whose only condition is an ignored filter (PostHog integer 1)', () => {
    const action = { id: 1, steps: [{ properties: [{ key: 'a', value: null }] }] };
    const trace = explainMatch(action, { event: 'e', properties: { a: 1 } });
    expect(trace.matched).toBe(false);
    expect(trace.steps[0]?.outcome).toBe('ignored');
    expect(trace.steps[0]?.conditions[0]).toMatchObject({ outcome: 'ignored', note: 'filter ignored (it has no value), as PostHog does' });
    expect(trace.summary).toMatch(/integer 1/);
    // Beside another step, the integer 1 makes the OR true, as in PostHog.
    const ored = explainMatch({ id: 1, steps: [action.steps[0], { event: 'never' }] }, { event: 'e' });
    expect(ored.matched).toBe(true);
    expect(ored.summary).toBe('match: steps[0] is only an ignored filter, whose integer 1 makes the OR of the steps true');
    expect(createMatcher([{ id: 1, steps: [action.steps[0], { event: 'never' }] }]).match({ event: 'e' })).toEqual([1]);
  });

  it('carries the bytecode_error of an action that does not compile', () => {
    const action = { id: 3, steps: [{ url: '(', url_matching: 'regex' }] };
    const trace = explainMatch(action, { event: 'e' });
    expect(trace.matched).toBe(false);
    expect(trace.bytecode_error).toBe(compileAction(action).bytecode_error);
    expect(trace.error?.path).toBe('steps[0].url');
    expect(trace.steps).toEqual([]);
    expect(trace.summary).toBe('no match: the action does not compile: steps[0].url: invalid regex "(": missing )');
  });

  it('explains a malformed event with describeEventProblem', () => {
    for (const event of [null, 5, { event: 5 }, { event: 'e', properties: [] }]) {
      const trace = explainMatch({ id: 1, steps: [] }, event);
      expect(trace.matched).toBe(false);
      expect(trace.eventProblem).toMatch(/^event/);
    }
    expect(explainMatch({ id: 1 }, { event: 'e', properties: 'x' }).summary).toBe('no match: the event cannot be matched: event.properties must be an object, got string');
  });

  it('never throws, even on a hostile event or action', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); }, getOwnPropertyDescriptor: () => { throw new Error('boom'); } });
    expect(explainMatch({ id: 1, steps: [] }, hostile).matched).toBe(false);
    expect(explainMatch(hostile, { event: 'e' }).matched).toBe(false);
    expect(explainMatch({ id: 1 }, { event: 'e' }, { limits: { maxSteps: -1 } }).summary).toMatch(/^no match: invalid options: /);
  });

  it('treats deleted actions as createMatcher does', () => {
    const action = { id: 1, deleted: true, steps: [{ event: 'e' }] };
    expect(explainMatch(action, { event: 'e' })).toMatchObject({ matched: false, summary: expect.stringContaining('deleted') });
    expect(explainMatch(action, { event: 'e' }, { includeDeleted: true }).matched).toBe(true);
  });

  it('runs a stored program as createMatcher loads it', () => {
    const compiled = compileAction({ id: 4, steps: [{ event: 'e' }] });
    const stored = { id: 4, bytecode: compiled.bytecode };
    expect(explainMatch(stored, { event: 'e' })).toMatchObject({ matched: true, steps: [] });
    expect(explainMatch(stored, { event: 'f' }).matched).toBe(false);
    const corrupt = explainMatch({ id: 4, bytecode: ['_AM', 1, 'nonsense'] }, { event: 'e' });
    expect(corrupt).toMatchObject({ matched: false, bytecode_error: 'bytecode[2]: unknown opcode "nonsense"', summary: 'no match: the stored program does not load: bytecode[2]: unknown opcode "nonsense"' });
  });

  it('uses options.now for relative dates, read once', () => {
    let reads = 0;
    const now = (): number => {
      reads++;
      return Date.parse('2025-01-15T12:00:00Z');
    };
    const action = { id: 1, steps: [{ properties: [{ key: 'at', value: '-7d', operator: 'is_date_after' }, { key: 'at', value: '-30d', operator: 'is_date_after' }] }] };
    const trace = explainMatch(action, { event: 'e', properties: { at: '2025-01-10T00:00:00Z' } }, { now });
    expect(trace.matched).toBe(true);
    expect(reads).toBe(1);
    expect(explainMatch(action, { event: 'e', properties: { at: '2025-01-01T00:00:00Z' } }, { now }).steps[0]?.conditions.map((c) => c.outcome)).toEqual(['fail', 'pass']);
  });

  it('evaluates an action without an id, which createMatcher would not hold', () => {
    const trace = explainMatch({ steps: [{ event: 'e' }] }, { event: 'e' });
    expect(trace).toMatchObject({ actionId: null, matched: true });
  });

  it('labels every kind of filter', () => {
    const action = {
      id: 1,
      steps: [
        {
          properties: [
            { type: 'person', key: 'distinct_id', value: 'u' },
            { type: 'group', group_type_index: 0, key: 'name', value: 'acme' },
            { type: 'element', key: 'text', value: 'Buy now' },
            { key: '$elements_chain', value: 'card', operator: 'icontains' },
          ],
        },
      ],
    };
    const event = { ...click, distinct_id: 'u', groups: { org: { index: 0, key: 'k', properties: { name: 'acme' } } } };
    const trace = explainMatch(action, event);
    expect(trace.matched).toBe(true);
    expect(trace.steps[0]?.conditions.map((c) => [c.label, c.actual])).toEqual([
      ['distinct_id', '"u"'],
      ['group 0 property "name"', '"acme"'],
      ['element text', '["Buy now"]'],
      ['elements chain ($elements_chain)', JSON.stringify(chain)],
    ]);
  });
});
