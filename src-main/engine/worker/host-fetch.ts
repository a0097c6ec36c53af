import type { HttpAnswer, HttpFetch } from '../api/http-fetch';
import type { FetchAnswer, FetchRequest } from './worker-protocol';

// The two halves of "the worker's requests go through the host": Electron's net.fetch exists
// only in the main process, so the engine's fetch there is a message round-trip. Bodies are JSON
// text, small enough to pass whole.

/** Worker side: the engine's HTTP door, asking the host. */
export function fetchThroughHost(
  ask: (request: FetchRequest, onAbort: (cancel: () => void) => void) => Promise<FetchAnswer>,
): HttpFetch {
  return async (url, init) => {
    const { signal } = init;
    signal?.throwIfAborted();
    let cancel: (() => void) | undefined;
    const cancelOnAbort = () => cancel?.();
    // Removed when the answer is in: one signal can outlive many requests.
    signal?.addEventListener('abort', cancelOnAbort, { once: true });
    try {
      const answer = await ask(
        {
          url,
          method: init.method,
          headers: Object.entries(init.headers),
          body: init.body ?? null,
          redirect: init.redirect,
        },
        (cancelHost) => (cancel = cancelHost),
      );
      signal?.throwIfAborted();
      return answerOf(answer);
    } finally {
      signal?.removeEventListener('abort', cancelOnAbort);
    }
  };
}

// The answer as the host read it, without a Response built around it: this runs on the engine's
// thread for every request the sync makes.
function answerOf(answer: FetchAnswer): HttpAnswer {
  const headers = new Map<string, string>();
  for (const [name, value] of answer.headers) {
    const key = name.toLowerCase();
    const before = headers.get(key);
    headers.set(key, before === undefined ? value : `${before}, ${value}`);
  }
  return {
    status: answer.status,
    ok: answer.status >= 200 && answer.status <= 299,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    text: () => Promise.resolve(answer.body),
  };
}

/** Host side: makes the request with the host's fetch and reads the whole answer. */
export async function answerFetch(
  fetchImpl: typeof fetch,
  request: FetchRequest,
  signal: AbortSignal,
): Promise<FetchAnswer> {
  const response = await fetchImpl(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: request.redirect,
    signal,
  });
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    body: await response.text(),
  };
}
