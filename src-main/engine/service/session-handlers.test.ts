import { afterEach, describe, expect, it } from 'vitest';
import { startFacetWorker } from '../query/facets-off-thread';
import { cacheFilePath } from '../store/cache/cache-handles';
import type { CacheStore } from '../store/cache-store';
import { makeSession } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { sessionReadHandlers } from './session-handlers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function cacheWith(sessions: number): CacheStore {
  const cache = openTempCache();
  cleanups.push(() => cache.dispose());
  cache.store.upsertSessions(
    Array.from({ length: sessions }, () => makeSession({ status: 'open' })),
    '2026-01-01T00:00:00.000Z',
  );
  return cache.store;
}

describe('sessions.facets without the column index', () => {
  it("counts on the account's facet worker", async () => {
    const store = cacheWith(3);
    const worker = startFacetWorker(cacheFilePath(store.reader));
    cleanups.push(() => worker.close());
    const handlers = sessionReadHandlers(
      () => store,
      () => Date.now(),
      () => null,
      () => worker,
    );
    const counts = await handlers['sessions.facets']({ filter: {} }, {});
    expect(counts.facets.status).toEqual([{ value: 'open', label: null, count: 3 }]);
  });

  it('answers no counts, not an error, when another account opened while they were counted', async () => {
    const first = cacheWith(3);
    const second = cacheWith(1);
    const worker = startFacetWorker(cacheFilePath(first.reader));
    let open = first;
    const handlers = sessionReadHandlers(
      () => open,
      () => Date.now(),
      () => null,
      () => worker,
    );
    const counting = handlers['sessions.facets']({ filter: {} }, {});
    // The first account closes (its worker with it) and the second opens.
    open = second;
    worker.close();
    expect(await counting).toEqual({ facets: {}, skipped: [], elapsed_ms: 0 });
  });
});
