import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { Session } from '../../../src-shared/opencx/session';
import type { CacheStore } from '../store/cache-store';
import { makeSession, messageEvent } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { filterToSql } from './filter-to-sql';
import { querySessions } from './session-query';

// A small hand-made cache; each test names the sessions a filter must return.
const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const S: Record<string, Session> = {
  a: makeSession({
    id: 'a',
    status: 'open',
    sentiment: 'angry',
    ai_closure_type: null,
    channel: { type: 'web' },
    ticket_number: 101,
    assist_mode: true,
    created_at: '2026-03-01T00:00:00.000Z',
    updated_at: '2026-03-10T11:00:00.000Z',
    language: 'en',
    assignee_id: '42',
    team: { id: 'team-1', name: 'Support', description: null },
    contact: {
      id: 'contact-1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone_number: '+1 555-0100',
    },
    custom_data: { plan: 'pro', vip: true, order_count: 3 },
    handoff: { summary: 'Wants a refund for order 7', sentiment: 'angry' },
  }),
  b: makeSession({
    id: 'b',
    status: 'closed_resolved',
    sentiment: 'happy',
    ai_closure_type: 'resolved',
    channel: { type: 'email' },
    ticket_number: 102,
    assist_mode: false,
    created_at: '2026-03-02T00:00:00.000Z',
    updated_at: '2026-03-05T00:00:00.000Z',
    language: 'de',
    assignee_id: null,
    team: { id: 'team-2', name: 'Billing', description: null },
    contact: { id: 'contact-2', name: 'Grace Hopper', email: 'grace@navy.mil', phone_number: null },
    custom_data: { plan: 'free', vip: false, order_count: '3' },
  }),
  c: makeSession({
    id: 'c',
    status: 'closed_unresolved',
    sentiment: null,
    ai_closure_type: 'handed_off',
    channel: { type: 'whatsapp' },
    ticket_number: 103,
    assist_mode: false,
    created_at: '2026-03-03T00:00:00.000Z',
    updated_at: '2026-03-03T00:00:00.000Z',
    assignee_id: '7',
    contact: { id: 'contact-1', name: 'Ada Lovelace', email: null, phone_number: null },
    custom_data: { plan: 'pro', order_count: 3.0, note: "Robert'); DROP TABLE sessions;--" },
    handoff: { summary: null, sentiment: null },
  }),
  d: makeSession({
    id: 'd',
    status: 'open',
    sentiment: 'neutral',
    ai_closure_type: 'assumed_resolved',
    channel: { type: 'brand_new_channel' },
    ticket_number: 104,
    assist_mode: false,
    created_at: '2026-03-10T11:30:00.000Z',
    updated_at: '2026-03-10T11:30:00.000Z',
    language: 'en',
    assignee_id: null,
    custom_data: null,
  }),
};

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
beforeAll(() => {
  cache = openTempCache();
  store = cache.store;
  store.upsertSessions(Object.values(S), '2026-03-10T00:00:00.000Z');
  store.replaceTagCatalog([{ tag_name: 'billing' }, { tag_name: 'vip' }, { tag_name: 'empty' }]);
  store.setTagMembers('billing', ['a', 'b']);
  store.setTagMembers('vip', ['c']);
  store.saveHistory('b', [
    messageEvent('e1', '2026-03-04T09:00:00.000Z', 'My invoice shows a duplicate charge'),
  ]);
  store.saveHistory('c', [messageEvent('e2', '2026-03-09T09:00:00.000Z', 'Der Drucker brennt')]);
});
afterAll(() => cache.dispose());

function ids(filter: SessionFilter): string[] {
  return querySessions(
    store.reader,
    { filter, sort: { field: 'ticket_number', order: 'asc' }, limit: 500 },
    NOW,
  ).items.map((s) => s.id);
}

