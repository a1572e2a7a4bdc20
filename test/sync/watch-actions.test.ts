// watchActions against a loopback server whose answers the test changes: the first sync, swaps
// on change, the last good set kept while the server fails, the timer, stop() and bad options.
import { afterEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/sync/sync-error.js';
import { watchActions, type ActionWatcher, type WatchUpdate } from '../../src/sync/watch-actions.js';
import { pricing, sendJson, signup, startServer, waitFor, type TestServer } from './test-server.js';

const signupEvent = { event: 'signed_up', properties: {} };
const pricingEvent = { event: '$pageview', properties: { $current_url: 'https://x.io/pricing' } };

/** A server whose next answer is whatever `state` holds: a list of actions, a status, or no answer. */
interface Controlled {
  server: TestServer;
  state: { actions: unknown[] } | { status: number } | 'hang';
}

const servers: TestServer[] = [];
const watchers: ActionWatcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) watcher.stop();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function controlled(actions: unknown[]): Promise<Controlled> {
  const control: Controlled = { server: undefined as unknown as TestServer, state: { actions } };
  control.server = await startServer((_request, response) => {
    const state = control.state;
    if (state === 'hang') return;
    if ('status' in state) sendJson(response, state.status, { detail: `failing with ${state.status}` });
    else sendJson(response, 200, { count: state.actions.length, next: null, previous: null, results: state.actions });
  });
  servers.push(control.server);
  return control;
}

function watch(control: Controlled, extra: Partial<Parameters<typeof watchActions>[0]> = {}): ActionWatcher {
  const watcher = watchActions({ host: control.server.host, projectId: 1, apiKey: 'phx_w', retry: { retries: 0 }, intervalMs: 3_600_000, ...extra });
  watchers.push(watcher);
  return watcher;
}

