import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/app-error';
import {
  expectCacheEqualsTruth,
  useSyncTestbed,
  type SyncHarness,
} from '../../../test-support/sync-harness';
import { hasIndex } from '../query/sort-index-hint';
import { DEFERRABLE_INDEXES } from '../store/cache/deferred-indexes';

const { fakeServer, harness } = useSyncTestbed();

const run = (h: SyncHarness, full = false) => h.sync.run({ full }, new AbortController().signal);

/**
 * A signal that aborts once the client has received `page` pages of sessions, and the client's
 * own filterSessions (to put back or to wrap again).
 */
function cancelAtPage(h: SyncHarness, page: number) {
  const controller = new AbortController();
  let pages = 0;
  const filterSessions = h.client.filterSessions.bind(h.client);
  h.client.filterSessions = async (request, opts) => {
    const answer = await filterSessions(request, opts);
    if (++pages === page) controller.abort();
    return answer;
  };
  return { signal: controller.signal, filterSessions };
}

describe('full sync', () => {
  it('leaves the cache equal to the server, tags included', async () => {
    const fake = await fakeServer({ seed: 3, sessions: 450 });
    const h = harness(fake);
    const summary = await run(h);
    expect(summary).toMatchObject({ mode: 'full', cancelled: false });
    expectCacheEqualsTruth(h.store, fake);
  });

  it('brings the newest sessions first into a new cache, so the list shows them at once', async () => {
    const fake = await fakeServer({ seed: 4, sessions: 350 });
    const h = harness(fake);
    const pages: string[][] = [];
    const store = h.store;
    const original = store.upsertSessions.bind(store);
    store.upsertSessions = (sessions, seenAt) => {
      pages.push(sessions.map((session) => session.id));
      return original(sessions, seenAt);
    };
    await run(h);
    const newest = fake
      .truth()
      .sessions.map((entry) => entry.session)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
      .slice(0, 100)
      .map((session) => session.id);
    expect(new Set(pages[0])).toEqual(new Set(newest));
    expectCacheEqualsTruth(h.store, fake);
  });

  it('never skips a session when many share one created_at and ties come back shuffled', async () => {
    const fake = await fakeServer({ seed: 5, sessions: 300, faults: { shuffleTies: true } });
    const h = harness(fake);
    await run(h);
    expectCacheEqualsTruth(h.store, fake);
  });

  it('resumes where a cancelled sync stopped instead of starting over', async () => {
    const fake = await fakeServer({ seed: 8, sessions: 600 });
    const h = harness(fake);
    // Cancel once the third page has arrived (the newest page, then two of the walk): the pages
    // delivered before the cancel are committed, and the next run goes on after them.
    const { signal, filterSessions } = cancelAtPage(h, 3);
    expect((await h.sync.run({ full: false }, signal)).cancelled).toBe(true);
    expect(h.store.countSessions()).toBeGreaterThan(100);

    const requests: unknown[] = [];
    h.client.filterSessions = (request, opts) => {
      requests.push(request);
      return filterSessions(request, opts);
    };
    const second = await run(h);
    expect(second.mode).toBe('full');
    expectCacheEqualsTruth(h.store, fake);
    // The first request of the resumed pass starts after what was committed, not at the start.
    expect(requests[0]).toMatchObject({ filters: { created_at: { from: expect.any(String) } } });
  });
});

