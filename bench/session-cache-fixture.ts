import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpencx } from '../fake-opencx/server';
import { openCacheStore, type CacheStore } from '../src-main/engine/store/cache-store';

export interface SessionCacheFixture {
  /** The cache file, for benchmarks that open it themselves. */
  path: string;
  /** The cache, open; what the app holds after a sync and transcript prefetch. */
  store: CacheStore;
  /** Closes the store, so a benchmark can time opening the file itself. */
  closeStore(): void;
  /** Closes the store (if still open) and deletes the temp dir. */
  dispose(): void;
}

/**
 * A real cache file holding the fake server's generated organisation: sessions, the tag catalog
 * and memberships, and every exact last_message_at (as if every transcript had been fetched).
 * Written directly through the store rather than synced, so building it costs seconds, not
 * minutes; the sync benchmark measures the sync.
 */
export async function buildSessionCacheFixture(sessions: number): Promise<SessionCacheFixture> {
  const fake = await startFakeOpencx({ sessions, rateLimit: false });
  const truth = fake.truth();
  await fake.close();

  const dir = mkdtempSync(join(tmpdir(), 'session-desk-bench-'));
  const path = join(dir, 'cache.db');
  const { store } = openCacheStore(path);
  store.upsertSessions(
    truth.sessions.map((t) => t.session),
    truth.now,
  );
  store.replaceTagCatalog(truth.tags);
  const members = new Map<string, string[]>(truth.tags.map((tag) => [tag.tag_name, []]));
  for (const { session, tags } of truth.sessions) {
    for (const tag of tags) members.get(tag)?.push(session.id);
  }
  for (const [tag, ids] of members) store.setTagMembers(tag, ids);
  store.transaction(() => {
    for (const { session, last_message_at } of truth.sessions) {
      store.setLastMessageAt(session.id, last_message_at);
    }
  });
  store.optimize();

  let open = true;
  const closeStore = () => {
    if (open) store.close();
    open = false;
  };
  return {
    path,
    store,
    closeStore,
    dispose() {
      closeStore();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
