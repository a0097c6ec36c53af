import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCacheReader } from '../../store/cache/open-cache-reader';
import { generateSessions } from '../../store/testing/make-session';
import { openTempCache } from '../../store/testing/temp-dir';
import { SessionIndex } from './session-index';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function cacheOf(sessions: number) {
  const cache = openTempCache();
  cleanups.push(cache.dispose);
  cache.store.upsertSessions(generateSessions(sessions, 3).sessions, '2026-02-01T00:00:00.000Z');
  return { cache, connection: openCacheReader(join(cache.dir, 'cache.sqlite')) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the session index', () => {
  it('loads only once the promise it is told to wait for settles, however long that is', async () => {
    const { cache, connection } = cacheOf(40);
    let begin!: () => void;
    const index = new SessionIndex(connection, cache.store.reader, {
      after: new Promise((resolve) => (begin = resolve)),
    });
    cleanups.push(() => index.close());
    // Well past the 2 s it would wait by default.
    await pause(2_500);
    expect(index.current()).toBeNull();
    begin();
    await index.whenCurrent();
    expect(index.current()?.snapshot.rows).toBe(40);
  });

  it('loads nothing when closed before that promise settles', async () => {
    const { cache, connection } = cacheOf(10);
    let begin!: () => void;
    let loads = 0;
    const index = new SessionIndex(connection, cache.store.reader, {
      after: new Promise((resolve) => (begin = resolve)),
      onLoaded: () => loads++,
      onError: () => loads++,
    });
    index.close();
    begin();
    await pause(200);
    expect(loads).toBe(0);
    expect(index.current()).toBeNull();
  });
});
