// The live matchers on their own: a write that lands while a project's matcher is being loaded
// is not lost, and another connection's commit triggers a reload.
import { describe, expect, it } from 'vitest';
import type { ActionStore, StoredAction } from '../../src/store/action-store.js';
import { createLiveMatchers } from '../../src/server/live-matchers.js';
import { eventually } from '../helpers/eventually.js';
import { openStoreAt, openTestStore } from '../helpers/test-store.js';

async function createIn(store: ActionStore, name: string, event: string): Promise<StoredAction> {
  const result = await store.create<never>(1, (id) => ({ ok: true, action: { id, name, deleted: false, steps: [{ event }] } }));
  if (!result.ok) throw new Error('create failed');
  return result.action;
}

describe('createLiveMatchers', () => {
  it('a write applied while the matcher loads is not lost', async () => {
    const { store } = await openTestStore();
    await store.ensureProject(1);
    const existing = await createIn(store, 'Existing', 'a');
    let late: StoredAction | null = null;
    const listAll = store.listAll.bind(store);
    // The first read returns data from before a write that is committed and applied before the
    // load finishes (as another request's write can, between the read and its continuation).
    const racing: ActionStore = { ...store };
    const raced = createLiveMatchers(racing);
    racing.listAll = async (projectId) => {
      const snapshot = await listAll(projectId);
      if (late === null) {
        late = await createIn(store, 'Late', 'b');
        raced.apply(1, late);
      }
      return snapshot;
    };
    const matcher = await raced.get(1);
    expect(matcher.match({ event: 'a' })).toEqual([existing.id]);
    expect(matcher.match({ event: 'b' })).toEqual([(late as StoredAction | null)?.id]);
    await store.close();
  });

  it('reloads after another connection commits, and applies its own writes in place', async () => {
    const { store, location } = await openTestStore();
    const other = await openStoreAt(location);
    await store.ensureProject(1);
    const matchers = createLiveMatchers(store);
    await matchers.preload();
    expect((await matchers.get(1)).size).toBe(0);
    const own = await createIn(store, 'Own', 'own');
    // Not applied yet: the matcher does not know of it (our own commits do not move the version).
    expect((await matchers.get(1)).match({ event: 'own' })).toEqual([]);
    matchers.apply(1, own);
    expect((await matchers.get(1)).match({ event: 'own' })).toEqual([own.id]);
    const theirs = await createIn(other, 'Theirs', 'theirs');
    await eventually(async () => (await matchers.get(1)).match({ event: 'theirs' })[0] === theirs.id, 'the other connection’s write');
    matchers.apply(1, { ...own, deleted: true });
    expect((await matchers.get(1)).match({ event: 'own' })).toEqual([]);
    await other.close();
    await store.close();
  });
});
