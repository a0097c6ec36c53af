import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { CacheStore } from '../store/cache-store';
import { GENERATED_TAGS, generateSessions } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { facetCounts } from './facets';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
beforeAll(() => {
  cache = openTempCache();
  store = cache.store;
  const data = generateSessions(600, 5);
  store.upsertSessions(data.sessions, '2026-01-01T00:00:00.000Z');
  store.replaceTagCatalog(GENERATED_TAGS.map((tag_name) => ({ tag_name })));
  for (const tag of GENERATED_TAGS) {
    store.setTagMembers(
      tag,
      [...data.tags].filter(([, tags]) => tags.includes(tag)).map(([id]) => id),
    );
  }
});
afterAll(() => cache.dispose());

const filters: fc.Arbitrary<SessionFilter> = fc
  .record(
    {
      status: fc.subarray(['open', 'closed_resolved', 'closed_unresolved'] as const),
      sentiment: fc.subarray(['angry', 'happy', 'neutral'] as const),
      channels: fc.subarray(['web', 'email', 'sms', 'whatsapp'] as const),
      team_ids: fc.subarray(['11111111-1111-4111-8111-111111111111', 'nope']),
      assignee_ids: fc.subarray(['1', '2', '3', '7']),
      unassigned: fc.boolean(),
      languages: fc.subarray(['en', 'de', 'fr']),
      ai_closure_type: fc.subarray(['resolved', 'handed_off'] as const),
      tags: fc.subarray(GENERATED_TAGS),
      handed_off: fc.boolean(),
      custom_data: fc.constantFrom({ plan: 'pro' }, { vip: true }, { order_count: 2 }),
      q: fc.constantFrom('ada', 'gr', 'billing'),
    },
    { requiredKeys: [] },
  )
  .map((filter) => filter as SessionFilter);

describe('column facets in one pass', () => {
  it('count exactly what one GROUP BY per facet counts, for any filter', () => {
    fc.assert(
      fc.property(filters, (filter) => {
        // No time budget: a busy machine would otherwise skip facets and compare two partial answers.
        const all = { budgetMs: Number.POSITIVE_INFINITY };
        const perFacet = facetCounts(store.reader, filter, NOW, { ...all, strategy: 'per-facet' });
        const onePass = facetCounts(store.reader, filter, NOW, { ...all, strategy: 'one-pass' });
        expect(onePass.facets).toEqual(perFacet.facets);
      }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('is chosen when a constraint outside the facets is set, and computes only asked facets', () => {
    const result = facetCounts(store.reader, { q: 'ada', status: ['open'] }, NOW, {
      fields: ['language', 'status'],
      budgetMs: Number.POSITIVE_INFINITY,
    });
    expect(Object.keys(result.facets).sort()).toEqual(['language', 'status']);
  });
});
