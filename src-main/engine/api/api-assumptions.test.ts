import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders, readRetryAfterMs } from './api-assumptions';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('readRetryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(readRetryAfterMs(new Headers({ 'retry-after': '7' }), NOW)).toBe(7_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    const headers = new Headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:30 GMT' });
    expect(readRetryAfterMs(headers, NOW)).toBe(30_000);
  });

  it('ignores a missing, negative or unreadable value', () => {
    expect(readRetryAfterMs(new Headers(), NOW)).toBeNull();
    expect(readRetryAfterMs(new Headers({ 'retry-after': '-3' }), NOW)).toBeNull();
    expect(readRetryAfterMs(new Headers({ 'retry-after': 'soon' }), NOW)).toBeNull();
  });
});

describe('readRateLimitHeaders', () => {
  it('reads limit, remaining and reset seconds', () => {
    const headers = new Headers({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '3',
      'x-ratelimit-reset': '12',
    });
    expect(readRateLimitHeaders(headers, NOW)).toEqual({
      limit: 100,
      remaining: 3,
      resetSeconds: 12,
    });
  });

  it('reads a reset that can only be an epoch timestamp as seconds from now', () => {
    const headers = new Headers({ 'x-ratelimit-reset': String(NOW / 1000 + 45) });
    expect(readRateLimitHeaders(headers, NOW).resetSeconds).toBe(45);
  });

  it('leaves absent or unreadable headers as null', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': 'lots' });
    expect(readRateLimitHeaders(headers, NOW)).toEqual({
      limit: null,
      remaining: null,
      resetSeconds: null,
    });
  });
});
