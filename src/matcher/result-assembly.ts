// Output-sensitive assembly of one event's matched ids (ascending), in a reused buffer.

/**
 * The matched ids of one event, gathered in a reused buffer and put in ascending order there:
 * no array grows per event and no comparator runs, only the result array is allocated. Short
 * lists are insertion-sorted in place (they usually arrive nearly sorted); long ones by the
 * typed array's native numeric sort, on 32-bit integers (several times faster than on doubles)
 * unless some id needs more.
 */
export class ResultAssembly {
  private ids: Int32Array | Float64Array = new Int32Array(64);
  private count = 0;

  begin(): void {
    this.count = 0;
  }

  add(id: number): void {
    let ids = this.ids;
    const widen = (id | 0) !== id && ids instanceof Int32Array;
    if (this.count === ids.length || widen) {
      const length = this.count === ids.length ? ids.length * 2 : ids.length;
      const grown = widen || ids instanceof Float64Array ? new Float64Array(length) : new Int32Array(length);
      grown.set(ids);
      this.ids = ids = grown;
    }
    ids[this.count++] = id;
  }

  finish(unordered: boolean): number[] {
    const { ids, count } = this;
    if (unordered && count > 1) {
      if (count <= 32) insertionSort(ids, count);
      else ids.subarray(0, count).sort();
    }
    const result = new Array<number>(count);
    for (let i = 0; i < count; i++) result[i] = ids[i] as number;
    return result;
  }
}

function insertionSort(ids: Int32Array | Float64Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const id = ids[i] as number;
    let j = i - 1;
    while (j >= 0 && (ids[j] as number) > id) {
      ids[j + 1] = ids[j] as number;
      j--;
    }
    ids[j + 1] = id;
  }
}