describe('filterToSql semantics (opencx-api.md §1 filters)', () => {
  it('an empty filter and empty lists constrain nothing', () => {
    expect(ids({})).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ status: [], channels: [], tags: [], custom_data: {}, q: '' })).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('status, ai_closure_type, channels and languages match any listed value', () => {
    expect(ids({ status: ['open'] })).toEqual(['a', 'd']);
    expect(ids({ status: ['closed_resolved', 'closed_unresolved'] })).toEqual(['b', 'c']);
    expect(ids({ ai_closure_type: ['resolved', 'handed_off'] })).toEqual(['b', 'c']);
    expect(ids({ channels: ['web', 'whatsapp'] })).toEqual(['a', 'c']);
    expect(ids({ languages: ['en'] })).toEqual(['a', 'd']);
  });

  it('sentiment matches listed values and a null sentiment never matches', () => {
    expect(ids({ sentiment: ['angry', 'happy', 'neutral'] })).toEqual(['a', 'b', 'd']);
  });

  it('assignee_ids, team_ids and contact_ids match the ids', () => {
    expect(ids({ assignee_ids: ['42', '7'] })).toEqual(['a', 'c']);
    expect(ids({ team_ids: ['team-2'] })).toEqual(['b']);
    expect(ids({ contact_ids: ['contact-1'] })).toEqual(['a', 'c']);
  });

  it('unassigned true means no assignee, false means any assignee', () => {
    expect(ids({ unassigned: true })).toEqual(['b', 'd']);
    expect(ids({ unassigned: false })).toEqual(['a', 'c']);
    expect(ids({ unassigned: true, assignee_ids: ['42'] })).toEqual([]);
  });

  it('handed_off is about the handoff object being present, assist_mode is equality', () => {
    expect(ids({ handed_off: true })).toEqual(['a', 'c']);
    expect(ids({ handed_off: false })).toEqual(['b', 'd']);
    expect(ids({ assist_mode: true })).toEqual(['a']);
    expect(ids({ assist_mode: false })).toEqual(['b', 'c', 'd']);
  });

  it('tags match sessions carrying ANY of the tags', () => {
    expect(ids({ tags: ['billing'] })).toEqual(['a', 'b']);
    expect(ids({ tags: ['billing', 'vip'] })).toEqual(['a', 'b', 'c']);
    expect(ids({ tags: ['empty'] })).toEqual([]);
    expect(ids({ tags: ['not-a-tag'] })).toEqual([]);
  });

  it('date ranges include `from` and exclude `to`', () => {
    expect(
      ids({ created_at: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' } }),
    ).toEqual(['b']);
    expect(ids({ created_at: { from: '2026-03-02T00:00:00Z' } })).toEqual(['b', 'c', 'd']);
    expect(ids({ created_at: { to: '2026-03-02T00:00:00.000Z' } })).toEqual(['a']);
    expect(ids({ updated_at: { from: '2026-03-05T00:00:00.000Z' } })).toEqual(['a', 'b', 'd']);
  });

  it('date bounds with an offset compare as instants', () => {
    expect(
      ids({ created_at: { from: '2026-03-02T01:00:00+01:00', to: '2026-03-02T01:00:01+01:00' } }),
    ).toEqual(['b']);
  });

  it('last_message_at uses the transcript’s newest message, else updated_at', () => {
    // b: message 03-04 (updated 03-05); c: message 03-09 (updated 03-03); a, d: updated_at.
    expect(
      ids({
        last_message_at: { from: '2026-03-04T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' },
      }),
    ).toEqual(['b']);
    expect(ids({ last_message_at: { from: '2026-03-09T00:00:00.000Z' } })).toEqual(['a', 'c', 'd']);
  });

  it('relative ranges resolve against the injected now', () => {
    expect(ids({ created_at: { within_last: { amount: 1, unit: 'hours' } } })).toEqual(['d']);
    expect(ids({ created_at: { within_last: { amount: 9, unit: 'days' } } })).toEqual([
      'b',
      'c',
      'd',
    ]);
    expect(ids({ created_at: { within_last: { amount: 2, unit: 'weeks' } } })).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('custom_data matches every pair with the API’s type: 3 is not "3", true is not 1', () => {
    expect(ids({ custom_data: { plan: 'pro' } })).toEqual(['a', 'c']);
    expect(ids({ custom_data: { order_count: 3 } })).toEqual(['a', 'c']);
    expect(ids({ custom_data: { order_count: '3' } })).toEqual(['b']);
    expect(ids({ custom_data: { vip: true } })).toEqual(['a']);
    expect(ids({ custom_data: { vip: false } })).toEqual(['b']);
    expect(ids({ custom_data: { vip: 1 } })).toEqual([]);
    expect(ids({ custom_data: { plan: 'pro', vip: true } })).toEqual(['a']);
    expect(ids({ custom_data: { missing: 'x' } })).toEqual([]);
  });

  it('combines keys with AND', () => {
    expect(ids({ status: ['open'], languages: ['en'], handed_off: true })).toEqual(['a']);
    expect(
      ids({ contact_ids: ['contact-1'], tags: ['vip'], custom_data: { plan: 'pro' } }),
    ).toEqual(['c']);
  });
});

describe('q: full-text search', () => {
  it('finds contact name, email and phone, by word and by prefix', () => {
    expect(ids({ q: 'grace' })).toEqual(['b']);
    expect(ids({ q: 'lovel' })).toEqual(['a', 'c']);
    expect(ids({ q: 'ada@example.com' })).toEqual(['a']);
    expect(ids({ q: 'navy.mil' })).toEqual(['b']);
    expect(ids({ q: '555-0100' })).toEqual(['a']);
    expect(ids({ q: '15550100' })).toEqual(['a']);
  });

  it('finds handoff summary, ticket number and custom data values', () => {
    expect(ids({ q: 'refund' })).toEqual(['a']);
    expect(ids({ q: '103' })).toEqual(['c']);
    expect(ids({ q: '10' })).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ q: 'enterprise' })).toEqual([]);
    expect(ids({ q: 'free' })).toEqual(['b']);
  });

  it('finds transcript text and follows a transcript that is replaced', () => {
    expect(ids({ q: 'duplicate charge' })).toEqual(['b']);
    expect(ids({ q: 'drucker' })).toEqual(['c']);
    store.saveHistory('c', [messageEvent('e3', '2026-03-09T10:00:00.000Z', 'Printer fixed')]);
    expect(ids({ q: 'drucker' })).toEqual([]);
    expect(ids({ q: 'printer' })).toEqual(['c']);
    store.saveHistory('c', [messageEvent('e2', '2026-03-09T09:00:00.000Z', 'Der Drucker brennt')]);
  });

  it('follows a session whose searchable fields change', () => {
    store.upsertSessions(
      [{ ...S.d!, updated_at: '2026-03-10T11:31:00.000Z', contact: { id: 'x', name: 'Linus' } }],
      '2026-03-10T00:00:00.000Z',
    );
    expect(ids({ q: 'linus' })).toEqual(['d']);
    store.upsertSessions(
      [{ ...S.d!, updated_at: '2026-03-10T11:32:00.000Z' }],
      '2026-03-10T00:00:00.000Z',
    );
    expect(ids({ q: 'linus' })).toEqual([]);
  });

  it('ignores accents and case, and ANDs words', () => {
    expect(ids({ q: 'ADA lovelace' })).toEqual(['a', 'c']);
    expect(ids({ q: 'ada grace' })).toEqual([]);
  });

  it('combines with the other filters', () => {
    expect(ids({ q: 'ada', status: ['closed_unresolved'] })).toEqual(['c']);
  });

  it('never throws on FTS5 syntax in the text', () => {
    for (const q of ['"', 'a"b', 'NEAR(', '*', 'a OR', 'AND', '-x', 'col:x', '^', '(((', "'"]) {
      expect(() => ids({ q })).not.toThrow();
    }
  });
});

