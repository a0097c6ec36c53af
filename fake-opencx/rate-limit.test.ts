import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckedFake, type CheckedFake } from './test-support/checked-fake';
import { FakeApi } from './test-support/fake-api';

let clock = Date.UTC(2026, 5, 1, 12);
let checked: CheckedFake;
let api: FakeApi;

beforeAll(async () => {
  checked = await startCheckedFake({
    sessions: 20,
    now: () => clock,
    rateLimit: { perMinute: 5 },
    extraTokens: [{ token: 'ocx_other', scopes: ['chat-sessions:read'] }],
  });
  api = new FakeApi(checked.fake);
});
afterAll(async () => {
  await checked.fake.close();
});

function rateHeaders(headers: Headers): Record<string, string | null> {
  return {
    limit: headers.get('x-ratelimit-limit'),
    remaining: headers.get('x-ratelimit-remaining'),
    reset: headers.get('x-ratelimit-reset'),
  };
}

describe('rate limit (sliding 60 s window per token, injected clock)', () => {
  it('counts down x-ratelimit-remaining, refuses the excess with 429 and Retry-After, and frees slots as they age out', async () => {
    const first = await api.get('/tags');
    expect(first.status).toBe(200);
    expect(rateHeaders(first.headers)).toEqual({ limit: '5', remaining: '4', reset: '60' });

    clock += 20_000;
    for (let i = 0; i < 3; i++) expect((await api.get('/teams')).status).toBe(200);
    clock += 10_000;
    const fifth = await api.filter({ limit: 1 });
    expect(fifth.status).toBe(200);
    expect(rateHeaders(fifth.headers)).toEqual({ limit: '5', remaining: '0', reset: '30' });

    const refused = await api.get('/tags');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(rateHeaders(refused.headers)).toEqual({ limit: '5', remaining: '0', reset: '30' });
    expect(refused.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });

    // Another key has its own window.
    expect((await api.get('/tags', 'ocx_other')).status).toBe(200);

    clock += 29_999;
    expect((await api.get('/tags')).status).toBe(429);
    clock += 1;
    const freed = await api.get('/tags');
    expect(freed.status).toBe(200);
    // The window now holds the three requests of +20 s, the one of +30 s and this one.
    expect(rateHeaders(freed.headers)).toEqual({ limit: '5', remaining: '0', reset: '20' });

    clock += 60_000;
    expect(rateHeaders((await api.get('/tags')).headers)).toMatchObject({ remaining: '4' });
  });

  it('puts the headers on error answers too', async () => {
    clock += 120_000;
    const missing = await api.get('/chat/sessions/none');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-ratelimit-limit')).toBe('5');
    const unauthorised = await api.get('/tags', 'ocx_bad');
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers.get('x-ratelimit-remaining')).toBe('4');
  });

  it('counts every request it received, refused ones included', () => {
    expect(checked.fake.requestCount()).toBe(12);
  });

  it('gave only answers that fit openapi.json', () => {
    expect(checked.violations).toEqual([]);
  });
});
