import { afterEach, describe, expect, it } from 'vitest';
import { httpError, networkError, timeoutError } from '../api/api-error';
import { isTransientFailure } from './page-retry';
import { startFakeOpencx, type FakeOpencx } from '../../../fake-opencx/server';
import { expectCacheEqualsTruth, syncHarness } from '../../../test-support/sync-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(sessions: number) {
  const fake: FakeOpencx = await startFakeOpencx({ seed: 81, sessions, rateLimit: false });
  cleanups.push(() => fake.close());
  const h = syncHarness(fake);
  cleanups.push(() => h.close());
  return { fake, h };
}

const never = () => new AbortController().signal;

describe('a page the client gave up on', () => {
  it('is tried a bounded number of times, then the sync fails with the error', async () => {
    const { fake, h } = await setup(50);
    fake.setFaults({ serverError: { every: 1 } });
    await expect(h.sync.run({ full: false }, never())).rejects.toMatchObject({
      code: 'server_error',
    });
    // The harness's client tries 8 times per request, the sync engine 5 times per page.
    expect(fake.requestCount()).toBe(8 * 5);
  });

  it('fails at once when retrying cannot help (a rejected key)', async () => {
    const fake = await startFakeOpencx({ seed: 82, sessions: 50, rateLimit: false });
    cleanups.push(() => fake.close());
    const h = syncHarness({ ...fake, token: 'ocx_not_this_one' });
    cleanups.push(() => h.close());
    await expect(h.sync.run({ full: false }, never())).rejects.toMatchObject({
      code: 'auth_rejected',
    });
    expect(fake.requestCount()).toBe(1);
  });

  it('keeps the pages committed before it, so the next sync resumes there', async () => {
    const { fake, h } = await setup(600);
    // The server fails for good once three pages have arrived (the newest, then two of the walk).
    let pages = 0;
    const filterSessions = h.client.filterSessions.bind(h.client);
    h.client.filterSessions = async (request, opts) => {
      const page = await filterSessions(request, opts);
      if (++pages === 3) fake.setFaults({ serverError: { every: 1, endpoints: ['filter'] } });
      return page;
    };
    await expect(h.sync.run({ full: false }, never())).rejects.toMatchObject({
      code: 'server_error',
    });
    expect(h.store.countSessions()).toBeGreaterThan(250);

    fake.setFaults({});
    const requests: unknown[] = [];
    h.client.filterSessions = (request, opts) => {
      requests.push(request);
      return filterSessions(request, opts);
    };
    await h.sync.run({ full: false }, never());
    expect(requests[0]).toMatchObject({ filters: { created_at: { from: expect.any(String) } } });
    expectCacheEqualsTruth(h.store, fake);
  });
});

describe('which failures a page is retried for', () => {
  it('retries timeouts, 5xx and garbled answers, but not a connection refused on every try', () => {
    expect(isTransientFailure(timeoutError('POST /chat/sessions/filter', 30_000))).toBe(true);
    expect(
      isTransientFailure(
        httpError({ status: 503, request: 'POST /chat/sessions/filter', bodyText: '' }),
      ),
    ).toBe(true);
    expect(
      isTransientFailure(networkError('POST /chat/sessions/filter', new TypeError('fetch failed'))),
    ).toBe(false);
  });
});
