import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpencx } from '../../../fake-opencx/server';
import type { TruthSnapshot } from '../../../fake-opencx/data/fake-session';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { LOCAL_SORT_FIELDS } from '../../../src-shared/filter/session-sort';
import { DEFERRABLE_INDEXES } from '../store/cache/deferred-indexes';
import { openTempCache } from '../store/testing/temp-dir';
import { loadColumnSnapshot } from './column-index/column-snapshot';
import { selectExportRows } from './export-rows';
import { querySessionIds } from './session-ids';
import { querySessions } from './session-query';
import { hasIndex } from './sort-index-hint';

// While a first sync fills an empty cache, most sort indexes are set aside
// (store/cache/deferred-indexes.ts): every read must answer exactly as it does with them, not
// fail on an INDEXED BY naming an index that is not there.

let truth: TruthSnapshot;
let indexed: ReturnType<typeof openTempCache>;
let deferred: ReturnType<typeof openTempCache>;
const now = () => Date.parse(truth.now);

function fill(cache: ReturnType<typeof openTempCache>) {
  const sessions = truth.sessions.map((entry) => entry.session);
  for (let i = 0; i < sessions.length; i += 100) {
    cache.store.upsertSessions(sessions.slice(i, i + 100), truth.now);
  }
  cache.store.setSessionTags(
    new Map(truth.sessions.map((entry) => [entry.session.id, entry.tags])),
  );
}

beforeAll(async () => {
  const fake = await startFakeOpencx({ seed: 21, sessions: 700, rateLimit: false });
  truth = fake.truth();
  await fake.close();
  indexed = openTempCache();
  fill(indexed);
  deferred = openTempCache();
  expect(deferred.store.deferIndexesIfEmpty()).toBe(DEFERRABLE_INDEXES.length);
  fill(deferred);
});

afterAll(() => {
  indexed.dispose();
  deferred.dispose();
});

describe('reads while the sort indexes are set aside', () => {
  it('has the indexes set aside in one cache and present in the other', () => {
    for (const name of DEFERRABLE_INDEXES) {
      expect(hasIndex(indexed.store.reader, name)).toBe(true);
      expect(hasIndex(deferred.store.reader, name)).toBe(false);
    }
  });

  it('pages through every sort, both ways, exactly as with them', () => {
    const contact = truth.sessions.find((entry) => entry.session.contact)?.session.contact?.id;
    if (!contact) throw new Error('the fake data has no contact');
    // All, a common filter (walks the sort index when there is one) and a rare one (sorts its
    // few matches either way).
    const cases: SessionFilter[] = [{}, { status: ['open'] }, { contact_ids: [contact] }];
    for (const filter of cases) {
      for (const field of LOCAL_SORT_FIELDS) {
        for (const order of ['asc', 'desc'] as const) {
          const walk = (store: typeof indexed.store) => {
            const ids: string[] = [];
            let cursor: string | null = null;
            do {
              const page = querySessions(
                store.reader,
                { filter, sort: { field, order }, limit: 90, cursor },
                now(),
              );
              ids.push(...page.items.map((session) => session.id));
              cursor = page.next_cursor;
            } while (cursor);
            return ids;
          };
          const expected = walk(indexed.store);
          expect(walk(deferred.store), `${field} ${order} ${JSON.stringify(filter)}`).toEqual(
            expected,
          );
          const range = { filter, sort: { field, order }, offset: 40, limit: 300 };
          expect(querySessionIds(deferred.store.reader, range, now())).toEqual(
            querySessionIds(indexed.store.reader, range, now()),
          );
        }
      }
    }
  });

  it('exports every sort in the same order', () => {
    for (const field of LOCAL_SORT_FIELDS) {
      const read = (store: typeof indexed.store) =>
        [
          ...selectExportRows(
            store.reader,
            { filter: {}, sort: { field, order: 'desc' } },
            now(),
          ).batches({ withHistory: false, batchSize: 97 }),
        ]
          .flat()
          .map((row) => row.session.id);
      expect(read(deferred.store), field).toEqual(read(indexed.store));
    }
  });

  it('orders the column index for every sort as the SQL indexes would', async () => {
    const [withIndexes, without] = await Promise.all([
      loadColumnSnapshot(indexed.store.reader),
      loadColumnSnapshot(deferred.store.reader),
    ]);
    if (!withIndexes || !without) throw new Error('the snapshots were not loaded');
    const ridsInOrder = (snapshot: typeof without, field: (typeof LOCAL_SORT_FIELDS)[number]) =>
      [...snapshot.order(field)].map((row) => snapshot.rid[row]);
    for (const field of LOCAL_SORT_FIELDS) {
      expect(ridsInOrder(without, field), field).toEqual(ridsInOrder(withIndexes, field));
    }
  });
});
