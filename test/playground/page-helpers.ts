// Driving the playground in the browser: starting the built CLI, opening a tab, typing into the
// editors and reading the marks back.
import { spawn, type ChildProcess } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { cliPath } from '../cli/run-cli.js';

/** Runs the built CLI with `args` until it prints the line `listening` matches; resolves with its URL. */
export function startCli(args: string[], listening: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = listening.exec(out);
      if (found?.[1] !== undefined) resolve({ child, url: found[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => reject(new Error(`actionmatch ${args[0] ?? ''}: ${chunk.toString()}`)));
    child.once('exit', (code) => reject(new Error(`actionmatch ${args[0] ?? ''} exited with ${code} before listening`)));
  });
}

/** Stops a CLI server with SIGTERM and expects a clean exit. */
export async function stopCli(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}

/** Waits until the newest answer is on the page (the page marks the result busy until then). */
export async function answered(page: Page): Promise<void> {
  await page.locator('#result[aria-busy="false"]').waitFor();
}

// What each open page requested from another origin: it must work offline, so nothing.
const foreignRequests = new WeakMap<Page, string[]>();

/** Opens `at` in a new tab and waits for its first answer. */
export async function openPage(context: BrowserContext, at: string): Promise<Page> {
  const page = await context.newPage();
  const foreign: string[] = [];
  foreignRequests.set(page, foreign);
  page.on('request', (request) => {
    if (!request.url().startsWith(new URL(at).origin)) foreign.push(request.url());
  });
  await page.goto(at);
  await answered(page);
  return page;
}

/** Closes a tab opened by openPage, expecting it to have requested nothing from elsewhere. */
export async function closePage(page: Page): Promise<void> {
  expect(foreignRequests.get(page)).toEqual([]);
  await page.close();
}

/** Types an action, an event and the evaluation time, and waits for the answer to them. */
export async function enter(page: Page, action: unknown, event: unknown, now = ''): Promise<void> {
  await page.fill('#action-text', typeof action === 'string' ? action : JSON.stringify(action, null, 2));
  await page.fill('#event-text', typeof event === 'string' ? event : JSON.stringify(event, null, 2));
  await page.fill('#now', now);
  await answered(page);
}

/** Each condition row as `[path, outcome]`, in page order. */
export async function marks(page: Page): Promise<Array<[string, string]>> {
  return page.$$eval('tr.condition', (rows) => rows.map((row) => [row.getAttribute('data-path') ?? '', row.getAttribute('data-outcome') ?? ''] as [string, string]));
}
