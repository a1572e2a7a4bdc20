// One authenticated GET, retried as PostHog's API asks: 429 and 5xx and network failures are
// retried with backoff (or after the server's Retry-After), 401/403 and other 4xx end the sync at
// once with the server's `detail`, a 2xx body must be JSON. Returns the parsed body.
import { readOwn } from '../event/read-value.js';
import { computeBackoff, parseRetryAfter, sleep, type RetryPolicy } from './retry.js';
import { SyncError, type SyncErrorCode } from './sync-error.js';

/** Reported before each retry, so that a caller can log it. */
export interface RetryNotice {
  readonly url: string;
  /** 1 for the first retry. */
  readonly retry: number;
  readonly retries: number;
  readonly delayMs: number;
  /** What the failed attempt ran into. */
  readonly error: SyncError;
}

export interface RequestContext {
  readonly fetch: typeof globalThis.fetch;
  readonly apiKey: string;
  readonly retry: RetryPolicy;
  /** Per attempt, from sending the request to the end of the body. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
}

type Attempt = { readonly body: unknown } | { readonly failure: SyncError; readonly retryAfterMs: number | null; readonly retryable: boolean };

/** GETs `url` as JSON with the API key, retrying what is worth retrying. */
export async function requestJson(url: string, context: RequestContext): Promise<unknown> {
  const { retry: policy, signal } = context;
  for (let retry = 0; ; retry++) {
    const attempt = await attemptOnce(url, context);
    if ('body' in attempt) return attempt.body;
    const { failure, retryAfterMs } = attempt;
    if (!attempt.retryable || retry >= policy.retries) throw failure;
    if (retryAfterMs !== null && retryAfterMs > policy.maxDelayMs) {
      const seconds = Math.ceil(retryAfterMs / 1000);
      throw new SyncError(`${failure.message}; it asks to retry after ${seconds} s, longer than retry.maxDelayMs (${policy.maxDelayMs} ms)`, {
        code: failure.code,
        url,
        status: failure.status,
        detail: failure.detail,
      });
    }
    const delayMs = retryAfterMs ?? computeBackoff(retry, policy);
    // A throwing logger must not turn a retry into a failure.
    try {
      context.onRetry?.({ url, retry: retry + 1, retries: policy.retries, delayMs, error: failure });
    } catch {
      // ignored on purpose
    }
    await sleep(delayMs, signal);
  }
}

async function attemptOnce(url: string, context: RequestContext): Promise<Attempt> {
  const { signal } = context;
  signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(context.timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  let response: Response;
  let text: string;
  try {
    // Redirects are not followed: the key must not travel to wherever a Location points.
    response = await context.fetch(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${context.apiKey}`, accept: 'application/json' },
      redirect: 'manual',
      signal: combined,
    });
    text = await response.text();
  } catch (caught) {
    // The caller's abort ends the sync with the caller's reason; anything else may be transient.
    if (signal?.aborted) throw signal.reason as unknown;
    const reason = timeout.aborted ? `no answer within ${context.timeoutMs} ms` : describeNetworkError(caught);
    return { failure: new SyncError(`cannot reach ${url}: ${reason}`, { code: 'network_error', url, cause: caught }), retryAfterMs: null, retryable: true };
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { body: parseBody(text, url, status, response.headers.get('content-type')) };
  const detail = readDetail(text);
  const retryable = status === 429 || status >= 500;
  const code: SyncErrorCode = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 429 ? 'rate_limited' : status >= 500 ? 'server_error' : 'http_error';
  const location = status >= 300 && status < 400 ? response.headers.get('location') : null;
  const what = location !== null ? `a redirect to ${location} (use that address as the host)` : (detail ?? response.statusText);
  const failure = new SyncError(`PostHog answered ${status}${what === '' ? '' : `: ${what}`} (GET ${url})`, { code, url, status, detail });
  return { failure, retryAfterMs: retryable ? parseRetryAfter(response.headers.get('retry-after')) : null, retryable };
}

function parseBody(text: string, url: string, status: number, contentType: string | null): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (caught) {
    const kind = contentType === null ? 'no content type' : `content type ${contentType}`;
    const start = text.trim() === '' ? 'an empty body' : `a body starting ${JSON.stringify(text.slice(0, 60))}`;
    throw new SyncError(`GET ${url}: the response is not JSON (${kind}, ${start})`, { code: 'invalid_json', url, status, cause: caught });
  }
}

/** PostHog's error envelope carries its message in `detail`; a short plain-text body is kept too. */
function readDetail(text: string): string | null {
  try {
    const detail = readOwn(JSON.parse(text) as unknown, 'detail');
    return typeof detail === 'string' && detail !== '' ? detail : null;
  } catch {
    const line = text.trim();
    return line !== '' && line.length <= 200 && !line.startsWith('<') && !line.includes('\n') ? line : null;
  }
}

/** fetch wraps the socket error in `cause`; its code (ECONNREFUSED, ENOTFOUND) is what helps. */
function describeNetworkError(caught: unknown): string {
  if (!(caught instanceof Error)) return String(caught);
  const cause = caught.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
    return code !== null && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message;
  }
  return caught.message;
}
