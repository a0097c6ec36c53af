import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpencx } from '../../../fake-opencx/server';
import { expectCacheEqualsTruth, syncHarness } from '../../../test-support/sync-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const never = () => new AbortController().signal;

describe('a sync while the server keeps changing', () => {
  it('converges: a full sync during live activity, one delta, then the full sweep for deletions', async () => {
    const fake = await startFakeOpencx({ seed: 51, sessions: 4_000, rateLimit: false });
    cleanups.push(() => fake.close());
    const h = syncHarness(fake);
    cleanups.push(() => h.close());
    const before = fake.truth();

    fake.startLive({
      ratePerSecond: 200,
      createShare: 0.25,
      updateShare: 0.4,
      messageShare: 0.25,
      deleteShare: 0.1,
    });
    const full = await h.sync.run({ full: false }, never());
    fake.stopLive();
    expect(full).toMatchObject({ mode: 'full', cancelled: false });

    // The server really changed while the pass ran: new sessions, tag changes, deletions.
    const after = fake.truth();
    const created = after.sessions.length + after.deletedIds.length - before.sessions.length;
    expect(created).toBeGreaterThan(10);
    expect(after.deletedIds.length).toBeGreaterThan(5);
    const tagsBefore = new Map(before.sessions.map((s) => [s.session.id, s.tags.join()]));
    const retagged = after.sessions.filter(
      (s) => tagsBefore.has(s.session.id) && tagsBefore.get(s.session.id) !== s.tags.join(),
    );
    expect(retagged.length).toBeGreaterThan(5);

    // One delta brings every live session and its tags up to date. A delta asks for what
    // changed, and a deleted session no longer shows up anywhere, so deletions wait for the
    // sweep: the periodic full pass marks whatever it did not see.
    expect((await h.sync.run({ full: false }, never())).mode).toBe('delta');
    expectCacheEqualsTruth(h.store, fake, { deletions: 'may linger' });
    const lingering = after.deletedIds.filter((id) => h.store.getSession(id) !== null);
    expect(lingering.length).toBeGreaterThan(0);

    await h.sync.run({ full: true }, never());
    expectCacheEqualsTruth(h.store, fake);
    for (const id of lingering) expect(h.store.deletedAt(id)).not.toBeNull();
  }, 30_000);
});
