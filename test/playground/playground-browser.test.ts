// The playground end to end: the built `actionmatch playground` on a loopback port, driven in
// Debian's Chromium. Typing an action and an event, the per-condition marks, a broken action's
// located error, the event builder, a shared link, and a sample of the conformance cases whose
// rendered verdict and marks must be explainMatch's.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainMatch } from '../../src/explain/explain-match.js';
import { CONFORMANCE_NOW, loadCases, type ConformanceCase } from '../conformance/load-cases.js';
import { launchChromium, type LaunchedBrowser } from './browser.js';
import { contrastProblems } from './contrast.js';
import { answered, closePage, enter, marks, openPage as openTab, startCli, stopCli } from './page-helpers.js';

// The little of the DOM that the functions run in the page use (this file is typed for Node).
interface PageElement {
  readonly id: string;
  readonly value: string;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly textContent: string | null;
}
declare const document: { readonly activeElement: PageElement | null; getElementById(id: string): PageElement | null };


/** Screenshots land here (ignored by git): the test's artifacts. */
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let server: ChildProcess;
let url: string;
let browser: LaunchedBrowser;

function openPage(at = url): Promise<Page> {
  return openTab(browser.context, at);
}

beforeAll(async () => {
  ({ child: server, url } = await startCli(['playground', '--port', '0'], /open (http:\/\/127\.0\.0\.1:\d+\/playground)/));
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stopCli(server);
});

const pricingAction = {
  id: 7,
  name: 'Signed up from pricing',
  steps: [
    {
      event: 'signed up',
      properties: [
        { key: 'plan', value: 'pro', operator: 'exact', type: 'event' },
        { key: '$current_url', value: 'pricing', operator: 'icontains', type: 'event' },
      ],
    },
  ],
};

