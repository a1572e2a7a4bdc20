// The retry arithmetic: backoff bounds and growth, Retry-After in both of its forms.
import { describe, expect, it } from 'vitest';
import { computeBackoff, DEFAULT_RETRY, parseRetryAfter, resolveRetry } from '../../src/sync/retry.js';

describe('computeBackoff', () => {
  const policy = { retries: 8, baseDelayMs: 100, maxDelayMs: 1000 };

  it('waits between half and all of a ceiling that doubles each retry', () => {
    expect([0, 1, 2, 3].map((retry) => computeBackoff(retry, policy, () => 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((retry) => computeBackoff(retry, policy, () => 0.999999))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds maxDelayMs', () => {
    for (let retry = 0; retry < 40; retry++) expect(computeBackoff(retry, policy, () => 0.999999)).toBeLessThanOrEqual(1000);
    expect(computeBackoff(30, policy, () => 0)).toBe(500);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it.each([
    ['0', 0],
    ['7', 7000],
    [' 12 ', 12_000],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
  ])('reads %j as %i ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each([[null], ['soon'], ['-5'], ['1.5']])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeNull();
  });
});

describe('resolveRetry', () => {
  it('fills in defaults field by field', () => {
    expect(resolveRetry(undefined)).toEqual(DEFAULT_RETRY);
    expect(resolveRetry({ retries: 0 })).toEqual({ ...DEFAULT_RETRY, retries: 0 });
  });

  it.each([
    [{ retries: 1.5 }, 'retry.retries must be a non-negative integer, got 1.5'],
    [{ baseDelayMs: -1 }, 'retry.baseDelayMs must be a non-negative number, got -1'],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, 'retry.maxDelayMs must be a non-negative number, got Infinity'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveRetry(options)).toThrow(message);
  });
});
