import { OpencxApiError } from './api-error';

export interface RetryPolicyOptions {
  /** Attempts in all (first try included) for 5xx, network errors, timeouts, unreadable bodies. */
  maxAttempts: number;
  /** Backoff before retry n is uniform in [0, min(maxDelayMs, baseDelayMs · 2^(n−1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** 429s tolerated for one request before it fails as rate_limited. Generous on purpose. */
  maxRateLimitRetries: number;
  /** Pause after a 429 that says neither Retry-After nor x-ratelimit-reset. */
  defaultRateLimitPauseMs: number;
  /** Ceiling on a server-requested pause, so a silly Retry-After cannot stall the app for hours. */
  maxRateLimitPauseMs: number;
  /** Retries for a well-formed JSON body that fails the response schema. */
  invalidResponseRetries: number;
  /** In [0, 1): injected so tests can pin the jitter. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicyOptions, 'random'> = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRateLimitRetries: 30,
  defaultRateLimitPauseMs: 10_000,
  maxRateLimitPauseMs: 5 * 60_000,
  invalidResponseRetries: 1,
};

/**
 * Why an attempt failed, as far as retrying goes:
 * - `transient`: 5xx, network error, timeout, a body cut off or not JSON — back off and retry.
 * - `rate_limited`: 429 — pause the whole scheduler as the server asks, then retry.
 * - `invalid_response`: well-formed JSON that breaks the schema — retried once, because a proxy
 *   or a deploy in progress can garble one answer, but a server that keeps sending it is broken.
 * - `fatal`: other 4xx, no token, cancellation, bugs — retrying cannot help.
 */
export type FailureCategory = 'transient' | 'rate_limited' | 'invalid_response' | 'fatal';

export type FailureCounts = Record<Exclude<FailureCategory, 'fatal'>, number>;

export type RetryDecision =
  | { action: 'fail' }
  /** Only this request waits; others go on. */
  | { action: 'retry'; delayMs: number }
  /** Every request waits: the server asked the whole key to slow down. */
  | { action: 'pause'; delayMs: number };

export function categorize(error: unknown): FailureCategory {
  if (!(error instanceof OpencxApiError)) return 'fatal';
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return 'transient';
    case 'bad_response':
      return error.unparseable ? 'transient' : 'invalid_response';
    case 'http':
      if (error.status === 429) return 'rate_limited';
      if (error.status !== undefined && error.status >= 500) return 'transient';
      return 'fatal';
    default:
      return 'fatal';
  }
}

export class RetryPolicy {
  readonly options: RetryPolicyOptions;

  constructor(options: Partial<RetryPolicyOptions> = {}) {
    this.options = { ...DEFAULT_RETRY_POLICY, random: Math.random, ...options };
  }

  /** Full-jitter backoff before retry number `retry` (1 = the first retry). */
  backoffMs(retry: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.options;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
    return Math.floor(random() * ceiling);
  }

  /** `before` counts the request's earlier failures, not this one. */
  decide(error: unknown, before: FailureCounts): RetryDecision {
    const category = categorize(error);
    const o = this.options;
    switch (category) {
      case 'transient': {
        const failures = before.transient + 1;
        if (failures >= o.maxAttempts) return { action: 'fail' };
        return { action: 'retry', delayMs: this.backoffMs(failures) };
      }
      case 'invalid_response': {
        if (before.invalid_response >= o.invalidResponseRetries) return { action: 'fail' };
        return { action: 'retry', delayMs: this.backoffMs(before.invalid_response + 1) };
      }
      case 'rate_limited': {
        if (before.rate_limited >= o.maxRateLimitRetries) return { action: 'fail' };
        const asked = error instanceof OpencxApiError ? error.retryAfterMs : undefined;
        const pause = asked ?? o.defaultRateLimitPauseMs;
        return { action: 'pause', delayMs: Math.min(Math.max(pause, 0), o.maxRateLimitPauseMs) };
      }
      case 'fatal':
        return { action: 'fail' };
    }
  }
}