describe('the playground page in Chromium', () => {
  it('explains the example it opens with', async () => {
    const page = await openPage();
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('match');
    expect(await page.textContent('#verdict')).toContain('matches action 1 "Clicked buy"');
    expect(await page.$$eval('li.step', (steps) => steps.map((step) => step.getAttribute('data-outcome')))).toEqual(['match', 'no_match']);
    await closePage(page);
  });

  it('shows the verdict and each condition as the user types', async () => {
    const page = await openPage();
    await enter(page, pricingAction, { event: 'signed up', properties: { plan: 'free', $current_url: 'https://shop.example/Pricing' } });
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('no_match');
    expect(await page.textContent('#verdict')).toBe('No match: event "signed up" does not match action 7 "Signed up from pricing"');
    expect(await marks(page)).toEqual([
      ['steps[0].event', 'pass'],
      ['steps[0].properties[0]', 'fail'],
      ['steps[0].properties[1]', 'pass'],
    ]);
    const failing = page.locator('tr[data-path="steps[0].properties[0]"]');
    expect(await failing.getAttribute('data-first-failure')).toBe('true');
    expect(await failing.locator('td.expected').textContent()).toBe('"pro"');
    expect(await failing.locator('td.actual').textContent()).toBe('"free"');
    expect(await failing.locator('td.mark').textContent()).toBe('✗fails');
    await page.screenshot({ path: `${artifacts}playground-no-match.png`, fullPage: true });

    // Typing into the event (key by key, not a paste) changes the answer.
    await page.fill('#event-text', '{"event": "signed up", "properties": {"$current_url": "https://shop.example/Pricing", "plan": "');
    await page.locator('#event-text').pressSequentially('pro"}}');
    await answered(page);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('match');
    expect(await marks(page)).toEqual([
      ['steps[0].event', 'pass'],
      ['steps[0].properties[0]', 'pass'],
      ['steps[0].properties[1]', 'pass'],
    ]);
    expect(await page.textContent('#as-text')).toContain('✓ event property "plan": exact "pro", got "pro"');
    expect(await page.textContent('#disassembly')).toMatch(/^_AM v1/);
    expect(await page.textContent('#hogvm')).toMatch(/^\["_H",1,/);
    await closePage(page);
  });

  it('locates a compile error and a JSON error in the action text', async () => {
    const page = await openPage();
    const action = JSON.stringify({ id: 3, steps: [{ event: 'x' }, { properties: [{ key: 'q', value: 'a(b', operator: 'regex' }] }] }, null, 2);
    await enter(page, action, { event: 'x', properties: {} });
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('error');
    expect(await page.textContent('#verdict')).toBe('No match: action 3 does not compile');
    const error = page.locator('#compile-error');
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain('steps[1].properties[0].value: invalid regex "a(b"');
    const marked = '"value": "a(b"';
    const start = action.indexOf(marked);
    const line = action.slice(0, start).split('\n').length;
    expect(await error.locator('.where').textContent()).toBe(`line ${line}, column ${start - action.lastIndexOf('\n', start)}`);
    expect(await error.locator('mark').textContent()).toBe(marked);
    // The button puts the keyboard on the error in the editor.
    await error.getByRole('button', { name: 'Show in the editor' }).press('Enter');
    expect(await page.evaluate(() => [document.activeElement?.id, document.activeElement?.selectionStart, document.activeElement?.selectionEnd])).toEqual(['action-text', start, start + marked.length]);
    expect(await page.getAttribute('#action-text', 'aria-invalid')).toBe('true');

    // A missing comma: the JSON error is pointed at too, and no verdict is claimed.
    const broken = action.replace('"id": 3,', '"id": 3');
    await page.fill('#action-text', broken);
    await answered(page);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('input');
    const problem = await page.textContent('#action-problem');
    expect(problem).toContain('the action is not valid JSON at 3:3');
    expect(await page.locator('#action-problem mark').textContent()).toBe('"');
    expect(await page.textContent('#steps')).toBe('');
    await closePage(page);
  });

  it('selects a condition in the action from its path, with the keyboard', async () => {
    const page = await openPage();
    const action = JSON.stringify(pricingAction, null, 2);
    await enter(page, action, { event: 'signed up', properties: {} });
    await page.locator('tr[data-path="steps[0].properties[1]"] button.path').focus();
    await page.keyboard.press('Enter');
    const selected = await page.evaluate(() => {
      const editor = document.getElementById('action-text');
      return [editor !== null && document.activeElement === editor, editor?.value.slice(editor.selectionStart, editor.selectionEnd)];
    });
    expect(selected[0]).toBe(true);
    expect(JSON.parse(selected[1] as string)).toEqual(pricingAction.steps[0]?.properties[1]);
    await closePage(page);
  });

  it('builds an autocapture event and shows the element path a selector was compared with', async () => {
    const page = await openPage();
    await enter(page, { id: 9, steps: [{ event: '$autocapture', selector: 'nav a.signup', text: 'Sign up', href: '/signup' }] }, '{}');
    await page.selectOption('#fixture-kind', 'autocapture');
    expect(await page.isVisible('#fixture-path')).toBe(true);
    expect(await page.isVisible('#fixture-name')).toBe(false);
    await page.fill('#fixture-path', 'nav.top > a.signup');
    await page.fill('#fixture-text', 'Sign up');
    await page.fill('#fixture-href', '/signup');
    await page.click('#fixture-build');
    await page.waitForFunction(() => document.getElementById('event-text')?.value.includes('elements_chain') === true);
    await answered(page);
    const event = JSON.parse(await page.inputValue('#event-text')) as { event: string; elements_chain: string };
    expect(event.event).toBe('$autocapture');
    expect(event.elements_chain).toContain('a.signup');
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('match');
    expect(await marks(page)).toEqual([
      ['steps[0].event', 'pass'],
      ['steps[0].selector', 'pass'],
      ['steps[0].href', 'pass'],
      ['steps[0].text', 'pass'],
    ]);
    const selector = page.locator('tr[data-path="steps[0].selector"] td.actual');
    expect(await selector.textContent()).toBe('Path compared: nav.top > a.signup');

    // A path the builder cannot read is named at the field.
    await page.fill('#fixture-path', 'nav >');
    await page.click('#fixture-build');
    await page.locator('#fixture-path[aria-invalid="true"]').waitFor();
    expect(await page.textContent('#fixture-problem')).not.toBe('');
    await closePage(page);
  });

  it('loads the same state from a shared link', async () => {
    const page = await openPage();
    const event = { event: 'signed up', properties: { plan: 'pro', $current_url: 'https://shop.example/checkout' } };
    await enter(page, pricingAction, event, '2025-01-15T12:00:00Z');
    const link = await page.inputValue('#share-link');
    expect(link).toMatch(/#v1\.[\w-]+$/);
    const before = { verdict: await page.textContent('#verdict'), marks: await marks(page) };
    await closePage(page);

    const shared = await openPage(link);
    expect(JSON.parse(await shared.inputValue('#action-text'))).toEqual(pricingAction);
    expect(JSON.parse(await shared.inputValue('#event-text'))).toEqual(event);
    expect(await shared.inputValue('#now')).toBe('2025-01-15T12:00:00Z');
    expect({ verdict: await shared.textContent('#verdict'), marks: await marks(shared) }).toEqual(before);
    expect(before.marks.map(([, outcome]) => outcome)).toEqual(['pass', 'pass', 'fail']);

    // A damaged link says so instead of showing something else.
    await shared.goto(`${url}#v1.AAAA`);
    await shared.waitForFunction(() => (document.getElementById('share-status')?.textContent ?? '') !== '');
    expect(await shared.textContent('#share-status')).toContain("the link's state cannot be read");
    expect(new URL(shared.url()).hash).toBe('#v1.AAAA');
    await closePage(shared);
  });

  it('says so when the server cannot be reached, and recovers when it answers again', async () => {
    const page = await openPage();
    await page.route('**/playground/api/explain', (route) => route.abort('connectionrefused'));
    await page.fill('#event-text', '{"event": "x"}');
    await answered(page);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('error');
    expect(await page.textContent('#verdict')).toMatch(/^No answer: the playground server cannot be reached/);
    await page.unroute('**/playground/api/explain');
    await page.fill('#event-text', '{"event": "$autocapture"}');
    await answered(page);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('no_match');
    await closePage(page);
  });

  it('labels every control and keeps text at a contrast of at least 4.5:1', async () => {
    const page = await openPage();
    // A failing condition, a warning and a compile error on screen at once: every colour in use.
    await enter(page, { id: 4, steps: [{ event: 'x', selector: 'a' }, { event: 'y', properties: [{ key: 'k', value: 'v', operator: 'exact' }] }] }, { event: 'y', properties: { k: 'w' } });
    await page.selectOption('#fixture-kind', 'autocapture');
    await page.fill('#fixture-path', 'nav >');
    await page.click('#fixture-build');
    await page.locator('#fixture-path[aria-invalid="true"]').waitFor();
    const unlabelled = await page.$$eval('input, select, textarea, button', (controls) =>
      controls.filter((control) => {
        const labels = (control as unknown as { labels: ArrayLike<unknown> | null }).labels;
        return (labels === null || labels.length === 0) && !control.getAttribute('aria-label') && (control.textContent ?? '').trim() === '';
      }).map((control) => control.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    const lowContrast = await page.evaluate(contrastProblems);
    expect(lowContrast).toEqual([]);
    // And with a compile error shown.
    await enter(page, { id: 5, steps: [{ url: '(', url_matching: 'regex' }] }, { event: 'y' });
    expect(await page.evaluate(contrastProblems)).toEqual([]);
    await closePage(page);
  });

  // A spread of the conformance data, every file represented, rendered by the page.
  const files = ['core.jsonl', 'operators.jsonl', 'elements.jsonl', 'elements-matrix.jsonl', 'hogql.jsonl'];
  const sample: ConformanceCase[] = files.flatMap((file) => loadCases(file).filter((_, index, all) => index % Math.ceil(all.length / 6) === 0));

  it(`renders explainMatch's verdict and marks for ${sample.length} conformance cases`, async () => {
    const page = await openPage();
    const now = new Date(CONFORMANCE_NOW).toISOString();
    for (const testCase of sample) {
      await enter(page, testCase.action, testCase.event, now);
      const expected = explainMatch(testCase.action, testCase.event, { now: () => CONFORMANCE_NOW });
      const verdict = await page.getAttribute('#verdict', 'data-verdict');
      const shown = { name: testCase.name, verdict, marks: await marks(page) };
      const state = expected.bytecode_error !== null || expected.eventProblem !== null ? 'error' : expected.matched ? 'match' : 'no_match';
      const want = { name: testCase.name, verdict: state, marks: expected.steps.flatMap((step) => step.conditions.map((condition) => [condition.path, condition.outcome])) };
      expect(shown).toEqual(want);
      expect(expected.matched).toBe(testCase.expected);
    }
    await page.screenshot({ path: `${artifacts}playground-conformance-last.png`, fullPage: true });
    await closePage(page);
  });
});
