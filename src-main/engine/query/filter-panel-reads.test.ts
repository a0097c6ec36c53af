import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../store/cache-store';
import { generateSessions, makeSession } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { withAssigneeNames } from './facet-labels';
import { searchContacts } from './contact-search';
import { customDataKeys, customDataValues } from './custom-data-keys';
import { facetCounts } from './facets';
import { querySessions } from './session-query';
import { bucketOrigin, sessionHistogram, unitFor } from './session-histogram';
import { countViews } from './view-counts';

// The filter panel's helpers over a small cache: the chart's buckets, the contact type-ahead,
// the custom-data keys and values, the views' live counts and the agents' names.

const NOW = Date.parse('2026-06-10T12:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
beforeAll(() => {
  cache = openTempCache();
  store = cache.store;
  const contact = (id: string, name: string, email: string, phone: string | null = null) => ({
    id,
    name,
    email,
    phone_number: phone,
  });
  store.upsertSessions(
    [
      makeSession({
        id: 's1',
        status: 'open',
        sentiment: 'angry',
        channel: { type: 'web' },
        created_at: at(NOW - 1 * DAY),
        assignee_id: '42',
        contact: contact('c-ada', 'Ada Lovelace', 'ada@example.com', '+44 20 7946 0001'),
        custom_data: { plan: 'enterprise', seats: 40, vip: true },
      }),
      makeSession({
        id: 's2',
        status: 'closed_resolved',
        sentiment: null,
        channel: { type: 'whatsapp' },
        created_at: at(NOW - 2 * DAY - 3_600_000),
        contact: contact('c-ada', 'Ada Lovelace', 'ada@example.com'),
        custom_data: { plan: 'free', seats: '40' },
      }),
      makeSession({
        id: 's3',
        status: 'open',
        sentiment: 'happy',
        channel: { type: 'web' },
        created_at: at(NOW - 9 * DAY),
        assignee_id: '7',
        contact: contact('c-alan', 'Alan Turing', 'alan@example.org'),
        custom_data: { plan: 'pro', vip: false },
      }),
      makeSession({
        id: 's4',
        status: 'closed_unresolved',
        sentiment: null,
        channel: { type: 'email' },
        created_at: at(NOW - 40 * DAY),
        contact: contact('c-grace', 'Grace Hopper', 'grace@navy.mil'),
      }),
    ],
    at(NOW),
  );
  store.saveHistory('s1', [
    {
      id: 'e1',
      created_at: at(NOW - DAY),
      event: { type: 'human_agent_joined', sender: { type: 'human_agent', name: 'Edsger D.' } },
    },
  ]);
});
afterAll(() => cache.dispose());

describe('the chart’s histogram', () => {
  it('counts every matching session once, bucketed to fit the span and stacked', () => {
    const all = sessionHistogram(
      store.reader,
      { filter: {}, field: 'created_at', stack_by: 'status', time_zone: 'UTC' },
      NOW,
    );
    expect(all.total).toBe(4);
    expect(all.unit).toBe('day');
    expect(all.series.map((series) => series.value)).toEqual([
      'open',
      'closed_resolved',
      'closed_unresolved',
    ]);
    const sum = all.series.flatMap((series) => series.counts).reduce((a, b) => a + b, 0);
    expect(sum).toBe(4);
    expect(all.starts[0]).toBe(Date.parse('2026-05-01T00:00:00.000Z'));
    expect(all.starts.every((start, i) => i === 0 || start - all.starts[i - 1]! === DAY)).toBe(
      true,
    );
  });

  it('follows the filter, a relative range included, and stacks by sentiment with none', () => {
    const week = sessionHistogram(
      store.reader,
      {
        filter: { created_at: { within_last: { amount: 7, unit: 'days' } } },
        field: 'created_at',
        stack_by: 'sentiment',
        time_zone: 'Europe/Paris',
      },
      NOW,
    );
    expect(week.total).toBe(2);
    expect(week.unit).toBe('day');
    expect(new Set(week.series.map((series) => series.value))).toEqual(new Set(['angry', null]));
    // Day buckets start at midnight in Paris (22:00 UTC in summer).
    expect(new Date(week.starts[0]!).toISOString()).toMatch(/T22:00:00/);
    const page = querySessions(
      store.reader,
      { filter: { created_at: { within_last: { amount: 7, unit: 'days' } } } },
      NOW,
    );
    expect(week.total).toBe(page.total);
  });

  it('answers an empty cache or filter with no buckets', () => {
    const none = sessionHistogram(
      store.reader,
      {
        filter: { status: ['open'], channels: ['sms'] },
        field: 'updated_at',
        stack_by: 'channel',
        time_zone: 'UTC',
      },
      NOW,
    );
    expect(none).toMatchObject({ total: 0, starts: [], series: [] });
  });

  it('picks hours for a few days, days up to about three months, weeks beyond', () => {
    expect(unitFor(3 * DAY)).toBe('hour');
    expect(unitFor(60 * DAY)).toBe('day');
    expect(unitFor(365 * DAY)).toBe('week');
    // Weeks start on the local Monday.
    expect(
      new Date(bucketOrigin(Date.parse('2026-06-10T12:00:00Z'), 'week', 'UTC')).toISOString(),
    ).toBe('2026-06-08T00:00:00.000Z');
  });
});

describe('the contact type-ahead', () => {
  it('finds cached contacts by name, email or phone, most sessions first', () => {
    expect(searchContacts(store.reader, { text: 'ada', limit: 5 })).toEqual([
      {
        id: 'c-ada',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0001',
        sessions: 2,
      },
    ]);
    expect(searchContacts(store.reader, { text: 'example', limit: 5 }).map((c) => c.id)).toEqual([
      'c-ada',
      'c-alan',
    ]);
    expect(searchContacts(store.reader, { text: 'alan@example.o', limit: 5 })[0]?.id).toBe(
      'c-alan',
    );
    expect(searchContacts(store.reader, { text: '7946', limit: 5 })[0]?.id).toBe('c-ada');
    expect(searchContacts(store.reader, { text: '', limit: 5 })).toEqual([]);
  });

  it('names the contacts a filter holds', () => {
    const named = searchContacts(store.reader, { ids: ['c-grace', 'c-nobody'], limit: 5 });
    expect(named.map((c) => c.name)).toEqual(['Grace Hopper']);
  });
});

describe('custom data in the cache', () => {
  it('lists every key with the types it is stored as', () => {
    expect(customDataKeys(store.reader)).toEqual([
      { key: 'plan', types: ['string'] },
      { key: 'seats', types: ['number', 'string'] },
      { key: 'vip', types: ['boolean'] },
    ]);
  });

  it('lists a key’s values typed as stored', () => {
    expect(customDataValues(store.reader, { key: 'seats', limit: 10 })).toEqual([
      { value: 40, type: 'number' },
      { value: '40', type: 'string' },
    ]);
    expect(customDataValues(store.reader, { key: 'vip', limit: 10 })).toEqual([
      { value: false, type: 'boolean' },
      { value: true, type: 'boolean' },
    ]);
    expect(
      customDataValues(store.reader, { key: 'plan', type: 'string', prefix: 'e', limit: 10 }),
    ).toEqual([{ value: 'enterprise', type: 'string' }]);
  });
});

describe('live counts of saved views', () => {
  it('counts each view, relative dates against the given now', () => {
    const views = [
      { id: 'open', filter: { status: ['open' as const] } },
      { id: 'week', filter: { created_at: { within_last: { amount: 7, unit: 'days' as const } } } },
    ];
    expect(countViews(store.reader, views, NOW).counts).toEqual({ open: 2, week: 2 });
    // The same saved view, another day: "last 7 days" moves with the clock.
    expect(countViews(store.reader, views, NOW + 5 * DAY).counts).toEqual({ open: 2, week: 1 });
    expect(countViews(store.reader, views, NOW + 7 * DAY).counts).toEqual({ open: 2, week: 0 });
  });

  it('stops at the time budget and says which views it skipped', () => {
    let t = 0;
    const views = [
      { id: 'a', filter: {} },
      { id: 'b', filter: {} },
    ];
    const result = countViews(store.reader, views, NOW, { budgetMs: 10, clock: () => (t += 6) });
    expect(result.counts).toEqual({ a: 4 });
    expect(result.skipped).toEqual(['b']);
  });
});

describe('assignees', () => {
  it('are named where a cached transcript names the agent', () => {
    const counts = withAssigneeNames(store.reader, facetCounts(store.reader, {}, NOW));
    const buckets = counts.facets.assignee ?? [];
    expect(buckets.find((b) => b.value === '42')?.label).toBe('Edsger D.');
    expect(buckets.find((b) => b.value === '7')?.label).toBeNull();
    expect(buckets.find((b) => b.value === null)?.count).toBe(2);
  });

  it('"none" in the sentiment list matches sessions without a sentiment', () => {
    expect(querySessions(store.reader, { filter: { sentiment: ['none'] } }, NOW).total).toBe(2);
    expect(
      querySessions(store.reader, { filter: { sentiment: ['none', 'angry'] } }, NOW).total,
    ).toBe(3);
    const facets = facetCounts(store.reader, { sentiment: ['none'] }, NOW);
    expect(facets.facets.status?.reduce((sum, b) => sum + b.count, 0)).toBe(2);
  });
});

describe('the chart from the hourly counts', () => {
  it('gives the same buckets as grouping the sessions, and the list’s totals', () => {
    const generated = openTempCache();
    try {
      const data = generateSessions(600, 12);
      generated.store.upsertSessions(data.sessions, '2026-06-01T00:00:00.000Z');
      // Writes after the first fill go through the triggers: some change, some go away.
      const changed = data.sessions.slice(0, 40).map((session, i) => ({
        ...session,
        status: i % 2 ? 'open' : 'closed_unresolved',
        sentiment: i % 3 ? null : 'angry',
      }));
      generated.store.upsertSessions(changed, '2026-06-02T00:00:00.000Z');
      generated.store.markDeleted(
        data.sessions.slice(40, 50).map((session) => session.id),
        '2026-06-02T00:00:00.000Z',
      );
      const now = Date.parse('2026-06-01T00:00:00.000Z');
      const filters = [
        {},
        { status: ['open' as const] },
        { sentiment: ['none' as const, 'happy' as const], channels: ['web' as const] },
        { created_at: { within_last: { amount: 10, unit: 'days' as const } } },
        { created_at: { from: '2025-09-01T10:30:00.000Z', to: '2025-09-03T07:15:00.000Z' } },
        {
          status: ['closed_resolved' as const],
          created_at: { calendar: { period: 'last_month' as const, time_zone: 'Asia/Kolkata' } },
        },
      ];
      for (const filter of filters) {
        for (const stack_by of ['status', 'sentiment', 'channel'] as const) {
          const query = {
            filter,
            field: 'created_at' as const,
            stack_by,
            time_zone: 'Europe/Paris',
          };
          const hourly = sessionHistogram(generated.store.reader, query, now, {
            strategy: 'hourly',
          });
          const rows = sessionHistogram(generated.store.reader, query, now, { strategy: 'rows' });
          const total = querySessions(generated.store.reader, { filter, limit: 1 }, now).total;
          expect(hourly.total, JSON.stringify(filter)).toBe(total);
          expect(rows.total).toBe(total);
          expect(hourly.starts).toEqual(rows.starts);
          expect(sortSeries(hourly.series)).toEqual(sortSeries(rows.series));
        }
      }
    } finally {
      generated.dispose();
    }
  });
});

function sortSeries(series: { value: string | null; counts: number[] }[]) {
  return [...series].sort((a, b) => String(a.value).localeCompare(String(b.value)));
}