describe('parameterisation', () => {
  const hostile = [
    "'; DROP TABLE sessions; --",
    "Robert'); DROP TABLE sessions;--",
    '" OR 1=1 --',
    '%',
    '_',
    '\u0000',
    '?',
    '$1',
    ':name',
  ];

  it('puts no filter value into the SQL text: the SQL is the same whatever the values', () => {
    const filterWith = (value: string): SessionFilter => ({
      status: ['open'],
      assignee_ids: [value],
      team_ids: [value],
      contact_ids: [value],
      languages: [value],
      tags: [value],
      custom_data: { [value]: value },
      q: `word ${value}x`,
    });
    const benign = filterToSql(filterWith('benign'), NOW);
    for (const value of hostile) {
      const { where, params } = filterToSql(filterWith(value), NOW);
      expect(where).toBe(benign.where);
      expect(params).toContain(value);
    }
  });

  it('matches hostile strings literally and leaves the database intact', () => {
    for (const value of hostile) {
      expect(
        ids({ assignee_ids: [value], tags: [value], custom_data: { [value]: value } }),
      ).toEqual([]);
    }
    expect(ids({ custom_data: { note: "Robert'); DROP TABLE sessions;--" } })).toEqual(['c']);
    expect(store.countSessions()).toBe(4);
  });
});
