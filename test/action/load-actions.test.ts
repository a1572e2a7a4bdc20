import { describe, expect, it } from 'vitest';
import { loadActions } from '../../src/index.js';

const a = { id: 1, name: 'a', steps: [] };
const b = { id: 2, name: 'b', steps: [], deleted: true };

describe('loadActions accepts every Actions API shape', () => {
  it.each([
    ['one action', a, [1]],
    ['an array', [a, b], [1]],
    ['{results}', { results: [a, b] }, [1]],
    ['{count, results}', { count: 2, results: [a, b] }, [1]],
    ['{count, next, previous, results}', { count: 2, next: null, previous: null, results: [a, b] }, [1]],
  ])('%s', (_name, input, ids) => {
    const loaded = loadActions(input);
    expect(loaded.actions.map((x) => x.id)).toEqual(ids);
    expect(loaded.problems).toEqual([]);
  });

  it('skips deleted actions unless asked', () => {
    expect(loadActions([a, b]).deletedSkipped).toBe(1);
    expect(loadActions([a, b], { includeDeleted: true }).actions.map((x) => x.id)).toEqual([1, 2]);
  });

  it('reports entries that are not actions, and keeps the rest', () => {
    const loaded = loadActions([a, 'x', null, { name: 'no id' }, { id: '7' }, { id: 1.5 }, { ...a, name: 'again' }]);
    expect(loaded.actions.map((x) => x.name)).toEqual(['a', 'again']);
    expect(loaded.problems.map((p) => p.message)).toEqual([
      'entry 1: expected an action object, got string',
      'entry 2: expected an action object, got null',
      'entry 3: an action needs an integer "id", got no id',
      'entry 4: an action needs an integer "id", got id "7"',
      'entry 5: an action needs an integer "id", got id 1.5',
      'entry 6: duplicate id 1 (also entry 0); the later entry wins',
    ]);
  });

  it.each([
    ['a string', 'x', 'expected an action, an array of actions or a list response ({"results": [...]}), got string'],
    ['results not a list', { results: 5 }, '"results" must be an array, got number'],
  ])('explains an input of the wrong shape: %s', (_name, input, message) => {
    expect(loadActions(input).problems).toEqual([{ index: 0, id: null, message }]);
  });
});
