import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { LocalSortField } from '../../../src-shared/filter/session-sort';
import type { SortOrder } from '../../../src-shared/opencx/enums';
import type { Session } from '../../../src-shared/opencx/session';
import { contactLabel } from '../../../src-shared/opencx/contact-label';
import type { CacheStore } from '../store/cache-store';
import { agentMessageEvent, makeSession, seededRandom } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { encodeCursor } from './keyset-cursor';
import { querySessions } from './session-query';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const SEEN = '2026-06-01T00:00:00.000Z';

// 240 sessions drawn from few distinct keys, so every sort has long runs of equal values.
const random = seededRandom(11);
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();
const sessions: Session[] = Array.from({ length: 240 }, (_, i) =>
  makeSession({
    id: `s-${String(Math.floor(random() * 1e9)).padStart(9, '0')}-${i}`,
    status: i % 3 === 0 ? 'open' : 'closed_resolved',
    created_at: day(Math.floor(random() * 10)),
    updated_at: day(10 + Math.floor(random() * 5)),
    ticket_number: Math.floor(random() * 7),
  }),
);
const lastMessageAt = new Map(
  sessions.filter((_, i) => i % 2 === 0).map((s, i) => [s.id, day(8 + (i % 9))] as const),
);

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
beforeAll(() => {
  cache = openTempCache();
  store = cache.store;
  store.upsertSessions(sessions, SEEN);
  for (const [id, at] of lastMessageAt) store.setLastMessageAt(id, at);
});
afterAll(() => cache.dispose());

type NumericField = 'last_message_at' | 'created_at' | 'updated_at' | 'ticket_number';

function sortKey(s: Session, field: NumericField): number {
  switch (field) {
    case 'created_at':
      return Date.parse(s.created_at);
    case 'updated_at':
      return Date.parse(s.updated_at);
    case 'ticket_number':
      return s.ticket_number;
    case 'last_message_at':
      return Date.parse(lastMessageAt.get(s.id) ?? s.updated_at);
  }
}

function expectedOrder(list: Session[], field: NumericField, order: SortOrder): string[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...list]
    .sort((x, y) => {
      const byKey = sortKey(x, field) - sortKey(y, field);
      if (byKey !== 0) return sign * byKey;
      return sign * (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    })
    .map((s) => s.id);
}

function walk(filter: SessionFilter, field: LocalSortField, order: SortOrder, limit: number) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = querySessions(
      store.reader,
      { filter, sort: { field, order }, limit, cursor },
      NOW,
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((s) => s.id));
    cursor = page.next_cursor;
    pages++;
  } while (cursor !== null && pages < 1000);
  return { seen, pages };
}

