import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCacheReader } from '../../store/cache/open-cache-reader';
import { makeSession } from '../../store/testing/make-session';
import { openTempCache } from '../../store/testing/temp-dir';
import type { Session } from '../../../../src-shared/opencx/session';
import { loadColumnSnapshot, type CodeColumnName, type LoadOptions } from './column-snapshot';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/**
 * A cache of `sessions` loaded into a column snapshot: `name` decoded row by row, the same
 * column as SQLite has it, and the snapshot's values for it, sorted.
 */
async function loadedColumn(sessions: Session[], name: CodeColumnName, options?: LoadOptions) {
  const cache = openTempCache();
  cleanups.push(cache.dispose);
  cache.store.upsertSessions(sessions, '2026-02-01T00:00:00.000Z');
  const opened = openCacheReader(join(cache.dir, 'cache.sqlite'));
  cleanups.push(() => opened.close());
  const snapshot = await loadColumnSnapshot(opened.reader, options);
  if (!snapshot) throw new Error('the load was not cancelled');
  const column = snapshot.text[name];
  const decoded = Array.from(snapshot.rid, (_, row) => {
    const code = column.codes[row] as number;
    return code < 0 ? null : column.values[code];
  });
  const inTable = cache.store.reader
    .prepare<[], string | null>(`SELECT ${name} FROM sessions ORDER BY rid`)
    .pluck()
    .all();
  return { decoded, inTable, values: [...column.values].sort() };
}

describe('column snapshot', () => {
  it('reads the values of a column without an index a range of rows at a time, each row as SQLite has it', async () => {
    // ai_closure_type has no index (migration 006): its values are found range by range. A value
    // first seen in a later range, and nulls between, must come out as in the table.
    const closures = [null, 'resolved', null, null, 'escalated', 'resolved', null, 'abandoned'];
    const sessions = Array.from({ length: 40 }, (_, i) =>
      makeSession({ ai_closure_type: closures[i % closures.length] ?? null }),
    );
    const column = await loadedColumn(sessions, 'ai_closure_type', { distinctSliceRows: 3 });
    expect(column.decoded).toEqual(column.inTable);
    expect(column.values).toEqual(['abandoned', 'escalated', 'resolved']);
  });

  it('finds the values of an indexed column by seeking its index, each row as SQLite has it', async () => {
    // language has an index leading with it: its values are found one seek each. Nulls, an
    // empty string and values in no particular order must all come out as in the table.
    const languages = ['fr', null, '', 'de', 'fr', null, 'en', 'de-AT'];
    const sessions = Array.from({ length: 24 }, (_, i) =>
      makeSession({ language: languages[i % languages.length] ?? null }),
    );
    const column = await loadedColumn(sessions, 'language');
    expect(column.decoded).toEqual(column.inTable);
    expect(column.values).toEqual(['', 'de', 'de-AT', 'en', 'fr']);
  });

  it('loads a cache where a column is null in every session (no sentiment anywhere)', async () => {
    const cache = openTempCache();
    cleanups.push(cache.dispose);
    const sessions = Array.from({ length: 5 }, () => makeSession({ sentiment: null }));
    cache.store.upsertSessions(sessions, '2026-02-01T00:00:00.000Z');
    const opened = openCacheReader(join(cache.dir, 'cache.sqlite'));
    cleanups.push(() => opened.close());

    const snapshot = await loadColumnSnapshot(opened.reader);
    expect(snapshot?.rows).toBe(5);
    expect(Array.from(snapshot?.text.sentiment.codes ?? [])).toEqual([-1, -1, -1, -1, -1]);
    expect(snapshot?.text.sentiment.values).toEqual([]);
  });
});
