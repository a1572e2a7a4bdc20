// Ordered concurrency over a stream: each input is handed to `run` as soon as fewer than
// `concurrency` are in flight, and the outputs come out in input order. Memory is bounded by
// `concurrency` inputs and outputs: the next input is pulled only when a slot is free, and a slot
// frees only when the consumer has taken the output ahead of it, so a slow consumer slows the
// reading too. An output that is ready is handed over even while the next input is awaited, so
// a live feed (an idle stdin) gets every answer at once.

export interface MapOrderedOptions {
  /** Inputs in flight at most (at least 1). Twice the number of threads keeps each one busy. */
  readonly concurrency: number;
}

/**
 * Yields `run(input)` for each input of `inputs`, in order. A rejected run ends the iteration with
 * its error (once the outputs before it are taken); so does a failure of `inputs`.
 */
export async function* mapOrdered<I, O>(inputs: AsyncIterable<I> | Iterable<I>, run: (input: I) => Promise<O>, options: MapOrderedOptions): AsyncGenerator<O, void, undefined> {
  const concurrency = Math.max(1, Math.trunc(options.concurrency));
  const inFlight: Array<Promise<O>> = [];
  const source: AsyncIterator<I> | Iterator<I> = Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]();
  let exhausted = false;
  // The pull in progress, when one is: it stays pending while an output ahead of it is handed over.
  let pulling: Promise<IteratorResult<I>> | null = null;
  const take = (next: IteratorResult<I>): void => {
    pulling = null;
    if (next.done === true) {
      exhausted = true;
      return;
    }
    const answer = run(next.value);
    // Seen as handled at once: a rejection waits its turn instead of being reported unhandled.
    answer.catch(() => undefined);
    inFlight.push(answer);
  };
  try {
    for (;;) {
      if (!exhausted && pulling === null && inFlight.length < concurrency) pulling = Promise.resolve(source.next());
      const head = inFlight[0];
      if (head === undefined) {
        if (pulling === null) return;
        take(await pulling);
        continue;
      }
      if (pulling !== null) {
        const pull: Promise<IteratorResult<I>> = pulling;
        const first = await Promise.race([head.then(() => 'output', () => 'output'), pull.then(() => 'input')]);
        if (first === 'input') {
          take(await pull);
          continue;
        }
      }
      inFlight.shift();
      yield await head;
    }
  } finally {
    // Stopped early (break, error): the source is closed; runs in flight finish on their own. A
    // pull still waiting (an idle stdin) is not waited for: the source closes once it settles.
    if (!exhausted) {
      const closing = Promise.resolve(source.return?.()).catch(() => undefined);
      if (pulling === null) await closing;
    }
  }
}