describe('full sync into an empty cache', () => {
  /** Whether the contact index (one of those a first sync sets aside) was there at each page. */
  function watchContactIndex(h: SyncHarness): boolean[] {
    const seen: boolean[] = [];
    const original = h.store.upsertSessions.bind(h.store);
    h.store.upsertSessions = (sessions, seenAt) => {
      seen.push(hasIndex(h.store.reader, 'sessions_by_contact'));
      return original(sessions, seenAt);
    };
    return seen;
  }

  it('fills it without the indexes keyed at random, then builds and analyses them', async () => {
    const fake = await fakeServer({ seed: 12, sessions: 450 });
    const h = harness(fake);
    const present = watchContactIndex(h);
    await run(h);
    expect(present.length).toBeGreaterThan(4);
    expect(present.every((there) => !there)).toBe(true);
    expectCacheEqualsTruth(h.store, fake);
    const indexing = h.progress.filter((event) => event.phase === 'indexing');
    expect(indexing.at(-1)).toMatchObject({
      done: DEFERRABLE_INDEXES.length,
      total: DEFERRABLE_INDEXES.length,
    });
    // The planner's statistics cover the indexes built at the end.
    const analysed = h.store.reader
      .prepare<[], string>("SELECT idx FROM sqlite_stat1 WHERE idx = 'sessions_by_contact'")
      .pluck()
      .get();
    expect(analysed).toBe('sessions_by_contact');
  });

  it('keeps every index while a later full pass runs over the filled cache', async () => {
    const fake = await fakeServer({ seed: 13, sessions: 250 });
    const h = harness(fake);
    await run(h);
    const present = watchContactIndex(h);
    await run(h, true);
    expect(present.length).toBeGreaterThan(2);
    expect(present.every((there) => there)).toBe(true);
    expect(h.progress.filter((event) => event.phase === 'indexing')).toHaveLength(
      DEFERRABLE_INDEXES.length,
    );
  });

  it('leaves the cache indexed when cancelled, and the resumed pass keeps them', async () => {
    const fake = await fakeServer({ seed: 14, sessions: 600 });
    const h = harness(fake);
    const { signal, filterSessions } = cancelAtPage(h, 3);
    expect((await h.sync.run({ full: false }, signal)).cancelled).toBe(true);
    expect(h.store.countSessions()).toBeGreaterThan(100);
    expect(h.store.deferredIndexCount()).toBe(0);
    for (const name of DEFERRABLE_INDEXES) expect(hasIndex(h.store.reader, name)).toBe(true);

    // The resumed pass finds sessions in the cache: it keeps the indexes it now has.
    h.client.filterSessions = filterSessions;
    const present = watchContactIndex(h);
    await run(h);
    expect(present.every((there) => there)).toBe(true);
    expectCacheEqualsTruth(h.store, fake);
  });

  it("builds the indexes set aside while its last tag walks are answered, the Tags sort's after its labels", async () => {
    const fake = await fakeServer({ seed: 16, sessions: 600 });
    const h = harness(fake);
    const indexed = () => h.progress.filter((event) => event.phase === 'indexing').length;
    // Each tag page is answered 50 ms late, so that tags are still walked once the sessions are in.
    const indexedWhenTagAnswered: number[] = [];
    const filterSessionRefs = h.client.filterSessionRefs.bind(h.client);
    h.client.filterSessionRefs = async (request, opts) => {
      const page = await filterSessionRefs(request, opts);
      await new Promise((resolve) => setTimeout(resolve, 50));
      indexedWhenTagAnswered.push(indexed());
      return page;
    };
    await run(h);
    expect(Math.max(...indexedWhenTagAnswered)).toBeGreaterThan(0);
    const phases = h.progress.map((event) => event.phase);
    const lastIndexing = h.progress.at(phases.lastIndexOf('indexing'));
    expect(phases.lastIndexOf('indexing')).toBeGreaterThan(phases.lastIndexOf('tags'));
    expect(lastIndexing).toMatchObject({
      done: DEFERRABLE_INDEXES.length,
      total: DEFERRABLE_INDEXES.length,
    });
    expect(phases.filter((phase) => phase === 'indexing')).toHaveLength(DEFERRABLE_INDEXES.length);
    expectCacheEqualsTruth(h.store, fake);
  });

  it('builds the indexes a killed first sync left aside in the next run, even a delta', async () => {
    const fake = await fakeServer({ seed: 15, sessions: 300 });
    const h = harness(fake);
    // Killed after the pass committed, before a single index was built.
    const build = h.store.buildDeferredIndexes.bind(h.store);
    const buildOffThread = h.store.buildDeferredIndexesOffThread.bind(h.store);
    h.store.buildDeferredIndexes = () => 0;
    h.store.buildDeferredIndexesOffThread = () => Promise.resolve(0);
    await run(h);
    expect(h.store.deferredIndexCount()).toBe(DEFERRABLE_INDEXES.length);
    h.store.buildDeferredIndexes = build;
    h.store.buildDeferredIndexesOffThread = buildOffThread;

    expect((await run(h)).mode).toBe('delta');
    expectCacheEqualsTruth(h.store, fake);
  });
});

