import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckedFake, type CheckedFake } from './test-support/checked-fake';
import { FakeApi } from './test-support/fake-api';
import { OpenApiResponseValidator } from './test-support/openapi-validator';

let checked: CheckedFake;
let api: FakeApi;
let sessionId: string;

beforeAll(async () => {
  checked = await startCheckedFake({ sessions: 300, seed: 11, rateLimit: false });
  api = new FakeApi(checked.fake);
  sessionId = checked.fake.truth().sessions[0]?.session.id ?? '';
});
afterAll(async () => {
  await checked.fake.close();
});

const ENDPOINT_PATHS = (): [string, string, unknown][] => [
  ['POST', '/chat/sessions/filter', { limit: 3 }],
  ['GET', `/chat/sessions/${sessionId}`, undefined],
  ['GET', `/chat/sessions/${sessionId}/history`, undefined],
  ['GET', '/chat/sessions', undefined],
  ['GET', '/tags', undefined],
  ['GET', '/teams', undefined],
];

async function call(method: string, path: string, body: unknown, signal?: AbortSignal) {
  return api.send(
    method,
    path,
    body === undefined ? undefined : JSON.stringify(body),
    checked.fake.token,
    signal,
  );
}

describe('faults', () => {
  it('serverError answers 500, 502 or 503 with the error body, or the status asked for', async () => {
    checked.fake.setFaults({ serverError: { every: 1 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const answer = await api.get('/tags');
      statuses.add(answer.status);
      expect(answer.json()).toMatchObject({ statusCode: answer.status });
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    checked.fake.setFaults({ serverError: { every: 1, status: 502 } });
    expect((await api.get('/teams')).json()).toEqual({
      statusCode: 502,
      message: 'Bad Gateway',
      error: 'Bad Gateway',
    });
  });

  it('fires on every nth request with { every: n }, and never or always with rate 0 or 1', async () => {
    checked.fake.setFaults({ serverError: { every: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api.get('/teams')).status);
    expect(statuses.map((s) => s === 200)).toEqual([true, true, false, true, true, false, true]);
    checked.fake.setFaults({ serverError: { rate: 0 } });
    expect((await api.get('/teams')).status).toBe(200);
    checked.fake.setFaults({ serverError: { rate: 1 } });
    expect((await api.get('/teams')).status).toBeGreaterThanOrEqual(500);
  });

  it('fires a seeded share of requests with { rate }', async () => {
    checked.fake.setFaults({ serverError: { rate: 0.5 } });
    let failed = 0;
    for (let i = 0; i < 60; i++) if ((await api.get('/teams')).status !== 200) failed++;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
  });

  it('limits a fault to the endpoints listed', async () => {
    checked.fake.setFaults({ serverError: { every: 1, endpoints: ['history'] } });
    expect((await api.get('/tags')).status).toBe(200);
    expect((await api.get(`/chat/sessions/${sessionId}/history`)).status).toBeGreaterThanOrEqual(
      500,
    );
  });

  it('checks authentication before any fault', async () => {
    checked.fake.setFaults({ serverError: { every: 1 } });
    expect((await api.get('/tags', null)).status).toBe(401);
  });

  it('rateLimitStorm answers 429 with Retry-After (1 s unless told)', async () => {
    checked.fake.setFaults({ rateLimitStorm: { every: 1 } });
    const storm = await api.get('/tags');
    expect(storm.status).toBe(429);
    expect(storm.headers.get('retry-after')).toBe('1');
    expect(storm.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    checked.fake.setFaults({ rateLimitStorm: { every: 1, retryAfterSeconds: 7 } });
    expect((await api.get('/tags')).headers.get('retry-after')).toBe('7');
  });

  it('slow delays the answer, then answers normally', async () => {
    checked.fake.setFaults({ slow: { every: 1, delayMs: 60_000 } });
    await expect(call('GET', '/tags', undefined, AbortSignal.timeout(200))).rejects.toThrow();
    checked.fake.setFaults({ slow: { every: 1, delayMs: 5 } });
    const answer = await api.get('/tags');
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(checked.fake.truth().tags);
  });

  it('slow leaves nothing waiting on the server once each answer is sent', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      checked.fake.setFaults({ slow: { every: 1, delayMs: 1 } });
      for (let i = 0; i < 15; i++) expect((await api.get('/tags')).status).toBe(200);
      // Warnings are emitted on a later turn.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
      checked.fake.setFaults({});
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('hang never answers; the client has to abort', async () => {
    checked.fake.setFaults({ hang: { every: 1 } });
    await expect(
      call('POST', '/chat/sessions/filter', {}, AbortSignal.timeout(200)),
    ).rejects.toThrow();
  });

  it('reset destroys the socket mid-request', async () => {
    checked.fake.setFaults({ reset: { every: 1 } });
    for (const [method, path, body] of ENDPOINT_PATHS()) {
      await expect(call(method, path, body)).rejects.toThrow('fetch failed');
    }
  });

  it('truncated answers 200 with half of the JSON body', async () => {
    checked.fake.setFaults({});
    const whole = await api.filter({ limit: 5 });
    checked.fake.setFaults({ truncated: { every: 1 } });
    const cut = await api.filter({ limit: 5 });
    expect(cut.status).toBe(200);
    expect(cut.text).toBe(whole.text.slice(0, Math.floor(whole.text.length / 2)));
    expect(() => cut.json()).toThrow(SyntaxError);
  });

  it('malformed answers 200 with JSON that breaks the schema, on every endpoint', async () => {
    const validator = new OpenApiResponseValidator();
    checked.fake.setFaults({ malformed: { every: 1 } });
    for (let round = 0; round < 4; round++) {
      for (const [method, path, body] of ENDPOINT_PATHS()) {
        const answer = await call(method, path, body);
        expect(answer.status).toBe(200);
        expect(() => answer.json()).not.toThrow();
        expect(
          validator.check(method, path, 200, answer.text),
          `${method} ${path}: ${answer.text.slice(0, 200)}`,
        ).not.toBeNull();
      }
    }
  });

  it('shuffleTies gives equal sort keys a different order from request to request', async () => {
    const order = async (): Promise<string> => {
      const answer = await api.filter({ limit: 100, sort_by: 'created_at', sort_order: 'asc' });
      const data = (answer.json() as { data: { id: string; created_at: string }[] }).data;
      const keys = data.map((s) => s.created_at);
      expect(keys).toEqual([...keys].sort());
      return data.map((s) => s.id).join();
    };
    checked.fake.setFaults({});
    const stable = new Set<string>();
    for (let i = 0; i < 5; i++) stable.add(await order());
    expect(stable.size).toBe(1);
    checked.fake.setFaults({ shuffleTies: true });
    const shuffled = new Set<string>();
    for (let i = 0; i < 10; i++) shuffled.add(await order());
    expect(shuffled.size).toBeGreaterThan(1);
  });

  it('refuses a fault configuration that names no valid trigger', () => {
    expect(() => checked.fake.setFaults({ serverError: { rate: 2 } })).toThrow(
      'faults.serverError.rate',
    );
    expect(() => checked.fake.setFaults({ hang: { every: 0 } })).toThrow('faults.hang.every');
  });

  it('gave only answers that fit openapi.json, the deliberately broken ones aside', () => {
    expect(checked.violations).toEqual([]);
  });

  it('closes promptly while a request hangs, and the hanging client sees the connection end', async () => {
    checked.fake.setFaults({ hang: { every: 1 } });
    const before = checked.fake.requestCount();
    const pending = call('GET', '/teams', undefined);
    // Close only once the server holds the request.
    while (checked.fake.requestCount() === before) await new Promise((r) => setTimeout(r, 5));
    await checked.fake.close();
    await expect(pending).rejects.toThrow();
  });
});
