// The playground as `actionmatch serve` serves it, in Chromium: the stored-action picker reads a
// project's actions through the server's Actions API with the key the user types.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeState } from '../../src/playground/client/share-state.js';
import { createTempDir, writeKeys } from '../server/server-fixture.js';
import { launchChromium, type LaunchedBrowser } from './browser.js';
import { answered, closePage, marks, openPage, startCli, stopCli } from './page-helpers.js';

// The little of the DOM that the functions run in the page use (this file is typed for Node).
declare const document: { getElementById(id: string): { readonly value: string; readonly textContent: string | null } | null };

let browser: LaunchedBrowser;

describe('the playground under actionmatch serve, in Chromium', () => {
  let serve: ChildProcess | undefined;
  let base = '';
  beforeAll(async () => {
    browser = await launchChromium();
    const dir = createTempDir();
    ({ child: serve, url: base } = await startCli(['serve', '--keys', writeKeys(dir), '--db', `${dir}/actions.db`, '--port', '0'], /listening on (http:\/\/\S+) /));
    for (const action of [
      { name: 'Viewed pricing', steps: [{ event: '$pageview', url: '/pricing' }] },
      { name: 'Signed up', steps: [{ event: 'signed up', properties: [{ key: 'plan', value: 'pro', operator: 'exact', type: 'event' }] }] },
    ]) {
      const response = await fetch(`${base}/api/projects/1/actions/`, { method: 'POST', headers: { Authorization: 'Bearer phx_write', 'Content-Type': 'application/json' }, body: JSON.stringify(action) });
      expect(response.status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stopCli(serve);
  });

  it("picks one of the project's stored actions, read with the user's key", async () => {
    const page = await openPage(browser.context, `${base}/playground`);
    await page.fill('#event-text', JSON.stringify({ event: 'signed up', properties: { plan: 'pro' } }));
    // Without a key the API refuses, and the page says so.
    await page.click('#stored-load');
    await page.waitForFunction(() => (document.getElementById('stored-status')?.textContent ?? '').startsWith('The actions could not be listed'));
    await page.fill('#stored-key', 'phx_read');
    await page.click('#stored-load');
    await page.waitForFunction(() => document.getElementById('stored-status')?.textContent === '2 actions in project @current.');
    const options = await page.$$eval('#stored-list option', (items) => items.map((item) => item.textContent));
    expect(options).toEqual(['(choose one of 2 actions)', expect.stringMatching(/^\d+: Signed up$/), expect.stringMatching(/^\d+: Viewed pricing$/)]);
    await page.selectOption('#stored-list', { index: 1 });
    await page.waitForFunction(() => document.getElementById('action-text')?.value.includes('"Signed up"') === true);
    await answered(page);
    expect(JSON.parse(await page.inputValue('#action-text'))).toMatchObject({ name: 'Signed up', deleted: false });
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('match');
    expect(await marks(page)).toEqual([
      ['steps[0].event', 'pass'],
      ['steps[0].properties[0]', 'pass'],
    ]);
    // The key is never part of the shareable link.
    const link = await page.inputValue('#share-link');
    expect(JSON.stringify(await decodeState(new URL(link).hash))).not.toContain('phx_read');
    await closePage(page);
  });
});

