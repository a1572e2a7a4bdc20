// Reading into values as the VM's getNestedValue does: Maps by key, arrays (and strings) by
// 1-based index (negative from the end; 0 is an error), anything else by own property only, so
// `properties.name.length` reads a string's length there and here alike.
import { abort } from './hogql-values.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** `obj` followed along `chain`. `nullish`: a null on the way reads as null instead of failing. */
export function nestedValue(obj: unknown, chain: readonly unknown[], nullish: boolean): unknown {
  if (typeof obj !== 'object' || obj === null) return null;
  return walk(obj, chain, nullish);
}

/** The walk of nestedValue from any value: how GET_GLOBAL continues from a global's own value. */
export function walk(start: unknown, chain: readonly unknown[], nullish: boolean): unknown {
  let current: unknown = start;
  for (const key of chain) {
    if (nullish && current === null) return null;
    if (current === null || current === undefined) return abort(`Cannot read properties of null (reading '${String(key)}')`);
    if (current instanceof Map) {
      current = current.get(key) ?? null;
    } else if (typeof key === 'number') {
      if (key === 0) return abort('Hog arrays start from index 1');
      const indexed = current as Record<number, unknown> & { length?: number };
      current = (key > 0 ? indexed[key - 1] : indexed[(indexed.length as number) + key]) ?? null;
    } else {
      current = hasOwn.call(current, key as PropertyKey) ? ((current as Record<PropertyKey, unknown>)[key as PropertyKey] ?? null) : null;
    }
  }
  return current;
}
