// A multiset kept as a dense array of its distinct items: adding and removing are O(1) (a
// count per item, swap-removal when it reaches zero) and the items are read as a plain array,
// so an index can both change incrementally and be iterated without a snapshot.

export class CountedList<T> {
  /** The distinct items, in no particular order. */
  readonly items: T[] = [];
  private readonly slots = new Map<T, { position: number; count: number }>();

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    const slot = this.slots.get(item);
    if (slot !== undefined) slot.count++;
    else {
      this.slots.set(item, { position: this.items.length, count: 1 });
      this.items.push(item);
    }
  }

  /** Removes one occurrence; the item leaves the list with its last one. */
  delete(item: T): void {
    const slot = this.slots.get(item);
    if (slot === undefined) return;
    if (--slot.count > 0) return;
    this.slots.delete(item);
    const last = this.items.pop() as T;
    if (last !== item) {
      this.items[slot.position] = last;
      (this.slots.get(last) as { position: number }).position = slot.position;
    }
  }
}
