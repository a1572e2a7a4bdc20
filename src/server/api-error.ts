// The error envelope PostHog's API answers with: `{type, code, detail, attr}`, and a
// constructor per kind of failure with PostHog's wording.

export type ErrorType = 'validation_error' | 'authentication_error' | 'invalid_request' | 'server_error';

export interface ErrorBody {
  readonly type: ErrorType;
  readonly code: string;
  readonly detail: string;
  readonly attr: string | null;
}

/**
 * A failure answered as JSON in PostHog's envelope, or with an empty body when `body` is null;
 * `headers` go with it (`WWW-Authenticate` on a 401, `Allow` on a 405, as DRF sends them).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body?.detail ?? `HTTP ${status}`);
  }
}

// DRF answers a 401 with the challenge of its first authenticator; PostHog's is `Bearer`.
const bearerChallenge = { 'WWW-Authenticate': 'Bearer' } as const;

export function validationError(code: string, detail: string, attr: string | null): ApiError {
  return new ApiError(400, { type: 'validation_error', code, detail, attr });
}

export function parseError(detail: string): ApiError {
  return new ApiError(400, { type: 'invalid_request', code: 'parse_error', detail, attr: null });
}

export function notFound(): ApiError {
  return new ApiError(404, { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
}

export function notAuthenticated(): ApiError {
  return new ApiError(401, { type: 'authentication_error', code: 'not_authenticated', detail: 'Authentication credentials were not provided.', attr: null }, bearerChallenge);
}

export function invalidKey(): ApiError {
  return new ApiError(401, { type: 'authentication_error', code: 'authentication_failed', detail: 'Personal API key found in request Authorization header is invalid.', attr: null }, bearerChallenge);
}

export function permissionDenied(detail: string): ApiError {
  return new ApiError(403, { type: 'authentication_error', code: 'permission_denied', detail, attr: null });
}

/** 405 naming the methods the path does allow (`allow`, e.g. `GET, POST, HEAD`). */
export function methodNotAllowed(method: string, allow: string): ApiError {
  return new ApiError(405, { type: 'invalid_request', code: 'method_not_allowed', detail: `Method "${method}" not allowed.`, attr: null }, { Allow: allow });
}

export function requestTooLarge(limitBytes: number): ApiError {
  return new ApiError(413, { type: 'invalid_request', code: 'request_too_large', detail: `Request body larger than ${limitBytes} bytes.`, attr: null });
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(415, { type: 'invalid_request', code: 'unsupported_media_type', detail: `Unsupported media type "${contentType}" in request.`, attr: null });
}

export function notImplemented(detail: string): ApiError {
  return new ApiError(501, { type: 'server_error', code: 'not_implemented', detail, attr: null });
}

export function serverError(): ApiError {
  return new ApiError(500, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null });
}