describe('querySessions', () => {
  const fields: NumericField[] = ['last_message_at', 'created_at', 'updated_at', 'ticket_number'];
  for (const field of fields) {
    for (const order of ['asc', 'desc'] as const) {
      it(`walks every page of ${field} ${order}: sorted, no duplicates, no gaps despite equal keys`, () => {
        const { seen, pages } = walk({}, field, order, 17);
        expect(seen).toEqual(expectedOrder(sessions, field, order));
        expect(pages).toBe(Math.ceil(sessions.length / 17));
      });
    }
  }

  it('walks the pages of a filtered set and counts the filter’s total on every page', () => {
    const open = sessions.filter((s) => s.status === 'open');
    const first = querySessions(
      store.reader,
      { filter: { status: ['open'] }, sort: { field: 'created_at', order: 'desc' }, limit: 30 },
      NOW,
    );
    expect(first.total).toBe(open.length);
    expect(walk({ status: ['open'] }, 'created_at', 'desc', 30).seen).toEqual(
      expectedOrder(open, 'created_at', 'desc'),
    );
  });

  it('returns items exactly as the API shaped them', () => {
    const page = querySessions(
      store.reader,
      { sort: { field: 'ticket_number', order: 'asc' }, limit: 500 },
      NOW,
    );
    const byId = new Map(sessions.map((s) => [s.id, s]));
    for (const item of page.items) expect(item).toStrictEqual(byId.get(item.id));
    expect(page.next_cursor).toBeNull();
  });

  it('says it sorted by updated_at when some matching session lacks an exact last_message_at', () => {
    const page = querySessions(store.reader, {}, NOW);
    expect(page.sorted_by).toBe('updated_at');
    const exact = querySessions(
      store.reader,
      { filter: { created_at: { from: day(0) } }, sort: { field: 'created_at', order: 'asc' } },
      NOW,
    );
    expect(exact.sorted_by).toBe('created_at');
  });

  it('says it sorted by last_message_at when every matching session has an exact value', () => {
    const temp = openTempCache();
    const s = makeSession();
    temp.store.upsertSessions([s], SEEN);
    temp.store.setLastMessageAt(s.id, day(3));
    expect(querySessions(temp.store.reader, {}, NOW).sorted_by).toBe('last_message_at');
    temp.dispose();
  });

  it('keeps walking past rows written between pages without duplicates', () => {
    const temp = openTempCache();
    const base = Array.from({ length: 30 }, (_, i) => makeSession({ created_at: day(i) }));
    temp.store.upsertSessions(base, SEEN);
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page = querySessions(
        temp.store.reader,
        { sort: { field: 'created_at', order: 'asc' }, limit: 7, cursor },
        NOW,
      );
      seen.push(...page.items.map((s) => s.id));
      cursor = page.next_cursor;
      // A session created before everything already read: keyset paging must not shift.
      temp.store.upsertSessions([makeSession({ created_at: '2025-01-01T00:00:00.000Z' })], SEEN);
      round++;
    } while (cursor && round < 100);
    expect(seen).toEqual(base.map((s) => s.id));
    temp.dispose();
  });

  it('walks a very selective filter (planner-chosen index) with equal keys', () => {
    const temp = openTempCache();
    const many = Array.from({ length: 300 }, (_, i) =>
      makeSession({ status: i % 60 === 0 ? 'open' : 'closed_resolved', created_at: day(i % 2) }),
    );
    temp.store.upsertSessions(many, SEEN);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = querySessions(
        temp.store.reader,
        {
          filter: { status: ['open'] },
          sort: { field: 'created_at', order: 'desc' },
          limit: 2,
          cursor,
        },
        NOW,
      );
      expect(page.total).toBe(5);
      seen.push(...page.items.map((x) => x.id));
      cursor = page.next_cursor;
    } while (cursor);
    const open = many.filter((x) => x.status === 'open');
    const expected = [...open]
      .sort((x, y) => Date.parse(y.created_at) - Date.parse(x.created_at) || (x.id < y.id ? 1 : -1))
      .map((x) => x.id);
    expect(seen).toEqual(expected);
    temp.dispose();
  });

  it('rejects a malformed cursor with a clear error', () => {
    for (const cursor of ['not base64!', 'e30', Buffer.from('[1]').toString('base64url'), 'AAAA']) {
      expect(() => querySessions(store.reader, { cursor }, NOW)).toThrow(/cursor is not valid/);
    }
  });

  it('rejects a cursor made for another sort', () => {
    const cursor = encodeCursor({ field: 'created_at', order: 'asc', key: 1, id: 'x' });
    expect(() => querySessions(store.reader, { cursor }, NOW)).toThrow(
      /made for sort created_at asc, not last_message_at desc/,
    );
  });

  it('rejects an invalid filter, sort or limit, naming the field', () => {
    expect(() =>
      querySessions(store.reader, { filter: { status: ['nope'] } as never }, NOW),
    ).toThrow(/filter.*status\[0\]/);
    expect(() => querySessions(store.reader, { filter: { colour: 'red' } as never }, NOW)).toThrow(
      /filter/,
    );
    expect(() => querySessions(store.reader, { sort: { field: 'colour' } as never }, NOW)).toThrow(
      /sort.*field/,
    );
    expect(() => querySessions(store.reader, { limit: 0 }, NOW)).toThrow(/limit must be/);
  });

  it('returns an empty page with total 0 when nothing matches', () => {
    expect(querySessions(store.reader, { filter: { tags: ['none'] } }, NOW)).toEqual({
      items: [],
      total: 0,
      next_cursor: null,
      sorted_by: 'last_message_at',
      local: {},
    });
  });
});

