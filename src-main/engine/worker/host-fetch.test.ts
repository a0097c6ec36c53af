import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { answerFetch, fetchThroughHost } from './host-fetch';
import type { FetchAnswer, FetchRequest } from './worker-protocol';

// The desktop engine's requests go to the main process, whose net.fetch makes them. Both halves
// meet here without the message port between them.

const POST = {
  method: 'POST',
  headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
  body: '{"page":1}',
  redirect: 'manual',
} as const;

function hostAnswering(answer: FetchAnswer) {
  const asked: FetchRequest[] = [];
  const fetch = fetchThroughHost((request) => {
    asked.push(request);
    return Promise.resolve(answer);
  });
  return { fetch, asked };
}

describe('requests through the host', () => {
  it('hands the host the request as the client made it, redirect policy included', async () => {
    const { fetch, asked } = hostAnswering({
      status: 200,
      statusText: 'OK',
      headers: [],
      body: '',
    });
    await fetch('https://api.example/chat/sessions/filter', POST);
    expect(asked).toEqual([
      {
        url: 'https://api.example/chat/sessions/filter',
        method: 'POST',
        headers: [
          ['authorization', 'Bearer k'],
          ['content-type', 'application/json'],
        ],
        body: '{"page":1}',
        redirect: 'manual',
      },
    ]);
  });

  it("gives the client the host's answer: status, headers in any case, body", async () => {
    const { fetch } = hostAnswering({
      status: 429,
      statusText: 'Too Many Requests',
      headers: [
        ['Retry-After', '3'],
        ['warning', 'one'],
        ['Warning', 'two'],
      ],
      body: '{"error":"slow down"}',
    });
    const answer = await fetch('https://api.example/tags', { ...POST, method: 'GET' });
    expect([answer.status, answer.ok]).toEqual([429, false]);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.headers.get('WARNING')).toBe('one, two');
    expect(answer.headers.get('x-ratelimit-remaining')).toBeNull();
    expect(await answer.text()).toBe('{"error":"slow down"}');
  });

  it('tells the host to cancel when the signal aborts, and rejects with its reason', async () => {
    const controller = new AbortController();
    let cancelled = false;
    const fetch = fetchThroughHost(
      (_request, onAbort) =>
        new Promise((_resolve, reject) => {
          onAbort(() => {
            cancelled = true;
            reject(new TypeError('The host cancelled the request.'));
          });
        }),
    );
    const pending = fetch('https://api.example/tags', { ...POST, signal: controller.signal });
    controller.abort(new Error('timed out'));
    await expect(pending).rejects.toThrow();
    expect(cancelled).toBe(true);
  });

  it('leaves no listener on a signal that outlives its requests', async () => {
    const { fetch } = hostAnswering({ status: 200, statusText: 'OK', headers: [], body: '{}' });
    const sync = new AbortController();
    for (let i = 0; i < 20; i++) {
      await (await fetch('https://api.example/tags', { ...POST, signal: sync.signal })).text();
    }
    expect(getEventListeners(sync.signal, 'abort')).toHaveLength(0);
  });
});

describe("the host's half", () => {
  it("reads the whole answer of the host's fetch, passing the redirect policy on", async () => {
    const seen: RequestInit[] = [];
    const hostFetch: typeof fetch = (_input, init) => {
      seen.push(init ?? {});
      return Promise.resolve(
        new Response('{"moved":true}', { status: 302, headers: { location: '/x' } }),
      );
    };
    const answer = await answerFetch(
      hostFetch,
      {
        url: 'https://api.example/tags',
        method: 'GET',
        headers: [],
        body: null,
        redirect: 'manual',
      },
      new AbortController().signal,
    );
    expect(seen[0]?.redirect).toBe('manual');
    expect(answer).toMatchObject({ status: 302, body: '{"moved":true}' });
    expect(answer.headers).toContainEqual(['location', '/x']);
  });
});
