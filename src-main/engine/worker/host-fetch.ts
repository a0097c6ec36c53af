import type { FetchAnswer, FetchRequest } from './worker-protocol';

// The two halves of "the worker's requests go through the host": Electron's net.fetch exists
// only in the main process, so the engine's fetch there is a message round-trip. Bodies are JSON
// text, small enough to pass whole.

/** Worker side: a fetch that asks the host. */
export function fetchThroughHost(
  ask: (request: FetchRequest, onAbort: (cancel: () => void) => void) => Promise<FetchAnswer>,
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    init?.signal?.throwIfAborted();
    const answer = await ask(
      {
        url: request.url,
        method: request.method,
        headers: [...request.headers.entries()],
        body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.text(),
        redirect: init?.redirect ?? 'follow',
      },
      (cancel) => init?.signal?.addEventListener('abort', cancel, { once: true }),
    );
    init?.signal?.throwIfAborted();
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
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
