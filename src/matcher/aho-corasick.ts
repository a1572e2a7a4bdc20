// A multi-pattern substring index (Aho–Corasick compiled to a dense DFA): one pass over a
// string finds every pattern that occurs in it. The matcher uses it to find, for thousands of
// actions at once, which `contains` literals occur in an event's URL or texts, so that only
// those actions run their full program.
//
// Hot-path choices: the alphabet is reduced to the code units that occur in some pattern (all
// others share one column), transitions are one flat Int32Array, and every state's output list
// (its own patterns and those of its dictionary-suffix states) is precomputed, so scanning is a
// table lookup per code unit and never allocates.

export class SubstringIndex {
  private readonly columns: number;
  private readonly asciiColumn: Uint16Array;
  private readonly otherColumn: Map<number, number>;
  private readonly transitions: Int32Array;
  /** outputStart[s]..outputStart[s+1] indexes outputs: the patterns recognised in state s. */
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;

  /** @param patterns non-empty strings; their positions are the ids reported by scan(). */
  constructor(patterns: readonly string[]) {
    const alphabet = new Map<number, number>();
    for (const pattern of patterns) {
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        if (!alphabet.has(unit)) alphabet.set(unit, alphabet.size + 1);
      }
    }
    this.columns = alphabet.size + 1; // column 0: any code unit no pattern uses
    this.asciiColumn = new Uint16Array(128);
    this.otherColumn = new Map();
    for (const [unit, column] of alphabet) {
      if (unit < 128) this.asciiColumn[unit] = column;
      else this.otherColumn.set(unit, column);
    }

    // 1. The trie, with -1 for a missing edge.
    const edges: number[] = new Array<number>(this.columns).fill(-1);
    const own: number[][] = [[]];
    for (let id = 0; id < patterns.length; id++) {
      const pattern = patterns[id] as string;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const slot = state * this.columns + this.columnOf(pattern.charCodeAt(i));
        let next = edges[slot] as number;
        if (next === -1) {
          next = own.length;
          own.push([]);
          for (let c = 0; c < this.columns; c++) edges.push(-1);
          edges[slot] = next;
        }
        state = next;
      }
      (own[state] as number[]).push(id);
    }

    // 2. Breadth-first: failure links turn the trie into a complete DFA, and each state
    //    inherits the outputs of its failure state.
    const stateCount = own.length;
    const failure = new Int32Array(stateCount);
    const order: number[] = [];
    for (let c = 0; c < this.columns; c++) {
      const child = edges[c] as number;
      if (child === -1) edges[c] = 0;
      else order.push(child);
    }
    for (let head = 0; head < order.length; head++) {
      const state = order[head] as number;
      (own[state] as number[]).push(...(own[failure[state] as number] as number[]));
      for (let c = 0; c < this.columns; c++) {
        const slot = state * this.columns + c;
        const child = edges[slot] as number;
        const fallback = edges[(failure[state] as number) * this.columns + c] as number;
        if (child === -1) {
          edges[slot] = fallback;
        } else {
          failure[child] = fallback;
          order.push(child);
        }
      }
    }

    this.transitions = Int32Array.from(edges);
    this.outputStart = new Int32Array(stateCount + 1);
    const flat: number[] = [];
    for (let s = 0; s < stateCount; s++) {
      this.outputStart[s] = flat.length;
      flat.push(...new Set(own[s]));
    }
    this.outputStart[stateCount] = flat.length;
    this.outputs = Int32Array.from(flat);
  }

  private columnOf(unit: number): number {
    return unit < 128 ? (this.asciiColumn[unit] as number) : (this.otherColumn.get(unit) ?? 0);
  }

  /**
   * Calls `found(id)` for every occurrence of a pattern in `text` (a pattern occurring twice is
   * reported twice; callers mark rather than count).
   */
  scan(text: string, found: (id: number) => void): void {
    const { transitions, columns, outputStart, outputs, asciiColumn } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const column = unit < 128 ? (asciiColumn[unit] as number) : (this.otherColumn.get(unit) ?? 0);
      state = transitions[state * columns + column] as number;
      const end = outputStart[state + 1] as number;
      for (let o = outputStart[state] as number; o < end; o++) found(outputs[o] as number);
    }
  }
}
