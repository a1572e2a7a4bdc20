// Why a HogQL expression cannot be used. `posthog` errors carry PostHog's own text (its parser's
// syntax errors, its compiler's QueryErrors, its VM's messages): PostHog stores that text as the
// action's bytecode_error. `unsupported` errors are ours and name the construct.

export type HogQLErrorKind = 'posthog' | 'unsupported' | 'limit';

export class HogQLError extends Error {
  override readonly name = 'HogQLError';
  constructor(
    message: string,
    readonly kind: HogQLErrorKind,
  ) {
    super(message);
  }
}

/** An error PostHog raises (or reports) with this text. */
export function posthogError(message: string): HogQLError {
  return new HogQLError(message, 'posthog');
}

/** A construct actionmatch cannot evaluate in real time. */
export function unsupportedHogQL(message: string): HogQLError {
  return new HogQLError(message, 'unsupported');
}
