// What a reader of an explanation needs to see: the attributes and positions a selector compared,
// event text that cannot drive a terminal, no invented value for is_set / is_not_set, where a
// compile error is, the value an uncomparable filter would have read, and plain group labels.
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/index.js';
import { explainMatch } from '../../src/explain/explain-match.js';
import { formatExplanation } from '../../src/explain/format-explanation.js';

function conditionLine(action: unknown, event: unknown, index = 0): string {
  const lines = formatExplanation(explainMatch(action, event)).split('\n');
  const conditions = lines.filter((line) => line.startsWith('    '));
  return conditions[index] ?? '';
}

const onlyFilter = (filter: Record<string, unknown>) => ({ id: 1, steps: [{ properties: [filter] }] });
const withEvent = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ event: 'e', properties, ...extra });

describe('the element path shown for a selector', () => {
  const clickOn = (chain: string) => ({ event: '$autocapture', properties: {}, elements_chain: chain });
  const bySelector = (selector: string) => ({ id: 1, steps: [{ event: '$autocapture', selector }] });

  it('shows the attributes and positions the selector compares, so a failing value is visible', () => {
    const chain = 'button.btn:attr__data-attr="stop"attr__type="submit"nth-child="2"nth-of-type="1";li:nth-child="3"nth-of-type="3";ul:nth-child="1"nth-of-type="1"';
    const line = conditionLine(bySelector('li:nth-child(2) > button[data-attr="go"]'), clickOn(chain), 1);
    // Only what the selector reads: data-attr and nth-child, not the type attribute nor nth-of-type.
    expect(line).toBe(
      '    ✗ selector (some element): matches "li:nth-child(2) > button[data-attr=\\"go\\"]", got ul:nth-child(1) > li:nth-child(3) > button.btn[data-attr="stop"]:nth-child(2)  <- first failure',
    );
  });

  it('shows href for a selector on it, and nothing extra for a plain selector', () => {
    const chain = 'span:nth-child="1"nth-of-type="1";a.nav:attr__href="/old"href="/old"nth-child="1"nth-of-type="1"';
    expect(conditionLine(bySelector('a[href="/new"] > span'), clickOn(chain), 1)).toContain('got a.nav[href="/old"] > span  <- first failure');
    expect(conditionLine(bySelector('div > span'), clickOn(chain), 1)).toContain('got a.nav > span  <- first failure');
  });

  it('escapes control characters from the event instead of printing them', () => {
    const chain = 'button.x\u001b[2J:attr_id="a\nb"attr__data-k="v\u0007"nth-child="1"nth-of-type="1"';
    const text = formatExplanation(explainMatch(bySelector('div[data-k="v"]'), clickOn(chain)));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('got button#a\\u000ab.x\\u001b[2J[data-k="v\\u0007"]');
    // A value rendered as JSON is escaped too, including the C1 controls JSON leaves alone.
    const property = formatExplanation(explainMatch(onlyFilter({ key: 'k', value: 'v' }), withEvent({ k: 'a\u009b31mb' })));
    expect(property).toContain('got "a\\u009b31mb"');
    // So are the event's and the action's names in the headline.
    const named = formatExplanation(explainMatch({ id: 1, name: 'n\u009b1m', steps: [{ event: 'x' }] }, { event: 'a\u009b2J' }));
    expect(named.split('\n')[0]).toBe('✗ event "a\\u009b2J" does not match action 1 "n\\u009b1m"');
    // So is the action's expected value, in the summary and in the condition line.
    const expected = explainMatch(onlyFilter({ key: 'k', value: 'v\u009b2J' }), withEvent({ k: 'w' }));
    expect(expected.summary).toBe('no match: steps[0].properties[0] failed: expected event property "k" exact "v\\u009b2J", got "w"');
    expect(formatExplanation(expected)).toContain('exact "v\\u009b2J", got "w"');
  });
});

