// The clauses of one index bucket filed under one value source (a property, the URL, the
// chain's href): exact values by hash lookup, literals (contains literals and regex atoms) by
// one multi-pattern pass per reading of the value.
import type { Reading } from '../bytecode/clauses.js';
import type { EventContext } from '../event/event-context.js';
import type { ValueReader } from '../vm/lower.js';
import { toHogString, toVmString } from '../vm/values.js';
import { CountedList } from './counted-list.js';
import { LiteralGroup, markAll, type Mark } from './literal-group.js';
import type { Indexed } from './event-index.js';

/** Clauses filed under one value source. */
export class SourceGroup<T extends Indexed> {
  readonly exact = new Map<string, T[]>();
  /** Every item of `exact`, for values that are not strings (the VM coerces numbers/booleans). */
  readonly exactAll = new CountedList<T>();
  readonly literals: LiteralGroup<T>[] = [];
  private readonly readings: Reading[] = [];
  private readonly byReading = new Map<Reading, LiteralGroup<T>>();

  constructor(readonly read: ValueReader) {}

  literalGroup(reading: Reading): LiteralGroup<T> {
    let group = this.byReading.get(reading);
    if (!group) {
      group = new LiteralGroup<T>(reading === 'folded');
      this.byReading.set(reading, group);
      this.literals.push(group);
      this.readings.push(reading);
    }
    return group;
  }

  visit(context: EventContext, mark: Mark<T>): void {
    const value = this.read(context);
    if (this.exactAll.size > 0) {
      if (typeof value === 'string') {
        const hits = this.exact.get(value);
        if (hits) markAll(hits, mark);
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        // The VM compares numbers and booleans with strings after coercion: any may match.
        markAll(this.exactAll.items, mark);
      }
    }
    for (let i = 0; i < this.literals.length; i++) {
      // The same string the test searches: ILIKE (folded) and regex filters read
      // toString(value), LIKE and `=~` the raw value as the VM stringifies it.
      (this.literals[i] as LiteralGroup<T>).scan(this.readings[i] === 'raw' ? toVmString(value) : toHogString(value), mark);
    }
  }
}