describe('watchActions', () => {
  it('syncs first, then swaps in a new matcher when the set changes', async () => {
    const control = await controlled([pricing]);
    const updates: WatchUpdate[] = [];
    const watcher = watch(control, { onUpdate: (update) => updates.push(update) });
    expect(watcher.match(signupEvent)).toEqual([]);
    const first = await watcher.ready;
    expect(first.actions.map((action) => action.id)).toEqual([2]);
    expect(watcher.match(pricingEvent)).toEqual([2]);
    expect(updates).toHaveLength(1);
    const before = watcher.matcher();

    control.state = { actions: [pricing, signup] };
    await watcher.refresh();
    expect(updates).toHaveLength(2);
    expect(watcher.matcher()).toBe(updates[1]?.matcher);
    expect(watcher.match(signupEvent)).toEqual([5]);
    // The matcher taken before the swap is untouched: no one sees a half-updated set.
    expect(before.match(signupEvent)).toEqual([]);
    expect(before.size).toBe(1);
    expect(watcher.lastSync?.changed).toBe(true);
  });

  it('keeps the same matcher when nothing changed', async () => {
    const control = await controlled([pricing, signup]);
    const updates: WatchUpdate[] = [];
    const watcher = watch(control, { onUpdate: (update) => updates.push(update) });
    await watcher.ready;
    const matcher = watcher.matcher();
    await watcher.refresh();
    expect(watcher.matcher()).toBe(matcher);
    expect(updates).toHaveLength(1);
    expect(watcher.lastSync?.changed).toBe(false);
    expect(control.server.requests).toHaveLength(2);
  });

  it('keeps the last good set while the server fails, and reports each failure', async () => {
    const control = await controlled([pricing, signup]);
    const errors: unknown[] = [];
    let clock = 1000;
    const watcher = watch(control, { onError: (error) => errors.push(error), now: () => clock });
    await watcher.ready;
    const good = watcher.matcher();

    control.state = { status: 500 };
    clock = 2000;
    await expect(watcher.refresh()).rejects.toBeInstanceOf(SyncError);
    control.state = { status: 403 };
    await expect(watcher.refresh()).rejects.toThrow("PostHog answered 403: failing with 403");
    expect(errors).toHaveLength(2);
    expect((errors[0] as SyncError).status).toBe(500);
    expect(watcher.matcher()).toBe(good);
    expect(watcher.match(signupEvent)).toEqual([5]);
    expect(watcher.lastError?.at).toBe(2000);
    expect(watcher.lastSync?.at).toBe(1000);

    control.state = { actions: [signup] };
    await watcher.refresh();
    expect(watcher.lastError).toBeNull();
    expect(watcher.match(pricingEvent)).toEqual([]);
  });

  it('rejects ready when the first sync fails, and goes on watching', async () => {
    const control = await controlled([]);
    control.state = { status: 401 };
    const errors: unknown[] = [];
    const watcher = watch(control, { onError: (error) => errors.push(error) });
    await expect(watcher.ready).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    expect(errors).toHaveLength(1);
    expect(watcher.matcher().size).toBe(0);
    control.state = { actions: [signup] };
    await watcher.refresh();
    expect(watcher.match(signupEvent)).toEqual([5]);
  });

  it('leaves no unhandled rejection for a caller who only listens to onError', async () => {
    const control = await controlled([]);
    control.state = { status: 401 };
    const errors: unknown[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      watch(control, { onError: (error) => errors.push(error) });
      await waitFor(() => errors.length === 1);
      // Unhandled rejections are reported after the microtask queue drains.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(errors[0]).toMatchObject({ code: 'unauthorized' });
    expect(unhandled).toEqual([]);
  });

  it('refreshes on its own every interval', async () => {
    const control = await controlled([pricing]);
    const updates: WatchUpdate[] = [];
    const watcher = watch(control, { intervalMs: 10, jitter: 0.5, onUpdate: (update) => updates.push(update) });
    await watcher.ready;
    control.state = { actions: [signup] };
    await waitFor(() => updates.length === 2);
    expect(watcher.match(signupEvent)).toEqual([5]);
    expect(control.server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('joins a refresh already in flight', async () => {
    const control = await controlled([pricing]);
    const watcher = watch(control);
    const again = watcher.refresh();
    expect(again).toBe(watcher.ready);
    await again;
    expect(control.server.requests).toHaveLength(1);
  });

  it('stop() cancels the request in flight and the timer', async () => {
    const control = await controlled([pricing]);
    control.state = 'hang';
    const errors: unknown[] = [];
    const watcher = watch(control, { intervalMs: 5, onError: (error) => errors.push(error) });
    await waitFor(() => control.server.requests.length === 1);
    watcher.stop();
    await expect(watcher.ready).rejects.toMatchObject({ name: 'AbortError' });
    await waitFor(() => control.server.abandoned.length === 1);
    expect(watcher.stopped).toBe(true);
    expect(errors).toEqual([]);
    await expect(watcher.refresh()).rejects.toMatchObject({ name: 'AbortError' });
    // With a 5 ms interval, a timer left running would have sent more requests by now.
    control.state = { actions: [pricing] };
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(control.server.requests).toHaveLength(1);
  });

  it('stops when the signal it was given aborts', async () => {
    const control = await controlled([pricing]);
    const controller = new AbortController();
    const watcher = watch(control, { signal: controller.signal, intervalMs: 5 });
    await watcher.ready;
    controller.abort();
    expect(watcher.stopped).toBe(true);
    const requests = control.server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(control.server.requests).toHaveLength(requests);
  });

  it('reports an onUpdate that throws through onError, keeping the new set', async () => {
    const control = await controlled([signup]);
    const errors: unknown[] = [];
    const failure = new Error('listener broke');
    const watcher = watch(control, {
      onUpdate: () => {
        throw failure;
      },
      onError: (error) => errors.push(error),
    });
    await watcher.ready;
    expect(errors).toEqual([failure]);
    expect(watcher.match(signupEvent)).toEqual([5]);
  });

  it.each([
    [{ intervalMs: 0 }, 'intervalMs must be a positive number of milliseconds, got 0'],
    [{ jitter: 2 }, 'jitter must be a fraction between 0 and 1, got 2'],
    [{ host: 'nowhere' }, 'host must be an http(s) URL'],
    [{ matcherOptions: { limits: { maxSteps: -1 } } }, 'maxSteps'],
  ])('throws a TypeError at once for bad options: %j', (extra, message) => {
    expect(() => watchActions({ host: 'http://127.0.0.1:9', projectId: 1, apiKey: 'k', ...extra })).toThrow(TypeError);
    expect(() => watchActions({ host: 'http://127.0.0.1:9', projectId: 1, apiKey: 'k', ...extra })).toThrow(message);
  });
});
