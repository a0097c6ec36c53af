import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src-shared/contract/results';
import { useSyncTestbed } from '../../../test-support/sync-harness';
import { fetchSessionHistory } from './history-on-demand';
import { prefetchHistories } from './history-prefetch';

const DAY_MS = 86_400_000;
const { fakeServer, harness } = useSyncTestbed();

const never = () => new AbortController().signal;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('transcript of the session the user opens', () => {
  it('is fetched, stored with its exact last_message_at, and returned', async () => {
    const fake = await fakeServer({ seed: 31, sessions: 50 });
    const h = harness(fake);
    await h.sync.run({ full: false }, never());
    const { session, last_message_at } = fake.truth().sessions[7]!;

    const events = await fetchSessionHistory(h.client, h.store, session.id, never());

    expect(events.length).toBeGreaterThan(0);
    expect(h.store.getHistory(session.id)?.events).toEqual(events);
    expect(h.store.sessionsNeedingHistory(100).map((s) => s.id)).not.toContain(session.id);
    const newest = events
      .filter((event) => event.event.type === 'message')
      .map((event) => Date.parse(event.created_at))
      .reduce((a, b) => Math.max(a, b));
    expect(newest).toBe(Date.parse(last_message_at));
  });

  it('marks a session the server no longer has as deleted, and says not_found', async () => {
    const fake = await fakeServer({ seed: 32, sessions: 40 });
    const h = harness(fake);
    await h.sync.run({ full: false }, never());
    const [gone] = fake.tick(1, {
      deleteShare: 1,
      createShare: 0,
      updateShare: 0,
      messageShare: 0,
    });

    await expect(
      fetchSessionHistory(h.client, h.store, gone!.sessionId, never()),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(h.store.getSession(gone!.sessionId)).toBeNull();
    expect(h.store.deletedAt(gone!.sessionId)).not.toBeNull();
  });
});

describe('background prefetch of transcripts', () => {
  it('fetches the transcripts of recently changed sessions only, reporting progress', async () => {
    const fake = await fakeServer({ seed: 33, sessions: 300 });
    const h = harness(fake);
    await h.sync.run({ full: false }, never());
    const progress: SyncProgress[] = [];

    const result = await prefetchHistories(h.client, h.scheduler, h.store, {
      signal: never(),
      maxAgeDays: 20,
      onProgress: (event) => progress.push(event),
    });

    const recent = (updatedAt: string) => Date.parse(updatedAt) >= Date.now() - 20 * DAY_MS;
    const truth = fake.truth().sessions;
    const expected = truth.filter(({ session }) => recent(session.updated_at)).length;
    expect(result).toEqual({ fetched: expected, failed: 0, complete: true });
    for (const { session } of truth) {
      expect(h.store.getHistory(session.id) !== null).toBe(recent(session.updated_at));
    }
    expect(progress.at(-1)).toMatchObject({ phase: 'history', sessions: expected });
  });

  it('spends only spare budget: it stops at the reserve, the user still gets through, and it can be cancelled', async () => {
    const fake = await fakeServer({ seed: 34, sessions: 120 });
    const seeded = harness(fake);
    await seeded.sync.run({ full: false }, never());
    seeded.close();
    // The same cache, now behind a client allowed 30 requests a minute, half kept in reserve.
    const h = harness(fake, { path: seeded.path, requestsPerMinute: 30 });
    const controller = new AbortController();
    let fetchedSoFar = 0;
    const prefetch = prefetchHistories(h.client, h.scheduler, h.store, {
      signal: controller.signal,
      maxAgeDays: 365,
      reserveShare: 0.5,
      onProgress: (event) => (fetchedSoFar = event.sessions),
    });

    await until(() => {
      const stats = h.scheduler.stats();
      return stats.budgetLeft <= 15 && stats.inFlight === 0 && stats.queued === 0;
    });
    const stalledAt = fetchedSoFar;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(fetchedSoFar).toBe(stalledAt);
    expect(stalledAt).toBeLessThan(120);
    expect(h.scheduler.stats().budgetLeft).toBeGreaterThan(0);

    // What the user opens is not held back by the prefetch.
    const opened = fake.truth().sessions.at(-1)!.session.id;
    const events = await fetchSessionHistory(h.client, h.store, opened, never());
    expect(events.length).toBeGreaterThan(0);

    controller.abort();
    const result = await prefetch;
    expect(result).toMatchObject({ complete: false, fetched: stalledAt });
  });
});