describe('conditions', () => {
  it('does not show a value for is_set and is_not_set, which ignore it', () => {
    const event = withEvent({});
    expect(conditionLine(onlyFilter({ key: 'k', operator: 'is_set', value: 'is_set' }), event)).toBe('    ✗ event property "k": is_set, got (not set)  <- first failure');
    expect(conditionLine(onlyFilter({ key: 'k', operator: 'is_not_set' }), event)).toBe('    ✓ event property "k": is_not_set, got (not set)');
    expect(explainMatch(onlyFilter({ key: 'k', operator: 'is_set', value: 'is_set' }), event).summary).toBe(
      'no match: steps[0].properties[0] failed: expected event property "k" is_set, got (not set)',
    );
  });

  it('shows what the event holds for a filter that can never compare (an unparseable date)', () => {
    const action = onlyFilter({ key: 'signed_up', operator: 'is_date_after', value: 'last tuesday' });
    const trace = explainMatch(action, withEvent({ signed_up: '2024-01-01' }));
    expect(trace.matched).toBe(false);
    expect(trace.steps[0]?.conditions[0]?.actual).toBe('"2024-01-01"');
    expect(trace.steps[0]?.conditions[0]?.outcome).toBe('fail');
    expect(trace.steps[0]?.conditions[0]?.note).toMatch(/^is_date_after: invalid date "last tuesday"/);
  });

  it('labels a group filter without group_type_index without an index of null', () => {
    const action = { id: 1, steps: [{ event: 'e', properties: [{ type: 'group', key: 'name', value: 'Acme' }] }] };
    expect(conditionLine(action, withEvent({}), 1)).toBe('    ~ group property "name" (no group_type_index): filter ignored (a group filter needs group_type_index), as PostHog does');
  });
});

describe('short forms', () => {
  it('says there is no text rather than showing an empty list', () => {
    const action = { id: 1, steps: [{ event: '$autocapture', text: 'Buy' }] };
    const trace = explainMatch(action, { event: '$autocapture', properties: {}, elements_chain: 'button:nth-child="1"nth-of-type="1"' });
    expect(trace.steps[0]?.conditions[1]?.actual).toBe('(no text in the chain)');
  });

  it('keeps the summary to one short line: long values are cut to 80 characters there, 200 below', () => {
    const trace = explainMatch(onlyFilter({ key: 'k', value: 'x'.repeat(300) }), withEvent({ k: 'y'.repeat(500) }));
    expect(trace.summary).toBe(`no match: steps[0].properties[0] failed: expected event property "k" exact "${'x'.repeat(78)}…, got "${'y'.repeat(78)}…`);
    expect(trace.steps[0]?.conditions[0]?.actual).toBe(`"${'y'.repeat(199)}… (502 characters)`);
  });
});

describe('a compile error', () => {
  it('says where it is when the message does not', () => {
    const action = { id: 4, name: 'In', steps: [{ event: 'e', properties: [{ key: 'k', operator: 'in', value: 'x' }] }] };
    const trace = explainMatch(action, withEvent({}));
    expect(trace.error?.path).toBe('steps[0].properties[0].value');
    // bytecode_error stays the compiler's message, as compileAction reports it.
    expect(trace.bytecode_error).toBe('IN and NOT IN operators require a list of values');
    expect(trace.summary).toBe('no match: the action does not compile: IN and NOT IN operators require a list of values (at steps[0].properties[0].value)');
    expect(formatExplanation(trace)).toBe('✗ action 4 "In" does not compile: IN and NOT IN operators require a list of values (at steps[0].properties[0].value)');
    expect(createMatcher([action]).match(withEvent({}))).toEqual([]);
  });

  it('does not repeat a place the message already names', () => {
    const trace = explainMatch({ id: 3, steps: [{ url: '(', url_matching: 'regex' }] }, withEvent({}));
    expect(formatExplanation(trace)).toBe('✗ action 3 does not compile: steps[0].url: invalid regex "(": missing )');
  });
});
