// RE2 reads UTF-8, in which a lone surrogate cannot occur. We define such input the way UTF-8
// encoders (TextEncoder, Buffer) do: each lone surrogate reads as U+FFFD. Both evaluation paths
// repair input this way first (re2-wasm's own encoder would instead fuse a lone surrogate with
// the code unit after it). isWellFormed/toWellFormed exist in Node 20 but not in our ES2023 lib.
interface WellFormedMethods {
  isWellFormed(this: string): boolean;
  toWellFormed(this: string): string;
}

const methods = String.prototype as unknown as WellFormedMethods;

export function isWellFormedText(text: string): boolean {
  return methods.isWellFormed.call(text);
}

/** `text` with every lone surrogate replaced by U+FFFD; `text` itself when there is none. */
export function toWellFormedText(text: string): string {
  return methods.isWellFormed.call(text) ? text : methods.toWellFormed.call(text);
}
