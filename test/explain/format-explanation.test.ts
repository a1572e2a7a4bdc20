// The text rendering of explanations: headline, summary, one line per condition, colour only on request.
import { describe, expect, it } from 'vitest';
import { explainMatch } from '../../src/explain/explain-match.js';
import { formatExplanation } from '../../src/explain/format-explanation.js';

const action = { id: 101, name: 'Viewed pricing page', steps: [{ event: '$pageview', url: '/pricing', text: 'x', properties: [{ key: 'plan' }] }] };
const about = { event: '$pageview', properties: { $current_url: 'https://example.com/about' } };

describe('formatExplanation', () => {
  it('renders each step and condition with expected and actual values', () => {
    const text = formatExplanation(explainMatch(action, about));
    expect(text.split('\n')).toEqual([
      '✗ event "$pageview" does not match action 101 "Viewed pricing page"',
      '  no match: steps[0].url failed: expected URL ($current_url) contains "/pricing", got "https://example.com/about"',
      '  steps[0] ✗ does not hold',
      '    ✓ event name: exact "$pageview", got "$pageview"',
      '    - text (some element): exact "x" (not applied: element fields apply only to steps whose event is "$autocapture")',
      '    ✗ URL ($current_url): contains "/pricing", got "https://example.com/about"  <- first failure',
      '    ~ event property "plan": filter ignored (it has no value), as PostHog does',
    ]);
  });

  it('says when an event matches', () => {
    const text = formatExplanation(explainMatch(action, { event: '$pageview', properties: { $current_url: 'https://example.com/pricing' } }));
    expect(text.split('\n').slice(0, 3)).toEqual(['✓ event "$pageview" matches action 101 "Viewed pricing page"', '  match: steps[0] holds', '  steps[0] ✓ holds']);
  });

  it('uses ANSI colour only when asked', () => {
    const trace = explainMatch(action, about);
    expect(formatExplanation(trace)).not.toContain('\u001b[');
    expect(formatExplanation(trace, { color: false })).not.toContain('\u001b[');
    const colored = formatExplanation(trace, { color: true });
    expect(colored).toContain('\u001b[31m✗\u001b[0m');
    expect(colored).toContain('\u001b[32m✓\u001b[0m');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(formatExplanation(trace));
  });

  it('tells a compile error and a malformed event in the headline', () => {
    expect(formatExplanation(explainMatch({ id: 3, name: 'Bad', steps: [{ url: '(', url_matching: 'regex' }] }, about))).toBe(
      '✗ action 3 "Bad" does not compile: steps[0].url: invalid regex "(": missing )',
    );
    expect(formatExplanation(explainMatch(action, { event: 'e', properties: [] }))).toBe('✗ event "e" cannot be matched: event.properties must be an object, got array');
  });

  it('shows a step without conditions', () => {
    expect(formatExplanation(explainMatch({ id: 1, steps: [{}] }, about)).split('\n').slice(2)).toEqual(['  steps[0] ✓ holds', '    (no conditions: every event)']);
  });
});
