// `defineAction`: an action written in code, checked by the compiler against the precise types.
import type { Action } from './types.js';

/**
 * Returns `action` unchanged. Its only work is at compile time: the argument is checked against
 * `Action`, so an unknown step field (`urll`), operator (`gtt`), matching mode or filter type
 * is a type error. Not generic on purpose: a generic parameter would accept extra fields.
 */
export function defineAction(action: Action): Action {
  return action;
}
