// Differential test: the engine (compile -> bytecode -> load -> closures) against the simple
// reference reading of the spec, over thousands of generated actions and events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAction, createMatcher } from '../../src/index.js';
import { referenceValue } from '../reference/reference-matcher.js';
import { action, event } from './generators.js';

describe('engine agrees with the reference reading of the spec', () => {
  it('on generated actions and events', () => {
    let compared = 0;
    fc.assert(
      fc.property(action, fc.array(event, { minLength: 1, maxLength: 5 }), (generated, events) => {
        const compiled = compileAction(generated);
        if (compiled.bytecode_error !== null) {
          // The only compile errors generated filters can meet: a null inside a value list.
          expect(compiled.bytecode_error).toMatch(/^Value must be set for property type \w+ & operator \w+$/);
          return;
        }
        const matcher = createMatcher([generated]);
        for (const e of events) {
          const json = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
          const expected = referenceValue(generated, json) === true;
          expect(matcher.match(json).includes(1), JSON.stringify({ action: generated, event: json })).toBe(expected);
          compared++;
        }
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    expect(compared).toBeGreaterThan(5000);
  });
});