describe('full sync, tag walks', () => {
  const tagged = (request: { filters?: { tags?: unknown } }) => request.filters?.tags !== undefined;

  it('walks the tags while it walks the sessions, and stores their members with the sessions', async () => {
    const fake = await fakeServer({ seed: 21, sessions: 800 });
    const h = harness(fake);
    const events: string[] = [];
    let tagPageAsked: () => void = () => undefined;
    const firstTagPage = new Promise<void>((resolve) => (tagPageAsked = resolve));
    const filterSessions = h.client.filterSessions.bind(h.client);
    let sessionPages = 0;
    h.client.filterSessions = async (request, opts) => {
      const page = await filterSessions(request, opts);
      // The walk's third page waits for a tag page to be asked (or 5 s, when none comes).
      if (++sessionPages === 3) {
        await Promise.race([firstTagPage, new Promise((r) => setTimeout(r, 5_000))]);
      }
      events.push('session page');
      return page;
    };
    const filterSessionRefs = h.client.filterSessionRefs.bind(h.client);
    h.client.filterSessionRefs = (request, opts) => {
      if (tagged(request)) {
        events.push('tag page');
        tagPageAsked();
      }
      return filterSessionRefs(request, opts);
    };
    await run(h);
    expect(events.indexOf('tag page')).toBeGreaterThan(-1);
    expect(events.indexOf('tag page')).toBeLessThan(events.lastIndexOf('session page'));
    expectCacheEqualsTruth(h.store, fake);
  });

  it('walks the tags only after the sessions under a rate limit that binds (100 a minute)', async () => {
    const fake = await fakeServer({ seed: 24, sessions: 800 });
    const h = harness(fake, { requestsPerMinute: 100 });
    const events: string[] = [];
    const filterSessions = h.client.filterSessions.bind(h.client);
    h.client.filterSessions = async (request, opts) => {
      const page = await filterSessions(request, opts);
      events.push('session page');
      return page;
    };
    const filterSessionRefs = h.client.filterSessionRefs.bind(h.client);
    h.client.filterSessionRefs = (request, opts) => {
      if (tagged(request)) events.push('tag page');
      return filterSessionRefs(request, opts);
    };
    await run(h);
    expect(events.indexOf('tag page')).toBeGreaterThan(events.lastIndexOf('session page'));
    expectCacheEqualsTruth(h.store, fake);
  });

  it('fails a pass whose tag walk fails once the sessions are stored, and the next run walks only the tags', async () => {
    const fake = await fakeServer({ seed: 22, sessions: 500 });
    const h = harness(fake);
    const filterSessionRefs = h.client.filterSessionRefs.bind(h.client);
    let refused = false;
    h.client.filterSessionRefs = (request, opts) => {
      if (tagged(request) && !refused) {
        refused = true;
        return Promise.reject(new AppError('invalid_input', 'OpenCX refused the tag filter.'));
      }
      return filterSessionRefs(request, opts);
    };
    await expect(run(h)).rejects.toThrow('OpenCX refused the tag filter.');
    expect(h.store.countSessions()).toBe(fake.truth().sessions.length);

    const sessionRequests: unknown[] = [];
    const filterSessions = h.client.filterSessions.bind(h.client);
    h.client.filterSessions = (request, opts) => {
      sessionRequests.push(request);
      return filterSessions(request, opts);
    };
    expect((await run(h)).mode).toBe('full');
    expect(sessionRequests).toEqual([]);
    expectCacheEqualsTruth(h.store, fake);
  });

  it('stops its tag walks when the session walk fails: no request outlives the pass', async () => {
    const fake = await fakeServer({ seed: 23, sessions: 600 });
    const h = harness(fake);
    const filterSessions = h.client.filterSessions.bind(h.client);
    let sessionPages = 0;
    h.client.filterSessions = async (request, opts) => {
      if (++sessionPages === 3) throw new AppError('invalid_input', 'OpenCX refused the page.');
      return filterSessions(request, opts);
    };
    let asked = 0;
    const filterSessionRefs = h.client.filterSessionRefs.bind(h.client);
    h.client.filterSessionRefs = (request, opts) => {
      asked += 1;
      return filterSessionRefs(request, opts);
    };
    await expect(run(h)).rejects.toThrow('OpenCX refused the page.');
    const askedByTheEnd = asked;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked).toBe(askedByTheEnd);
  });
});

describe('delta sync', () => {
  it('brings in what changed on the server since the last sync, tags included', async () => {
    const fake = await fakeServer({ seed: 12, sessions: 300 });
    const h = harness(fake);
    await run(h);
    const changes = fake.tick(80, { deleteShare: 0 });
    expect(changes.some((change) => change.field === 'tags')).toBe(true);
    const delta = await run(h);
    expect(delta.mode).toBe('delta');
    expectCacheEqualsTruth(h.store, fake);
  });

  it('turns into the full sweep once a day, which finds deletions by itself', async () => {
    const fake = await fakeServer({ seed: 15, sessions: 150 });
    let now = Date.now();
    const h = harness(fake, { now: () => now });
    await run(h);
    const deleted = fake.tick(5, {
      deleteShare: 1,
      createShare: 0,
      updateShare: 0,
      messageShare: 0,
    });
    now += 3600_000;
    expect((await run(h)).mode).toBe('delta');
    now += 24 * 3600_000;
    expect((await run(h)).mode).toBe('full');
    for (const { sessionId } of deleted) expect(h.store.deletedAt(sessionId)).not.toBeNull();
  });

  it('leaves deletions to the full sweep, which marks them', async () => {
    const fake = await fakeServer({ seed: 14, sessions: 200 });
    const h = harness(fake);
    await run(h);
    const deleted = fake.tick(10, {
      deleteShare: 1,
      createShare: 0,
      updateShare: 0,
      messageShare: 0,
    });
    await run(h);
    expect(h.store.countSessions()).toBe(200);
    await run(h, true);
    expectCacheEqualsTruth(h.store, fake);
    for (const { sessionId } of deleted) expect(h.store.deletedAt(sessionId)).not.toBeNull();
  });

  it('converges on the truth after a full sync during live activity and one delta', async () => {
    const fake = await fakeServer({ seed: 13, sessions: 400 });
    const h = harness(fake);
    fake.startLive({ ratePerSecond: 40, deleteShare: 0 });
    await run(h);
    fake.stopLive();
    await run(h);
    expectCacheEqualsTruth(h.store, fake);
  });
});
