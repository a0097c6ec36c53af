import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpencx, type TruthSnapshot } from '../../../../fake-opencx/server';
import { FACET_FIELDS } from '../../../../src-shared/contract/facet-counts';
import {
  AI_CLOSURE_TYPES,
  CHANNELS,
  SENTIMENTS,
  SESSION_STATUSES,
} from '../../../../src-shared/opencx/enums';
import type { Session } from '../../../../src-shared/opencx/session';
import { LOCAL_SORT_FIELDS } from '../../../../src-shared/filter/session-sort';
import type { SessionFilter } from '../../../../src-shared/filter/session-filter';
import { NO_SENTIMENT } from '../../../../src-shared/filter/filter-limits';
import { openCacheReader } from '../../store/cache/open-cache-reader';
import type { CacheStore } from '../../store/cache-store';
import { openTempCache } from '../../store/testing/temp-dir';
import { facetCounts } from '../facets';
import { sessionHistogram } from '../session-histogram';
import { querySessionIds } from '../session-ids';
import { querySessions } from '../session-query';
import { countViews } from '../view-counts';
import { SessionIndex } from './session-index';

// The column index must give exactly the answers SQL gives, for every read it serves: here
// random filters (every key, the local extensions too), sorts, offsets and cursors are asked
// of both over the same cache.

const NOW = Date.parse('2026-05-01T00:00:00.000Z');
const TYPED_VALUES = [3, '3', 3.5, true, 1, 0, '', 2.0, 'x'] as const;

let truth: TruthSnapshot;
let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
let index: SessionIndex;

beforeAll(async () => {
  const fake = await startFakeOpencx({ seed: 7, sessions: 500, rateLimit: false, now: () => NOW });
  truth = fake.truth();
  await fake.close();
  cache = openTempCache();
  store = cache.store;
  store.upsertSessions(
    truth.sessions.map((t) => t.session as Session),
    new Date(NOW).toISOString(),
  );
  // Sessions sharing every time and ticket with another: the id decides their order, which
  // the index must reproduce.
  store.upsertSessions(
    truth.sessions.slice(0, 40).map((t, at) => ({
      ...(t.session as Session),
      id: `${at % 2 === 0 ? '0' : 'z'}-twin-${at}`,
    })),
    new Date(NOW).toISOString(),
  );
  // Custom data values SQL tells apart by type (the index holds custom data in memory): the
  // number 3 and the text '3', a real, the boolean true (stored as 1) and the number 1, and
  // equal numbers written as an integer and as a real.
  store.upsertSessions(
    TYPED_VALUES.map((value, at) => ({
      ...(truth.sessions[40 + at]?.session as Session),
      id: `typed-${at}`,
      custom_data: { typed: value },
    })),
    new Date(NOW).toISOString(),
  );
  store.replaceTagCatalog(truth.tags);
  for (const tag of truth.tags) {
    store.setTagMembers(
      tag.tag_name,
      truth.sessions.filter((t) => t.tags.includes(tag.tag_name)).map((t) => t.session.id),
    );
  }
  // Two sessions in three with an exact last message time: the sort's fallback is exercised.
  truth.sessions.forEach((t, at) => {
    if (at % 3 !== 0) store.setLastMessageAt(t.session.id, t.last_message_at);
  });
  index = new SessionIndex(openCacheReader(join(cache.dir, 'cache.sqlite')), store.reader, {
    pollMs: 20,
    delayMs: 0,
  });
  await index.whenCurrent();
});
afterAll(() => {
  index?.close();
  cache?.dispose();
});

function indexed() {
  const queries = index.current();
  if (!queries) throw new Error('The index should be current.');
  return queries;
}

function filterArbitrary(): fc.Arbitrary<SessionFilter> {
  const sessions = truth.sessions.map((t) => t.session as Session);
  const distinct = (values: (string | null | undefined)[]) => [
    ...new Set(values.filter((v): v is string => typeof v === 'string')),
  ];
  const stamps = sessions.flatMap((s) => [s.created_at, s.updated_at]);
  const pairs = [
    ...sessions.flatMap((s) => Object.entries(s.custom_data ?? {})),
    ...[...TYPED_VALUES, false, 2, '3.5', 'no-such-value'].map((value) => ['typed', value]),
    ['no-such-key', 'x'],
  ];
  const words = distinct(sessions.flatMap((s) => s.contact?.name?.split(' ') ?? []));
  const someOf = <T>(values: readonly T[]) =>
    fc.uniqueArray(fc.constantFrom(...values), { maxLength: 3 });
  const range = fc.oneof(
    fc.record(
      { from: fc.constantFrom(...stamps), to: fc.constantFrom(...stamps) },
      { requiredKeys: [] },
    ),
    fc.record({
      within_last: fc.record({
        amount: fc.integer({ min: 1, max: 60 }),
        unit: fc.constantFrom('hours' as const, 'days' as const, 'weeks' as const),
      }),
    }),
  );
  const byKey: Record<string, fc.Arbitrary<unknown>> = {
    created_at: range,
    updated_at: range,
    last_message_at: range,
    status: someOf(SESSION_STATUSES),
    sentiment: someOf([...SENTIMENTS, NO_SENTIMENT]),
    ai_closure_type: someOf(AI_CLOSURE_TYPES),
    channels: someOf(CHANNELS),
    tags: someOf([...truth.tags.map((t) => t.tag_name), 'no-such-tag']),
    assignee_ids: someOf([...distinct(sessions.map((s) => s.assignee_id)), '999999']),
    unassigned: fc.boolean(),
    team_ids: someOf([...distinct(sessions.map((s) => s.team?.id)), 'no-team']),
    contact_ids: someOf([...distinct(sessions.map((s) => s.contact?.id)), 'no-contact']),
    languages: someOf([...distinct(sessions.map((s) => s.language)), 'xx']),
    handed_off: fc.boolean(),
    assist_mode: fc.boolean(),
    custom_data: fc
      .uniqueArray(fc.constantFrom(...pairs), { maxLength: 2, selector: ([k]) => k })
      .map((entries) => Object.fromEntries(entries)),
    q: fc.constantFrom(...words.slice(0, 20), 'zzzz-nothing'),
  };
  const keys = Object.keys(byKey);
  return fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }).chain((chosen) => {
    const picked: Record<string, fc.Arbitrary<unknown>> = {};
    for (const key of chosen) picked[key] = byKey[key] as fc.Arbitrary<unknown>;
    return fc.record(picked).map((filter) => filter as SessionFilter);
  });
}

