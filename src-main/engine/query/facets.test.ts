import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../store/cache-store';
import { makeSession } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { facetCounts } from './facets';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const support = { id: 'team-1', name: 'Support', description: null };
const billing = { id: 'team-2', name: 'Billing', description: null };

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
beforeAll(() => {
  cache = openTempCache();
  store = cache.store;
  store.upsertSessions(
    [
      makeSession({
        id: 'a',
        status: 'open',
        sentiment: 'angry',
        channel: { type: 'web' },
        team: support,
        assignee_id: '1',
        language: 'en',
        ai_closure_type: null,
      }),
      makeSession({
        id: 'b',
        status: 'open',
        sentiment: 'happy',
        channel: { type: 'email' },
        team: support,
        assignee_id: null,
        language: 'de',
        ai_closure_type: 'resolved',
      }),
      makeSession({
        id: 'c',
        status: 'closed_resolved',
        sentiment: 'angry',
        channel: { type: 'web' },
        team: billing,
        assignee_id: '1',
        language: 'en',
        ai_closure_type: 'resolved',
      }),
      makeSession({
        id: 'd',
        status: 'closed_unresolved',
        sentiment: null,
        channel: { type: 'sms' },
        assignee_id: '2',
        ai_closure_type: 'handed_off',
      }),
    ],
    '2026-01-01T00:00:00.000Z',
  );
  store.replaceTagCatalog([{ tag_name: 'vip' }, { tag_name: 'bug' }]);
  store.setTagMembers('vip', ['a', 'c']);
  store.setTagMembers('bug', ['a', 'd']);
});
afterAll(() => cache.dispose());

const counts = (buckets: { value: string | null; count: number }[] | undefined) =>
  Object.fromEntries((buckets ?? []).map((b) => [String(b.value), b.count]));

describe('facetCounts', () => {
  it('counts every facet over all sessions when nothing is filtered', () => {
    const { facets, skipped } = facetCounts(store.reader, {}, NOW);
    expect(skipped).toEqual([]);
    expect(counts(facets.status)).toEqual({ open: 2, closed_resolved: 1, closed_unresolved: 1 });
    expect(counts(facets.sentiment)).toEqual({ angry: 2, happy: 1, null: 1 });
    expect(counts(facets.channel)).toEqual({ web: 2, email: 1, sms: 1 });
    expect(counts(facets.assignee)).toEqual({ '1': 2, '2': 1, null: 1 });
    expect(counts(facets.language)).toEqual({ en: 2, de: 1, null: 1 });
    expect(counts(facets.ai_closure_type)).toEqual({ resolved: 2, handed_off: 1, null: 1 });
    expect(counts(facets.tag)).toEqual({ vip: 2, bug: 2 });
    expect(facets.team).toEqual([
      { value: 'team-1', label: 'Support', count: 2 },
      { value: null, label: null, count: 1 },
      { value: 'team-2', label: 'Billing', count: 1 },
    ]);
  });

  it('counts a facet without its own constraint but with every other one (disjunctive)', () => {
    const { facets } = facetCounts(store.reader, { status: ['open'], channels: ['web'] }, NOW);
    // status ignores status=open but keeps channel=web: a (open) and c (closed_resolved).
    expect(counts(facets.status)).toEqual({ open: 1, closed_resolved: 1 });
    // channel ignores channel=web but keeps status=open: a (web) and b (email).
    expect(counts(facets.channel)).toEqual({ web: 1, email: 1 });
    // the others keep both constraints: only a.
    expect(counts(facets.sentiment)).toEqual({ angry: 1 });
    expect(counts(facets.tag)).toEqual({ vip: 1, bug: 1 });
  });

  it('treats assignee_ids and unassigned as the assignee facet’s own constraints', () => {
    const { facets } = facetCounts(
      store.reader,
      { unassigned: true, sentiment: ['angry', 'happy'] },
      NOW,
    );
    expect(counts(facets.assignee)).toEqual({ '1': 2, null: 1 });
    expect(counts(facets.sentiment)).toEqual({ happy: 1 });
  });

  it('counts tags disjunctively and under the other constraints', () => {
    const { facets } = facetCounts(store.reader, { tags: ['vip'], status: ['open'] }, NOW);
    expect(counts(facets.tag)).toEqual({ vip: 1, bug: 1 });
    expect(counts(facets.status)).toEqual({ open: 1, closed_resolved: 1 });
  });

  it('skips the remaining facets once the time budget is spent, and says which', () => {
    // Each reading of the clock advances 30 ms: checks at +30, +60, +90 pass, +120 does not.
    let t = 0;
    const clock = () => (t += 30);
    const result = facetCounts(store.reader, {}, NOW, { budgetMs: 100, clock });
    expect(Object.keys(result.facets)).toEqual(['status', 'sentiment', 'channel']);
    expect(result.skipped).toEqual(['team', 'assignee', 'language', 'tag', 'ai_closure_type']);
  });

  it('computes only the facets asked for, in that order', () => {
    const result = facetCounts(store.reader, {}, NOW, { fields: ['tag', 'status'] });
    expect(Object.keys(result.facets)).toEqual(['tag', 'status']);
  });
});