describe('querySessions by the values the list shows (status, sentiment, channel, team, language, contact, assignee, tags)', () => {
  // Insertion order is the tiebreaker among equal values (the row id), and a missing value
  // sorts first ascending and last descending, as SQLite orders NULL.
  const rand = seededRandom(5);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)] as T;
  const teams = [
    { id: 't1', name: 'Support' },
    { id: 't2', name: 'Billing' },
    { id: 't3', name: 'Équipe' },
  ];
  const rows: Session[] = Array.from({ length: 160 }, () =>
    makeSession({
      status: pick(['open', 'closed_resolved', 'closed_unresolved']),
      sentiment: pick(['angry', 'happy', 'neutral', null]),
      channel: { type: pick(['web', 'email', 'sms']) },
      team: pick([...teams, null]),
      language: pick(['en', 'de', null]),
      contact: pick([
        { id: 'c1', name: 'Zoë Ng' },
        { id: 'c2', name: null, non_verified_name: 'ann' },
        { id: 'c3', email: 'bo@example.com' },
        { id: 'c4', non_verified_email: 'Al@example.com', phone_number: '+1 555' },
        { id: 'c5', phone_number: '+44 20' },
        { id: 'c6' },
        null,
      ]),
      assignee_id: pick(['a1', 'a2', 'a3', null]),
    }),
  );
  // Tags by rotation, so some sessions carry none, one, or two; a1's name is learnt from a
  // transcript, a2 and a3 stay "Agent <id>" as the column shows them.
  const tagsOf = (index: number) =>
    [['vip'], [], ['billing', 'vip'], ['billing'], ['Urgent', 'billing']][index % 5] as string[];
  const names: Record<string, string> = { a1: 'Ada Lovelace' };
  const keyOf: Record<
    'status' | 'sentiment' | 'channel' | 'team' | 'language' | 'contact' | 'assignee' | 'tags',
    (s: Session) => string | null
  > = {
    status: (s) => s.status,
    sentiment: (s) => s.sentiment ?? null,
    channel: (s) => s.channel.type,
    team: (s) => s.team?.name ?? null,
    language: (s) => s.language ?? null,
    contact: (s) => contactLabel(s),
    assignee: (s) => (s.assignee_id ? (names[s.assignee_id] ?? `Agent ${s.assignee_id}`) : null),
    tags: (s) => {
      const tags = tagsOf(rows.indexOf(s));
      return tags.length > 0 ? [...tags].sort(bytes).join(', ') : null;
    },
  };
  let temp: ReturnType<typeof openTempCache>;
  beforeAll(() => {
    temp = openTempCache();
    temp.store.upsertSessions(rows, SEEN);
    temp.store.replaceTagCatalog(
      ['vip', 'billing', 'Urgent'].map((tag_name) => ({ tag_name, description: null })) as never,
    );
    for (const tag of ['vip', 'billing', 'Urgent']) {
      temp.store.setTagMembers(
        tag,
        rows.filter((_, index) => tagsOf(index).includes(tag)).map((row) => row.id),
      );
    }
    const named = rows.find((row) => row.assignee_id === 'a1');
    if (named) {
      temp.store.saveHistory(named.id, [agentMessageEvent('e1', day(1), 'Ada Lovelace')]);
    }
  });
  afterAll(() => temp.dispose());

  const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  function expected(field: keyof typeof keyOf, order: SortOrder, list = rows): string[] {
    const sign = order === 'asc' ? 1 : -1;
    return list
      .map((session, index) => ({ session, index, key: keyOf[field](session) }))
      .sort((a, b) => {
        const byKey =
          a.key === b.key ? 0 : a.key === null ? -1 : b.key === null ? 1 : bytes(a.key, b.key);
        return sign * (byKey || a.index - b.index);
      })
      .map((entry) => entry.session.id);
  }

  function walkAll(field: LocalSortField, order: SortOrder, filter: SessionFilter = {}) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = querySessions(
        temp.store.reader,
        { filter, sort: { field, order }, limit: 13, cursor },
        NOW,
      );
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor;
    } while (cursor);
    return seen;
  }

  for (const field of Object.keys(keyOf) as (keyof typeof keyOf)[]) {
    for (const order of ['asc', 'desc'] as const) {
      it(`walks every page of ${field} ${order}, missing values included, without gaps`, () => {
        expect(walkAll(field, order)).toEqual(expected(field, order));
      });
    }
  }

  it('walks a filtered text sort', () => {
    const email = rows.filter((row) => row.channel.type === 'email');
    expect(walkAll('sentiment', 'desc', { channels: ['email'] })).toEqual(
      expected('sentiment', 'desc', email),
    );
  });

  it('jumps to an offset and continues by keyset from there', () => {
    const all = expected('team', 'asc');
    const jump = querySessions(
      temp.store.reader,
      { sort: { field: 'team', order: 'asc' }, offset: 100, limit: 20 },
      NOW,
    );
    expect(jump.items.map((item) => item.id)).toEqual(all.slice(100, 120));
    const next = querySessions(
      temp.store.reader,
      { sort: { field: 'team', order: 'asc' }, cursor: jump.next_cursor, limit: 20 },
      NOW,
    );
    expect(next.items.map((item) => item.id)).toEqual(all.slice(120, 140));
    expect(() =>
      querySessions(temp.store.reader, { cursor: jump.next_cursor, offset: 5 }, NOW),
    ).toThrow(/cursor or an offset/);
  });
});

describe('what the cache knows beyond the session object', () => {
  it('lists each session’s last message time, tags and assignee name', () => {
    const temp = openTempCache();
    const agent = makeSession({ assignee_id: '42' });
    const other = makeSession({ assignee_id: '7' });
    temp.store.upsertSessions([agent, other], SEEN);
    temp.store.replaceTagCatalog([
      { tag_name: 'vip', description: null },
      { tag_name: 'billing', description: null },
    ] as never);
    temp.store.setTagMembers('vip', [agent.id]);
    temp.store.setTagMembers('billing', [agent.id]);
    temp.store.saveHistory(agent.id, [agentMessageEvent('e1', day(3), 'Ada Lovelace')]);
    const page = querySessions(temp.store.reader, {}, NOW);
    expect(page.local?.[agent.id]).toEqual({
      last_message_at: day(3),
      tags: ['billing', 'vip'],
      assignee_name: 'Ada Lovelace',
    });
    expect(page.local?.[other.id]).toEqual({
      last_message_at: null,
      tags: [],
      assignee_name: null,
    });
    temp.dispose();
  });
});
