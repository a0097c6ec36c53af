import { AppError } from '../../../src-shared/contract/app-error';
import { baseUrlProblem } from '../../../src-shared/opencx/base-url';
import { createOpencxClient } from '../api/opencx-client';
import { toAppError } from '../contract/dispatcher';
import type { HttpFetch } from '../api/http-fetch';

/**
 * Asks OpenCX whether the key and base URL work before they are saved. Only an unreachable
 * OpenCX lets them through unchecked (the user may be offline); a rejected key, a wrong URL
 * (404, a server error, an answer that is not OpenCX's) or an unusable key is refused.
 */
export async function checkAccountKey(
  baseUrl: string,
  token: string,
  fetch: HttpFetch,
): Promise<void> {
  const problem = baseUrlProblem(baseUrl);
  if (problem !== null) throw new AppError('invalid_input', problem);
  const probe = createOpencxClient({
    baseUrl,
    tokenProvider: { getToken: () => Promise.resolve(token) },
    // Not through the shared monitor: a typo in a URL says nothing about the network.
    fetch,
    schedulerOptions: { retryPolicy: { maxAttempts: 1 } },
    timeoutMs: 10_000,
  });
  try {
    await probe.listTags({ priority: 'interactive' });
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'offline') return;
    if (appError.code === 'auth_rejected' || appError.code === 'auth_forbidden') throw appError;
    if (appError.code === 'no_token') {
      throw new AppError('invalid_input', 'The API key has characters a key cannot have.');
    }
    throw new AppError(
      'invalid_input',
      `${baseUrl} did not answer as the OpenCX API does (${appError.message}) Check the base URL.`,
    );
  } finally {
    probe.scheduler.dispose();
  }
}
