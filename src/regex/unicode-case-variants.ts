// Unicode simple case folding classes from the JavaScript engine's own tables (generated into
// case-fold-table.ts by scripts/generate-case-fold-table.mjs). Not used when matching: it is the
// reference from which scripts/generate-re2-case-orbits.ts measures RE2's older classes.
import { caseFoldPairs } from './case-fold-table.js';

let classMembers: Map<number, number[]> | undefined;
let representative: Map<number, number> | undefined;

function unpack(): void {
  const members = new Map<number, number[]>();
  const reps = new Map<number, number>();
  for (const pair of caseFoldPairs.split(',')) {
    const colon = pair.indexOf(':');
    const cp = parseInt(pair.slice(0, colon), 36);
    const rep = parseInt(pair.slice(colon + 1), 36);
    reps.set(cp, rep);
    const list = members.get(rep);
    if (list) list.push(cp);
    else members.set(rep, [rep, cp]);
  }
  classMembers = members;
  representative = reps;
}

/** Every code point Unicode simple case folding equates with `cp`, `cp` included, ascending. */
export function caseVariants(cp: number): readonly number[] {
  if (!classMembers || !representative) unpack();
  const members = classMembers?.get(representative?.get(cp) ?? cp);
  return members ? [...members].sort((a, b) => a - b) : [cp];
}
