// The background sender: claims due outbox rows, POSTs them with a timeout, and records the
// outcome (delivered, retry later with exponential backoff, or failed for good). Every request
// carries the row's idempotency key so a receiver can drop the rare repeat (see the README).
// The worker sees only a DeliveryQueue (claims and outcomes), the same on every database.
import { createGuardedFetch, InternalDestinationError } from './guarded-fetch.js';
import type { ClaimedDelivery, DeliveryQueue } from './outbox.js';

/**
 * The subset of `fetch` the worker uses; injectable for tests and custom agents. Redirects are
 * not followed (`redirect: 'manual'`): fetch would turn a redirected POST into a GET without the
 * message, and the page it lands on would count as a delivery.
 */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: 'manual' }) =>
  Promise<{ ok: boolean; status: number; headers?: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> }>;

export interface BackoffOptions {
  /** Delay before the second attempt, in ms (default 1000). */
  initialMs?: number;
  /** Each further delay is this many times the previous one (default 2). */
  multiplier?: number;
  /** The longest delay, in ms (default 5 minutes). */
  maxMs?: number;
}

export interface DeliveryWorkerOptions {
  /** Where the requests come from: an Outbox, or any other DeliveryQueue. */
  outbox: DeliveryQueue;
  /**
   * The sender. The default refuses internal destinations (loopback, private, link-local, …;
   * see allowInternalDestinations); a sender given here applies its own policy.
   */
  fetch?: FetchLike;
  /**
   * Deliver to loopback, private and link-local addresses too (default false: such a request
   * fails for good, naming the address). Checked on the addresses the connection uses, after
   * DNS resolution, so a name rebound to an internal address is refused as well.
   */
  allowInternalDestinations?: boolean;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Attempts before a row is marked failed (default 5). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How often to look for due rows when idle, in ms (default 250). */
  pollMs?: number;
  /**
   * How long a claim lasts, in ms (default timeoutMs + 30 s). It must outlast a request, so a
   * row is only claimed again when its worker has died.
   */
  leaseMs?: number;
  /** Where unexpected errors (a closed database, say) go; default: console.error. */
  onError?: (error: unknown) => void;
}

export interface DeliveryWorker {
  /** Looks for due rows now instead of at the next poll (call after enqueueing). */
  wake(): void;
  /** Stops claiming; resolves when the requests in flight have finished and been recorded. */
  stop(): Promise<void>;
}

/** The HTTP header carrying a delivery's idempotency key. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Delay before attempt `attempt + 1`, after `attempt` attempts have failed. */
export function backoffDelay(attempt: number, backoff: BackoffOptions = {}): number {
  const initial = backoff.initialMs ?? 1000;
  const delay = initial * (backoff.multiplier ?? 2) ** Math.max(0, attempt - 1);
  return Math.min(delay, backoff.maxMs ?? 5 * 60_000);
}

/** Starts delivering `outbox` in the background. Never throws into the event loop. */
export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { outbox } = options;
  const send: FetchLike = options.fetch ?? createGuardedFetch({ allowInternal: options.allowInternalDestinations === true });
  const concurrency = positive('concurrency', options.concurrency ?? 4);
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? 10_000);
  const maxAttempts = positive('maxAttempts', options.maxAttempts ?? 5);
  const pollMs = positive('pollMs', options.pollMs ?? 250);
  const leaseMs = positive('leaseMs', options.leaseMs ?? timeoutMs + 30_000);
  const report = options.onError ?? ((error: unknown) => console.error('webhook delivery:', error));
  const active = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  // One pump at a time: a claim is a round trip to the database, and a second pump started
  // meanwhile would claim rows for slots the first is about to fill. A request to pump while
  // one runs makes it go round once more.
  let pumping: Promise<void> | null = null;
  let again = false;

  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = stopped ? null : setTimeout(pump, pollMs);
  };

  function pump(): void {
    if (stopped) return;
    if (pumping !== null) {
      again = true;
      return;
    }
    pumping = fill()
      .catch(report)
      .finally(() => {
        pumping = null;
        schedule();
      });
  }

  async function fill(): Promise<void> {
    do {
      again = false;
      const free = concurrency - active.size;
      if (free <= 0) return;
      let claims: ClaimedDelivery[] = [];
      try {
        claims = await outbox.claim(free, leaseMs);
      } catch (error) {
        report(error);
        return;
      }
      // Rows claimed just before a stop are still delivered: they are ours until the lease ends.
      for (const claim of claims) {
        const task: Promise<void> = deliver(claim)
          .catch(report)
          .finally(() => {
            active.delete(task);
            pump();
          });
        active.add(task);
      }
      // A full batch suggests more rows are due: look again at once rather than after pollMs.
      if (claims.length === free) again = true;
    } while (again && !stopped);
  }

  async function deliver(claim: ClaimedDelivery): Promise<void> {
    let outcome: { ok: true; status: number } | { ok: false; status: number | null; error: string; retry: boolean };
    try {
      const response = await send(claim.url, {
        method: claim.method,
        headers: { ...claim.headers, [IDEMPOTENCY_HEADER]: claim.idempotencyKey },
        body: claim.body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      // Read the body so the connection can be reused; its content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      outcome = response.ok
        ? { ok: true, status: response.status }
        : { ok: false, status: response.status, error: describeStatus(response), retry: isRetriable(response.status) };
    } catch (error) {
      // A refused destination stays refused: retrying would only repeat the refusal.
      outcome = { ok: false, status: null, error: describeFailure(error, timeoutMs), retry: !(error instanceof InternalDestinationError) };
    }
    if (outcome.ok) {
      await outbox.markDelivered(claim, outcome.status);
    } else if (outcome.retry && claim.attempts < maxAttempts) {
      await outbox.markRetry(claim, outcome.error, outcome.status, backoffDelay(claim.attempts, options.backoff));
    } else {
      const reason = outcome.retry ? `${outcome.error} (gave up after ${claim.attempts} attempts)` : outcome.error;
      await outbox.markFailed(claim, reason, outcome.status);
    }
  }

  setImmediate(pump);
  return {
    wake() {
      if (!stopped) setImmediate(pump);
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      // A claim in flight is awaited first: the rows it takes become requests to finish.
      await pumping;
      await Promise.allSettled([...active]);
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Timeouts, network errors, 408, 429 and 5xx are worth retrying; other 4xx answers are final. */
function isRetriable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** `HTTP 503`; a redirect also says where to, since the webhook URL should be changed to it. */
function describeStatus(response: { status: number; headers?: { get(name: string): string | null } }): string {
  if (response.status < 300 || response.status >= 400) return `HTTP ${response.status}`;
  const location = response.headers?.get('location') ?? null;
  return `HTTP ${response.status}: redirect${location === null ? '' : ` to ${location}`} not followed (set the webhook URL to where it leads)`;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.message}${detail}`;
  }
  return String(error);
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`startDeliveryWorker: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
