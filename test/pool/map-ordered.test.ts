// mapOrdered: outputs in input order whatever order the runs finish in, never more runs in
// flight than allowed, a ready output handed over while the next input is still awaited, and
// failures (of a run, of the input) ending the iteration after the outputs ahead of them.
import { describe, expect, it } from 'vitest';
import { mapOrdered } from '../../src/pool/map-ordered.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('mapOrdered', () => {
  it('yields in input order while runs finish out of order, with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const run = async (value: number): Promise<number> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep((value * 7) % 5);
      inFlight--;
      return value * 10;
    };
    const inputs = Array.from({ length: 40 }, (_, index) => index);
    expect(await collect(mapOrdered(inputs, run, { concurrency: 3 }))).toEqual(inputs.map((value) => value * 10));
    expect(most).toBe(3);
  });

  it('pulls no input beyond the free slots while the consumer holds back', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<number> {
      for (let value = 0; value < 100; value++) {
        pulled++;
        yield value;
      }
    }
    const iterator = mapOrdered(source(), (value) => Promise.resolve(value), { concurrency: 4 });
    await iterator.next();
    await sleep(5);
    expect(pulled).toBeLessThanOrEqual(5);
    await iterator.return();
  });

  it('hands over a ready output while the next input is still awaited (a live feed)', async () => {
    let release: () => void = () => undefined;
    async function* source(): AsyncGenerator<number> {
      yield 1;
      await new Promise<void>((resolve) => (release = resolve));
      yield 2;
    }
    const iterator = mapOrdered(source(), (value) => Promise.resolve(value * 2), { concurrency: 4 });
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    release();
    expect(await iterator.next()).toEqual({ value: 4, done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('ends with a run’s error once the outputs ahead of it are taken', async () => {
    const run = async (value: number): Promise<number> => {
      await sleep(value === 2 ? 0 : 5);
      if (value === 2) throw new Error('run 2 failed');
      return value;
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of mapOrdered([0, 1, 2, 3], run, { concurrency: 4 })) seen.push(value);
      })(),
    ).rejects.toThrow('run 2 failed');
    expect(seen).toEqual([0, 1]);
  });

  it('ends with the input’s error and closes the input when the consumer stops early', async () => {
    let closed = false;
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('unreadable');
    }
    await expect(collect(mapOrdered(failing(), (value) => Promise.resolve(value), { concurrency: 2 }))).rejects.toThrow('unreadable');
    async function* endless(): AsyncGenerator<number> {
      try {
        for (let value = 0; ; value++) yield value;
      } finally {
        closed = true;
      }
    }
    for await (const value of mapOrdered(endless(), (item) => Promise.resolve(item), { concurrency: 2 })) if (value === 5) break;
    expect(closed).toBe(true);
  });
});
