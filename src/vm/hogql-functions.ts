// The HogVM standard-library functions actionmatch evaluates in HogQL filters, by name. The
// compiler accepts a call only to a name listed here, with an argument count PostHog's STL
// contract allows.
import { collectionFunctions } from './hogql-collections.js';
import { dateFunctions } from './hogql-dates.js';
import type { HogQLFunction } from './hogql-function-types.js';
import { logicFunctions } from './hogql-logic.js';
import { stringFunctions } from './hogql-strings.js';

export type { HogQLFunction, FunctionEnv } from './hogql-function-types.js';

export const hogqlFunctions: ReadonlyMap<string, HogQLFunction> = new Map(
  Object.entries({ ...logicFunctions, ...stringFunctions, ...collectionFunctions, ...dateFunctions }),
);

/** The functions that take a lambda as their first argument, and its argument count. */
export const lambdaFunctions: ReadonlyMap<string, number> = new Map([
  ['arrayExists', 1],
  ['arrayMap', 1],
  ['arrayFilter', 1],
  ['arrayCount', 1],
]);
