import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetField } from '../../../src-shared/contract/facet-counts';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { cacheFilePath } from '../store/cache/cache-handles';
import type { CacheStore } from '../store/cache-store';
import { generateSessions, makeSession } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { facetCounts } from './facets';
import { facetCountsOffThread, startFacetWorker, type FacetWorker } from './facets-off-thread';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
let worker: FacetWorker;
beforeAll(() => {
  cache = openTempCache();
  store = cache.store;
  const { sessions, tags } = generateSessions(400, 41);
  store.upsertSessions(sessions, '2026-01-01T00:00:00.000Z');
  const names = [...new Set([...tags.values()].flat())];
  store.replaceTagCatalog(names.map((tag_name) => ({ tag_name })));
  for (const name of names) {
    store.setTagMembers(
      name,
      [...tags].filter(([, of]) => of.includes(name)).map(([id]) => id),
    );
  }
  worker = startFacetWorker(cacheFilePath(store.reader));
});
afterAll(() => {
  worker.close();
  cache.dispose();
});

const everything = { budgetMs: 1e9 };

describe('facets counted on a worker thread', () => {
  const filters: [string, SessionFilter][] = [
    ['nothing', {}],
    ['a status', { status: ['open'] }],
    ['a channel and a sentiment', { channels: ['email', 'web'], sentiment: ['angry'] }],
    ['a tag', { tags: ['vip'] }],
    [
      'unassigned, in a date range',
      { unassigned: true, created_at: { from: '2025-09-01T00:00:00Z' } },
    ],
    ['a full-text query', { q: 'refund' }],
  ];
  it.each(filters)('gives the buckets facetCounts gives, filtering by %s', async (_, filter) => {
    const there = await facetCountsOffThread(worker, filter, NOW, everything);
    const here = facetCounts(store.reader, filter, NOW, everything);
    expect(there.skipped).toEqual([]);
    expect(there.facets).toEqual(here.facets);
  });

  it('starts no facet past its budget, but always the first', async () => {
    const fields: FacetField[] = ['status', 'team', 'tag'];
    const { facets, skipped } = await facetCountsOffThread(worker, {}, NOW, {
      budgetMs: 0,
      fields,
    });
    expect(Object.keys(facets)).toEqual(['status']);
    expect(skipped).toEqual(['team', 'tag']);
  });

  it('counts what was committed since it started', async () => {
    const before = await facetCountsOffThread(worker, {}, NOW, everything);
    const open = (counts: typeof before) =>
      counts.facets.status?.find((bucket) => bucket.value === 'open')?.count ?? 0;
    store.upsertSessions([makeSession({ status: 'open' })], '2026-01-02T00:00:00.000Z');
    expect(open(await facetCountsOffThread(worker, {}, NOW, everything))).toBe(open(before) + 1);
  });

  it('takes the answer from elsewhere when its turn comes (the index loaded meanwhile)', async () => {
    const canned = { facets: { status: [] }, skipped: [], elapsed_ms: 0 };
    const decided: string[] = [];
    const [first, second] = await Promise.all([
      facetCountsOffThread(worker, {}, NOW, {
        ...everything,
        answeredElsewhere: () => (decided.push('first'), null),
      }),
      facetCountsOffThread(worker, {}, NOW, {
        answeredElsewhere: () => (decided.push('second'), canned),
      }),
    ]);
    expect(decided).toEqual(['first', 'second']);
    expect(first.facets.status?.length).toBeGreaterThan(0);
    expect(second).toBe(canned);
  });

  it('goes on with the next run after one that failed', async () => {
    const bad = worker.run(() => [{ sql: 'SELECT * FROM no_such_table', params: [] }], 100);
    const good = facetCountsOffThread(worker, { status: ['open'] }, NOW, everything);
    await expect(bad).rejects.toThrow(/no such table/);
    expect((await good).skipped).toEqual([]);
  });

  it('refuses a filter it cannot read with a sentence, and work once closed', async () => {
    await expect(
      facetCountsOffThread(worker, { status: 'open' } as unknown as SessionFilter, NOW),
    ).rejects.toThrow(/filter/);
    const closed = startFacetWorker(cacheFilePath(store.reader));
    closed.close();
    await expect(facetCountsOffThread(closed, {}, NOW)).rejects.toThrow(
      'The facet worker stopped.',
    );
  });
});
