// Why toHogBytecode could not produce bytecode. PostHog's own failures keep PostHog's text, so an
// exported bytecode_error reads exactly as PostHog would store or raise it.

/**
 * - `hogql`: a HogQL error (QueryError, NotImplementedError); PostHog stores its text as the
 *   action's `bytecode_error`.
 * - `python`: another exception (ValueError, ValidationError, …); PostHog's save fails with it.
 * - `unsupported`: a construct this exporter does not reproduce (a HogQL filter, a filter type
 *   that needs PostHog's database); the text is ours and names the construct.
 */
export type HogExportErrorKind = 'hogql' | 'python' | 'unsupported';

export class HogExportError extends Error {
  constructor(
    message: string,
    readonly kind: HogExportErrorKind,
  ) {
    super(message);
    this.name = 'HogExportError';
  }
}

/** A HogQL QueryError / NotImplementedError, whose text PostHog stores as bytecode_error. */
export function hogqlError(message: string): HogExportError {
  return new HogExportError(message, 'hogql');
}

/** Any other Python exception PostHog's compiler would let escape. */
export function pythonError(message: string): HogExportError {
  return new HogExportError(message, 'python');
}

export function unsupported(message: string): HogExportError {
  return new HogExportError(message, 'unsupported');
}
