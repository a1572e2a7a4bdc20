// Regex atoms must be necessary: whenever a pattern matches a subject, one of its atoms occurs
// in that subject. Checked on generated patterns and subjects over a small alphabet (so that
// they meet), with RE2 semantics from the engine itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../src/regex/index.js';
import { regexAtoms } from '../../src/regex/atoms.js';

const pieces = ['a', 'b', 'ab', 'K', '(?i)', '[ab]', '[a-c]', '.', 'a?', 'b*', 'a+', '(ab|ba)', '(a|)', 'x{2}', 'c{1,3}', '\\d', '^', '$', '\\b', '(?i:k)', 'ſ', '|', '(bc)+', '[^a]'];
const pattern = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
const subject = fc.array(fc.constantFrom('a', 'b', 'c', 'k', 'K', 'x', 'S', 's', 'ſ', 'K', '1', ' '), { maxLength: 12 }).map((chars) => chars.join(''));

describe('regexAtoms', () => {
  it('finds the literals of plain patterns', () => {
    expect(regexAtoms('/pricing/alph')).toEqual(['/pricing/alph']);
    expect(regexAtoms('^https://example\\.com/docs/')).toEqual(['https://example.com/docs/']);
    expect(regexAtoms('/docs/(beta|gamma)-[0-9]+')).toEqual(['/docs/beta-', '/docs/gamma-']);
    expect(regexAtoms('^(Chrome|Edge)$')).toEqual(['Chrome', 'Edge']);
  });

  it('gives none where a match needs no literal', () => {
    for (const none of ['', '^$', '\\d+', 'a.c', '[0-9]{3}$', 'x*', 'a|b', '(?i)k', 'ab|.']) expect(regexAtoms(none), none).toBeNull();
  });

  it('keeps case variants of (?i) literals, RE2 orbits included', () => {
    expect(regexAtoms('(?i)st')).toEqual(expect.arrayContaining(['st', 'ST', 'ſt', 'St']));
  });

  it('never misses a match', () => {
    fc.assert(
      fc.property(pattern, fc.array(subject, { minLength: 1, maxLength: 8 }), (source, subjects) => {
        const compiled = compileRegex(source);
        if (!compiled.ok) return;
        const atoms = regexAtoms(source);
        if (atoms === null) return;
        for (const text of subjects) {
          if (compiled.regex.test(text)) expect(atoms.some((atom) => text.includes(atom)), `${source} on ${JSON.stringify(text)}: ${JSON.stringify(atoms)}`).toBe(true);
        }
      }),
      { numRuns: 3000, seed: 16 },
    );
  });
});
