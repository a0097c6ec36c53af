import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { querySessions } from '../../query/session-query';
import { openCacheStore } from '../cache-store';
import { makeSession } from '../testing/make-session';
import { makeTempDir } from '../testing/temp-dir';
import {
  changeMarker,
  writeTransaction,
  type CacheReader,
  type CacheWriter,
} from './cache-handles';
import { openCacheReader } from './open-cache-reader';
import { tagWrites } from './tag-writes';

let temp: ReturnType<typeof makeTempDir>;
let path: string;
beforeEach(() => {
  temp = makeTempDir();
  path = join(temp.dir, 'cache.db');
  const { store } = openCacheStore(path);
  store.upsertSessions([makeSession({ status: 'open' }), makeSession()], '2026-01-01T00:00:00Z');
  store.close();
});
afterEach(() => temp.remove());

describe('the cache read-only opening', () => {
  it('serves the fixed reads and the query engine, without the writer lock', () => {
    // A writer may hold the cache meanwhile: a reader does not wait for it or take its lock.
    const { store } = openCacheStore(path);
    const cache = openCacheReader(path);
    try {
      expect(cache.countSessions()).toBe(2);
      expect(querySessions(cache.reader, { filter: { status: ['open'] } }, Date.now()).total).toBe(
        2,
      );
    } finally {
      cache.close();
      store.close();
    }
  });

  it('is refused a write by SQLite itself, whatever a caller casts it to', () => {
    const cache = openCacheReader(path);
    try {
      const forced = cache.reader as unknown as CacheWriter;
      expect(() => tagWrites(forced)).not.toThrow(); // preparing is allowed…
      expect(() => tagWrites(forced).replaceTagCatalog([{ tag_name: 'x' }])).toThrow(/readonly/);
    } finally {
      cache.close();
    }
  });

  it('names a path that holds nothing in a sentence, as invalid input', () => {
    expect(() => openCacheReader(join(temp.dir, 'nothing.db'))).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringMatching(/no database/),
      }),
    );
  });
});

// Checked by the compiler (npm run typecheck), not at run time: a reader has no way to write.
export function readersCannotWrite(reader: CacheReader, writer: CacheWriter): void {
  // @ts-expect-error a reader is not a writer
  writeTransaction(reader, () => undefined);
  // @ts-expect-error a reader is not a writer
  tagWrites(reader);
  // @ts-expect-error a reader has no exec
  reader.exec('DELETE FROM sessions');
  // @ts-expect-error a reader has no pragma
  reader.pragma('user_version = 0');
  // @ts-expect-error a reader's statements cannot run
  reader.prepare('DELETE FROM sessions').run();
  // @ts-expect-error a reader's statements do not hand out their connection
  void reader.prepare('SELECT 1').database;
  // A writer reads too.
  writer.prepare('SELECT 1').get();
}

describe('a change marker', () => {
  it("says changed after another connection's commit, after its own write, and while a write is held open", () => {
    const { store } = openCacheStore(path);
    const cache = openCacheReader(path);
    try {
      const onReader = changeMarker(cache.reader);
      const onWriter = changeMarker(store.reader);
      cache.countSessions();
      expect([onReader.changed(), onWriter.changed()]).toEqual([false, false]);

      store.upsertSessions([makeSession()], '2026-01-02T00:00:00Z');
      expect([onReader.changed(), onWriter.changed()]).toEqual([true, true]);

      const held = store.holdWrites();
      const whileHeld = changeMarker(store.reader);
      held.write(() => store.setSyncState('k', 1));
      expect(whileHeld.changed()).toBe(true);
      held.commit();
      const afterwards = changeMarker(store.reader);
      expect(afterwards.changed()).toBe(false);
    } finally {
      cache.close();
      store.close();
    }
  });
});
