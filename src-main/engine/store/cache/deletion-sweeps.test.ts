import { afterEach, describe, expect, it } from 'vitest';
import type { CacheReader } from './cache-handles';
import { makeSession } from '../testing/make-session';
import { openTempCache } from '../testing/temp-dir';
import { UNSEEN_SQL } from './deletion-sweeps';

let cache: ReturnType<typeof openTempCache> | null = null;
afterEach(() => cache?.dispose());

const SEEN = '2026-06-01T00:00:00.000Z';

/** Each sweep query's plan, by name. */
function plans(reader: CacheReader): Record<string, string> {
  return Object.fromEntries(
    Object.entries(UNSEEN_SQL).map(([name, sql]) => {
      const params = [SEEN, 0, Number.MAX_SAFE_INTEGER].slice(0, sql.split('?').length - 1);
      const plan = reader
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => row.detail)
        .join('; ');
      return [name, plan];
    }),
  );
}

describe('the deletion sweep', () => {
  it('finds the unseen through the seen_at index, not by reading every session', () => {
    cache = openTempCache();
    const { store } = cache;
    const sessions = Array.from({ length: 500 }, (_, i) =>
      makeSession({ created_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }),
    );
    store.upsertSessions(sessions, SEEN);
    // A search of an index on seen_at (or, for a bounded range, created_at), never a scan.
    const searched = /^SEARCH sessions USING INDEX sessions_by_(seen|created)\b/;
    // At the end of a first sync the cache has no statistics yet; the planner then walked the id
    // index for the order and read every row (2.4 s at a million sessions).
    for (const [name, plan] of Object.entries(plans(store.reader)))
      expect(plan, name).toMatch(searched);
    // With statistics of a pass that saw everything (one seen_at for all) it does the same.
    store.optimize();
    for (const [name, plan] of Object.entries(plans(store.reader)))
      expect(plan, name).toMatch(searched);
    expect(store.markUnseenDeleted(SEEN, null, '2026-06-02T00:00:00.000Z')).toBe(0);
    expect(
      store.markUnseenDeleted('2026-06-01T00:00:00.001Z', null, '2026-06-02T00:00:00.000Z'),
    ).toBe(500);
  });
});
