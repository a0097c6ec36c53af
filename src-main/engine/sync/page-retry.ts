import { AppError, type ErrorCode } from '../../../src-shared/contract/app-error';
import { OpencxApiError } from '../api/api-error';
import type { SyncSource } from './sync-ports';

export interface PageRetryOptions {
  /** Tries per page in all, each already retried by the client's own policy. */
  attempts: number;
  /** Wait before try n+1 is baseDelayMs · 2^(n−1). */
  baseDelayMs: number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Failures that may pass: the client gave up on this request, but the next try may well get
 * through. Everything else (a rejected key, a refused filter, cancellation) fails at once.
 */
const TRANSIENT: readonly ErrorCode[] = ['offline', 'server_error', 'bad_response', 'rate_limited'];

export function isTransientFailure(error: unknown): boolean {
  // A connection refused or cut on every one of the client's tries is an outage, not bad luck:
  // say so now rather than pile up more requests (timeouts, 5xx and garbled answers do retry).
  if (error instanceof OpencxApiError && error.kind === 'network') return false;
  return error instanceof AppError && TRANSIENT.includes(error.code);
}

/**
 * The source with a bounded retry per page on top of the client's own retries, so one unlucky
 * page does not end a long sync; a real outage still surfaces after `attempts` tries. Progress
 * is never lost either way: each committed page carries its resume point.
 */
export function withPageRetry(source: SyncSource, options: PageRetryOptions): SyncSource {
  async function retrying<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (signal.aborted || attempt >= options.attempts || !isTransientFailure(error)) {
          throw error;
        }
        await options.sleep(options.baseDelayMs * 2 ** (attempt - 1), signal);
      }
    }
  }
  return {
    filterSessions: (request, opts) =>
      retrying(opts.signal, () => source.filterSessions(request, opts)),
    filterSessionRefs: (request, opts) =>
      retrying(opts.signal, () => source.filterSessionRefs(request, opts)),
    listTags: (opts) => retrying(opts.signal, () => source.listTags(opts)),
    budgetLeft: () => source.budgetLeft(),
    waitForSpareBudget: (signal) => source.waitForSpareBudget(signal),
  };
}
