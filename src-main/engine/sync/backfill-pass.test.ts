import { describe, expect, it } from 'vitest';
import type { FakeOpencx } from '../../../fake-opencx/server';
import { useSyncTestbed, expectCacheEqualsTruth } from '../../../test-support/sync-harness';
import { STATE_KEYS } from './sync-state';

const DAY_MS = 86_400_000;
const { fakeServer, harness } = useSyncTestbed();

const never = () => new AbortController().signal;

/** The fake's sessions span the last 180 days: a 60-day scope leaves most of them to backfill. */
function olderThan(fake: FakeOpencx, days: number): string[] {
  const boundary = Date.now() - days * DAY_MS;
  return fake
    .truth()
    .sessions.filter(({ session }) => Date.parse(session.created_at) < boundary)
    .map(({ session }) => session.id);
}

describe('backfill of sessions older than the scope', () => {
  it('leaves them out of the scoped sync, then brings them in with their tags', async () => {
    const fake = await fakeServer({ seed: 21, sessions: 600 });
    const h = harness(fake, { scopeDays: 60 });
    const old = olderThan(fake, 61);
    expect(old.length).toBeGreaterThan(100);

    await h.sync.run({ full: false }, never());
    expect(old.filter((id) => h.store.getSession(id) !== null)).toEqual([]);

    const summary = await h.sync.runBackfill({ force: false }, never());
    expect(summary).toMatchObject({ done: true, cancelled: false });
    expectCacheEqualsTruth(h.store, fake);
    const reports = h.progress.filter((event) => event.phase === 'backfill');
    expect(reports.length).toBeGreaterThan(3);
    expect(reports.at(-1)).toMatchObject({ requests_left: expect.any(Number) });
    expect(reports.at(-1)!.sessions).toBeGreaterThanOrEqual(old.length);
    // Midway it can tell how long is left: the walk moves from the scope start to the oldest.
    expect(reports.some((event) => event.eta_ms !== null && event.eta_ms >= 0)).toBe(true);
  });

  it('fetches newest first, so the most recent of the older sessions arrive first', async () => {
    const fake = await fakeServer({ seed: 22, sessions: 500 });
    const h = harness(fake, { scopeDays: 30 });
    await h.sync.run({ full: false }, never());
    const seen: string[] = [];
    const upsert = h.store.upsertSessions.bind(h.store);
    h.store.upsertSessions = (sessions, seenAt) => {
      seen.push(...sessions.map((s) => s.created_at));
      return upsert(sessions, seenAt);
    };
    await h.sync.runBackfill({ force: false }, never());
    const times = seen.map((at) => Date.parse(at));
    expect(times.length).toBeGreaterThan(200);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('resumes a cancelled backfill where it stopped, and has nothing left to do afterwards', async () => {
    const fake = await fakeServer({ seed: 23, sessions: 700 });
    const h = harness(fake, { scopeDays: 30 });
    await h.sync.run({ full: false }, never());

    // Cancelled once the second page of sessions has arrived: the pages delivered before the
    // cancel are committed, and the next run goes on after them.
    const controller = new AbortController();
    let pages = 0;
    const filterSessions = h.client.filterSessions.bind(h.client);
    h.client.filterSessions = async (request, opts) => {
      const page = await filterSessions(request, opts);
      if (page.data.length > 0 && ++pages === 2) controller.abort();
      return page;
    };
    const first = await h.sync.runBackfill({ force: false }, controller.signal);
    expect(first).toMatchObject({ done: false, cancelled: true });
    expect(h.store.getSyncState(STATE_KEYS.backfill)).not.toBeNull();

    const requests: unknown[] = [];
    h.client.filterSessions = (request, opts) => {
      requests.push(request);
      return filterSessions(request, opts);
    };
    const second = await h.sync.runBackfill({ force: false }, never());
    expect(second).toMatchObject({ done: true, cancelled: false });
    expect(requests[0]).toMatchObject({
      sort_order: 'desc',
      filters: { created_at: { to: expect.any(String) } },
    });
    expect(
      (requests[0] as { filters: { created_at: { to: string } } }).filters.created_at.to,
    ).not.toBe(second.range?.to);
    expectCacheEqualsTruth(h.store, fake);

    requests.length = 0;
    const third = await h.sync.runBackfill({ force: false }, never());
    expect(third).toMatchObject({ done: true, range: null, pages: 0 });
    expect(requests).toEqual([]);
  });

  it('finds old sessions deleted on the server when forced to sweep again', async () => {
    const fake = await fakeServer({ seed: 24, sessions: 400 });
    const h = harness(fake, { scopeDays: 30 });
    await h.sync.run({ full: false }, never());
    await h.sync.runBackfill({ force: false }, never());
    const old = new Set(olderThan(fake, 31));
    const deleted = fake.tick(15, {
      deleteShare: 1,
      createShare: 0,
      updateShare: 0,
      messageShare: 0,
    });
    await h.sync.run({ full: false }, never());
    await h.sync.runBackfill({ force: true }, never());
    // Sessions deleted inside the scope are the full pass's to find.
    await h.sync.run({ full: true }, never());
    expectCacheEqualsTruth(h.store, fake);
    for (const { sessionId } of deleted) expect(h.store.deletedAt(sessionId)).not.toBeNull();
    // Most sessions are older than the scope, so the backfill's sweep had some to find.
    expect(deleted.filter(({ sessionId }) => old.has(sessionId)).length).toBeGreaterThan(3);
  });

  it('has nothing to do when the sync covers everything', async () => {
    const fake = await fakeServer({ seed: 25, sessions: 100 });
    const h = harness(fake, { scopeDays: null });
    await h.sync.run({ full: false }, never());
    expect(await h.sync.runBackfill({ force: false }, never())).toMatchObject({
      done: true,
      range: null,
    });
  });
});