const sortArbitrary = fc.record({
  field: fc.constantFrom(...LOCAL_SORT_FIELDS),
  order: fc.constantFrom('asc' as const, 'desc' as const),
});

describe('the column index answers exactly as SQL', () => {
  it('gives the same page, total, cursor, sort fallback and local fields for any filter, sort and offset', () => {
    fc.assert(
      fc.property(
        filterArbitrary(),
        sortArbitrary,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        (filter, sort, limit, offset) => {
          const query = { filter, sort, limit, offset };
          expect(indexed().list(query, NOW)).toEqual(querySessions(store.reader, query, NOW));
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('tells custom data values apart by type, as SQL does', () => {
    for (const value of [...TYPED_VALUES, false, 2, '3.5', 'no-such-value']) {
      const pairs: Record<string, string | number | boolean>[] = [
        { typed: value },
        { typed: value, 'no-such-key': 'x' },
      ];
      for (const custom_data of pairs) {
        const query = { filter: { custom_data }, limit: 20 };
        const fromSql = querySessions(store.reader, query, NOW);
        expect(indexed().list(query, NOW), JSON.stringify(custom_data)).toEqual(fromSql);
      }
    }
  });

  it('continues from a cursor to the same next pages', () => {
    fc.assert(
      fc.property(filterArbitrary(), sortArbitrary, (filter, sort) => {
        let sqlCursor: string | null = null;
        for (let page = 0; page < 4; page++) {
          const query = { filter, sort, limit: 9, cursor: sqlCursor };
          const fromSql = querySessions(store.reader, query, NOW);
          expect(indexed().list(query, NOW)).toEqual(fromSql);
          sqlCursor = fromSql.next_cursor;
          if (!sqlCursor) break;
        }
      }),
      { numRuns: 120, seed: 12 },
    );
  });

  it('counts every facet as SQL does', () => {
    fc.assert(
      fc.property(filterArbitrary(), (filter) => {
        const fromIndex = indexed().facets(filter, NOW);
        const fromSql = facetCounts(store.reader, filter, NOW, { budgetMs: 60_000 });
        expect(fromIndex?.skipped).toEqual([]);
        for (const field of FACET_FIELDS) {
          expect(fromIndex?.facets[field], field).toEqual(fromSql.facets[field]);
        }
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it('draws the same chart', () => {
    fc.assert(
      fc.property(
        filterArbitrary(),
        fc.constantFrom('created_at' as const, 'updated_at' as const, 'last_message_at' as const),
        fc.constantFrom('status' as const, 'sentiment' as const, 'channel' as const),
        (filter, field, stack_by) => {
          const query = { filter, field, stack_by, time_zone: 'Europe/Paris' };
          const { elapsed_ms: _a, ...fromIndex } = indexed().histogram(query, NOW);
          const { elapsed_ms: _b, ...fromSql } = sessionHistogram(store.reader, query, NOW, {
            strategy: 'rows',
          });
          expect(fromIndex).toEqual(fromSql);
        },
      ),
      { numRuns: 150, seed: 14 },
    );
  });

  it('lists the same ids for a range and for a selection checked against a filter', () => {
    const ids = truth.sessions.map((t) => t.session.id);
    fc.assert(
      fc.property(
        filterArbitrary(),
        sortArbitrary,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 300 }),
        fc.subarray(ids, { maxLength: 60 }),
        (filter, sort, offset, limit, within) => {
          const range = { filter, sort, offset, limit };
          expect(indexed().ids(range, NOW)).toEqual(querySessionIds(store.reader, range, NOW));
          const selection = { filter, sort, within: [...within, 'no-such-id'] };
          expect(indexed().ids(selection, NOW)).toEqual(
            querySessionIds(store.reader, selection, NOW),
          );
        },
      ),
      { numRuns: 150, seed: 15 },
    );
  });

  it('counts saved views as SQL does', () => {
    fc.assert(
      fc.property(fc.array(filterArbitrary(), { maxLength: 6 }), (filters) => {
        const views = filters.map((filter, at) => ({ id: `v${at}`, filter }));
        expect(indexed().viewCounts(views, NOW).counts).toEqual(
          countViews(store.reader, views, NOW, { budgetMs: 60_000 }).counts,
        );
      }),
      { numRuns: 60, seed: 16 },
    );
  });
});

describe('the column index and changes to the cache', () => {
  it('stops answering as soon as another connection commits, and answers again with the change once reloaded', async () => {
    expect(index.current()).not.toBeNull();
    const session = truth.sessions[0]?.session as Session;
    store.upsertSessions(
      [{ ...session, id: 'written-after-the-index', status: 'open' } as Session],
      new Date(NOW).toISOString(),
    );
    expect(index.current()).toBeNull();
    await index.whenCurrent();
    const query = { filter: { status: ['open' as const] }, limit: 500 };
    const page = indexed().list(query, NOW);
    expect(page.items.map((s) => s.id)).toContain('written-after-the-index');
    expect(page).toEqual(querySessions(store.reader, query, NOW));
  });
});
