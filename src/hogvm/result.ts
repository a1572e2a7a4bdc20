// The shapes toHogBytecode answers with, in a module that imports nothing, so that code which
// only needs the types (the playground page, typed for the browser) does not pull in the
// compiler and the regex engine behind it.

/** HogVM bytecode: `["_H", 1, …]`, opcodes and their operands in one flat JSON array. */
export type HogBytecode = unknown[];

export interface HogBytecodeResult {
  /** `["_H", 1, …]`, or null when PostHog's compiler would fail. */
  readonly bytecode: HogBytecode | null;
  /** PostHog's error text (or ours, naming an unsupported construct), or null. */
  readonly bytecode_error: string | null;
}
