import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFakeFilter, startFakeOpencx, type TruthSnapshot } from '../../../fake-opencx/server';
import type { ApiFilters } from '../../../src-shared/opencx/filter-request';
import {
  AI_CLOSURE_TYPES,
  CHANNELS,
  SENTIMENTS,
  SESSION_STATUSES,
} from '../../../src-shared/opencx/enums';
import type { Session } from '../../../src-shared/opencx/session';
import type { CacheStore } from '../store/cache-store';
import { openTempCache } from '../store/testing/temp-dir';
import { querySessions } from './session-query';

// The fake server's array filters and this SQL were written independently from opencx-api.md;
// here random API filters must select exactly the same sessions from the same truth.
const NOW = '2026-05-01T00:00:00.000Z';

let truth: TruthSnapshot;
let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;

beforeAll(async () => {
  const fake = await startFakeOpencx({
    seed: 20260501,
    sessions: 400,
    rateLimit: false,
    now: () => Date.parse(NOW),
  });
  truth = fake.truth();
  await fake.close();
  cache = openTempCache();
  store = cache.store;
  store.upsertSessions(
    truth.sessions.map((t) => t.session as Session),
    NOW,
  );
  store.replaceTagCatalog(truth.tags);
  for (const tag of truth.tags) {
    const members = truth.sessions.filter((t) => t.tags.includes(tag.tag_name));
    store.setTagMembers(
      tag.tag_name,
      members.map((t) => t.session.id),
    );
  }
  for (const t of truth.sessions) store.setLastMessageAt(t.session.id, t.last_message_at);
});
afterAll(() => cache?.dispose());

/** Values present in the data plus a few that are not, so filters hit and miss. */
function filterArbitrary(): fc.Arbitrary<ApiFilters> {
  const sessions = truth.sessions.map((t) => t.session as Session);
  const distinct = (values: (string | null | undefined)[]) => [
    ...new Set(values.filter((v): v is string => typeof v === 'string')),
  ];
  const stamps = sessions.flatMap((s) => [s.created_at, s.updated_at]);
  const lastStamps = truth.sessions.map((t) => t.last_message_at);
  const pairs = sessions.flatMap((s) => Object.entries(s.custom_data ?? {}));
  type Pair = [string, string | number | boolean];
  const typeVariants = pairs.flatMap(([k, v]): Pair[] =>
    typeof v === 'number'
      ? [
          [k, v],
          [k, String(v)],
        ]
      : typeof v === 'boolean'
        ? [
            [k, v],
            [k, !v],
          ]
        : [[k, v]],
  );
  const someOf = <T>(values: readonly T[]) =>
    fc.uniqueArray(fc.constantFrom(...values), { maxLength: 3 });
  const range = (pool: string[]) =>
    fc.record(
      { from: fc.constantFrom(...pool), to: fc.constantFrom(...pool) },
      { requiredKeys: [] },
    );
  const byKey = {
    created_at: range(stamps),
    updated_at: range(stamps),
    last_message_at: range(lastStamps),
    status: someOf(SESSION_STATUSES),
    sentiment: someOf(SENTIMENTS),
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
      .uniqueArray(fc.constantFrom(...typeVariants), {
        maxLength: 2,
        selector: ([k]) => k,
      })
      .map((entries) => Object.fromEntries(entries)),
  };
  // A few keys at a time: with every key present almost nothing would match.
  const keys = Object.keys(byKey) as (keyof typeof byKey)[];
  return fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }).chain((chosen) => {
    const picked: Record<string, fc.Arbitrary<unknown>> = {};
    for (const key of chosen) picked[key] = byKey[key];
    return fc.record(picked).map((filters) => filters as ApiFilters);
  });
}

describe('query engine vs the fake server’s filter semantics', () => {
  it('selects exactly the sessions the fake selects, in created_at order', () => {
    const createdCounts = new Map<string, number>();
    for (const t of truth.sessions) {
      const key = t.session.created_at;
      createdCounts.set(key, (createdCounts.get(key) ?? 0) + 1);
    }
    let nonEmpty = 0;
    fc.assert(
      fc.property(
        filterArbitrary(),
        fc.constantFrom('asc' as const, 'desc' as const),
        (filters, order) => {
          const expected = applyFakeFilter(truth, {
            filters,
            sort_by: 'created_at',
            sort_order: order,
            page: 1,
            limit: 100,
          }).matching.map((t) => t.session.id);
          const page = querySessions(
            store.reader,
            { filter: filters, sort: { field: 'created_at', order }, limit: 500 },
            Date.parse(NOW),
          );
          const actual = page.items.map((s) => s.id);
          expect(page.total).toBe(expected.length);
          if (expected.length > 0) nonEmpty++;
          expect([...actual].sort()).toEqual([...expected].sort());
          const uniqueKeys = page.items.every((s) => createdCounts.get(s.created_at) === 1);
          if (uniqueKeys) expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 400, seed: 42 },
    );
    // The comparison means something only if many filters select sessions.
    expect(nonEmpty).toBeGreaterThan(200);
  });
});
