import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebBridge } from './web-bridge';

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(body, { status }))),
  );
}

describe('the web bridge', () => {
  it('passes a refusal the host answers with a 4xx status through as the CallResult it is', async () => {
    const refusal = {
      ok: false,
      error: { code: 'invalid_input', message: 'The input for sessions.list is not valid.' },
    };
    answer(400, JSON.stringify(refusal));
    const api = createWebBridge('token', 'http://127.0.0.1:1');
    expect(await api['sessions.list']({})).toEqual(refusal);
  });

  it('turns an answer that is no CallResult into a refusal naming the HTTP status', async () => {
    answer(421, 'Unknown host.');
    const api = createWebBridge('token', 'http://127.0.0.1:1');
    expect(await api['sessions.list']({})).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: "Session Desk's local host refused the call (HTTP 421: Unknown host.).",
      },
    });
  });
});
