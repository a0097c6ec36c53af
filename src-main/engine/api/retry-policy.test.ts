import { describe, expect, it } from 'vitest';
import {
  badResponseError,
  cancelledError,
  httpError,
  networkError,
  noTokenError,
  timeoutError,
} from './api-error';
import { RetryPolicy, categorize, type FailureCounts } from './retry-policy';

const none: FailureCounts = { transient: 0, rate_limited: 0, invalid_response: 0 };
const http = (status: number, retryAfterMs?: number) =>
  httpError({ status, request: 'GET /x', bodyText: '', ...(retryAfterMs ? { retryAfterMs } : {}) });

describe('categorize', () => {
  it('treats 5xx, network errors, timeouts and unreadable bodies as transient', () => {
    expect(categorize(http(500))).toBe('transient');
    expect(categorize(http(503))).toBe('transient');
    expect(categorize(networkError('GET /x', new Error('ECONNRESET')))).toBe('transient');
    expect(categorize(timeoutError('GET /x', 1000))).toBe('transient');
    expect(categorize(badResponseError('cut', { unparseable: true }))).toBe('transient');
  });

  it('treats 429 as rate_limited and a schema failure as invalid_response', () => {
    expect(categorize(http(429))).toBe('rate_limited');
    expect(categorize(badResponseError('no id', { unparseable: false }))).toBe('invalid_response');
  });

  it('treats other 4xx, a missing token, cancellation and foreign errors as fatal', () => {
    for (const status of [400, 401, 403, 404, 409, 422])
      expect(categorize(http(status))).toBe('fatal');
    expect(categorize(noTokenError())).toBe('fatal');
    expect(categorize(cancelledError())).toBe('fatal');
    expect(categorize(new TypeError('bug'))).toBe('fatal');
  });
});

describe('RetryPolicy', () => {
  it('backs off with full jitter under a doubling ceiling capped at maxDelayMs', () => {
    const top = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => top.backoffMs(n))).toEqual([99, 199, 399, 799, 999, 999]);
    const bottom = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0 });
    expect(bottom.backoffMs(4)).toBe(0);
  });

  it('retries transient failures until maxAttempts attempts have been made', () => {
    const policy = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 100, random: () => 0.5 });
    expect(policy.decide(http(502), none)).toEqual({ action: 'retry', delayMs: 50 });
    expect(policy.decide(http(502), { ...none, transient: 1 })).toEqual({
      action: 'retry',
      delayMs: 100,
    });
    expect(policy.decide(http(502), { ...none, transient: 2 })).toEqual({ action: 'fail' });
  });

  it('pauses for as long as the server asks on 429, within the ceiling, up to the 429 cap', () => {
    const policy = new RetryPolicy({
      maxRateLimitRetries: 2,
      defaultRateLimitPauseMs: 7_000,
      maxRateLimitPauseMs: 60_000,
    });
    expect(policy.decide(http(429, 3_000), none)).toEqual({ action: 'pause', delayMs: 3_000 });
    expect(policy.decide(http(429), none)).toEqual({ action: 'pause', delayMs: 7_000 });
    expect(policy.decide(http(429, 3_600_000), none)).toEqual({ action: 'pause', delayMs: 60_000 });
    expect(policy.decide(http(429), { ...none, rate_limited: 2 })).toEqual({ action: 'fail' });
  });

  it('retries a schema-invalid answer once only', () => {
    const policy = new RetryPolicy({ random: () => 0 });
    const invalid = badResponseError('no id', { unparseable: false });
    expect(policy.decide(invalid, none)).toEqual({ action: 'retry', delayMs: 0 });
    expect(policy.decide(invalid, { ...none, invalid_response: 1 })).toEqual({ action: 'fail' });
  });

  it('never retries a fatal failure', () => {
    const policy = new RetryPolicy();
    expect(policy.decide(http(400), none)).toEqual({ action: 'fail' });
    expect(policy.decide(noTokenError(), none)).toEqual({ action: 'fail' });
  });
});
