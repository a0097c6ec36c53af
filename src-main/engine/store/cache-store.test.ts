import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-shared/opencx/session';
import type { CacheStore } from './cache-store';
import { makeSession, messageEvent } from './testing/make-session';
import { openTempCache } from './testing/temp-dir';

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
beforeEach(() => {
  cache = openTempCache();
  store = cache.store;
});
afterEach(() => cache.dispose());

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

describe('CacheStore sessions', () => {
  it('returns exactly the object the API sent, unknown fields and enum values included', () => {
    const session = {
      ...makeSession({
        status: 'snoozed',
        channel: { type: 'carrier_pigeon', region: 'eu' },
        sentiment: 'ecstatic',
        ai_closure_type: 'teleported',
        contact: {
          id: 'c-1',
          name: null,
          email: 'a@b.c',
          phone_number: null,
          custom_data: { x: 1 },
          non_verified_name: 'Nv',
          non_verified_email: null,
          non_verified_custom_data: null,
          brand_new_field: [1, 2],
        },
        ticketing_system: { name: 'zendesk', external_id: 'Z-1', id_type: 'shiny_new_id' },
        custom_data: { plan: 'pro', vip: true, order_count: 3 },
      }),
      a_field_from_2027: { nested: ['kept'] },
    } as Session;
    expect(store.upsertSessions([session], T0)).toBe(1);
    expect(store.getSession(session.id)).toStrictEqual(session);
  });

  it('replaces a session with a newer or equal updated_at', () => {
    const s = makeSession({ updated_at: T0, status: 'open' });
    store.upsertSessions([s], T0);
    store.upsertSessions([{ ...s, updated_at: T1, status: 'closed_resolved' }], T1);
    expect(store.getSession(s.id)?.status).toBe('closed_resolved');
    expect(store.countSessions()).toBe(1);
  });

  it('does not roll a session back to an older copy, but records that it was seen', () => {
    const s = makeSession({ updated_at: T1, status: 'closed_resolved' });
    store.upsertSessions([s], T0);
    const written = store.upsertSessions([{ ...s, updated_at: T0, status: 'open' }], T1);
    expect(written).toBe(0);
    expect(store.getSession(s.id)?.status).toBe('closed_resolved');
    expect(store.listLiveIdsNotSeenSince(T1)).toEqual([]);
  });

  it('writes a whole batch or nothing', () => {
    const good = makeSession();
    const bad = makeSession({ created_at: 'not a date' });
    expect(() => store.upsertSessions([good, bad], T0)).toThrow(/created_at is not a valid/);
    expect(store.countSessions()).toBe(0);
  });

  it('lists sessions not seen since a sync began, and removes the ones marked deleted', () => {
    const a = makeSession();
    const b = makeSession();
    store.upsertSessions([a, b], T0);
    store.upsertSessions([a], T1);
    expect(store.listLiveIdsNotSeenSince(T1)).toEqual([b.id]);
    expect(store.markDeleted([b.id, 'never-cached'], T1)).toBe(1);
    expect(store.getSession(b.id)).toBeNull();
    expect(store.countSessions()).toBe(1);
    expect(store.deletedAt(b.id)).toBe(T1);
    expect(store.listLiveIdsNotSeenSince(T1)).toEqual([]);
    store.upsertSessions([b], T1);
    expect(store.deletedAt(b.id)).toBeNull();
    expect(store.getSession(b.id)).not.toBeNull();
  });
});

describe('CacheStore deletion sweep with passes that overlap', () => {
  // Pass B started at T1 and saw every session; pass A started earlier (T0) and commits its
  // pages after B's. A's stamps must not make B's sweep (seen before T1) take them for absent.
  it('keeps a session a newer pass saw when an older pass re-stamps it with a newer copy', () => {
    const s = makeSession({ updated_at: T0 });
    store.upsertSessions([s], T1); // pass B
    store.upsertSessions([{ ...s, updated_at: T1 }], T0); // pass A, later, with a newer copy
    expect(store.markUnseenDeleted(T1, null, T1)).toBe(0);
    expect(store.getSession(s.id)?.updated_at).toBe(T1);
  });

  it('keeps a session a newer pass saw when an older pass re-stamps it with an older copy', () => {
    const s = makeSession({ updated_at: T1 });
    store.upsertSessions([s], T1); // pass B
    store.upsertSessions([{ ...s, updated_at: T0 }], T0); // pass A: only touches seen_at
    expect(store.markUnseenDeleted(T1, null, T1)).toBe(0);
    expect(store.markUnseenDeletedCreatedIn(T1, { from: null, to: null }, T1)).toBe(0);
    expect(store.countSessions()).toBe(1);
  });

  it('still removes what no pass since its start has seen', () => {
    const kept = makeSession();
    const gone = makeSession();
    store.upsertSessions([kept, gone], T0);
    store.upsertSessions([kept], T1);
    store.upsertSessions([kept, gone], T0); // an older pass re-stamping changes nothing
    expect(store.markUnseenDeleted(T1, null, T1)).toBe(1);
    expect(store.deletedAt(gone.id)).toBe(T1);
    expect(store.getSession(kept.id)).not.toBeNull();
  });
});

describe('CacheStore bookkeeping', () => {
  it('compares seen times as instants whatever offset they were written with', () => {
    const s = makeSession();
    store.upsertSessions([s], '2026-01-02T01:00:00+01:00');
    expect(store.listLiveIdsNotSeenSince('2026-01-02T00:00:00.000Z')).toEqual([]);
    expect(store.listLiveIdsNotSeenSince('2026-01-01T23:59:59-00:01')).toEqual([s.id]);
  });

  it('removes a deleted session from every table and from the full-text index', () => {
    const s = makeSession({ contact: { id: 'c', name: 'Hedy Lamarr' }, custom_data: { k: 'v' } });
    store.upsertSessions([s], T0);
    store.replaceTagCatalog([{ tag_name: 'vip' }]);
    store.setTagMembers('vip', [s.id]);
    store.saveHistory(s.id, [messageEvent('e', T0, 'frequency hopping')]);
    store.markDeleted([s.id], T1);
    const left = store.reader
      .prepare(
        `SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM session_documents)
           + (SELECT count(*) FROM session_custom_data) + (SELECT count(*) FROM session_tags)
           + (SELECT count(*) FROM session_history)
           + (SELECT count(*) FROM session_fts WHERE session_fts MATCH 'hedy OR frequency')`,
      )
      .pluck()
      .get();
    expect(left).toBe(0);
  });

  it('refreshes planner statistics on its own once the cache has grown a lot', () => {
    const many = Array.from({ length: 1200 }, () => makeSession());
    store.upsertSessions(many, T0);
    const analysed = store.reader
      .prepare("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'sessions'")
      .pluck()
      .get();
    expect(analysed).toBeGreaterThan(0);
  });
});

describe('CacheStore tags', () => {
  it('replaces the catalog and drops memberships of tags that left it', () => {
    const s = makeSession();
    store.upsertSessions([s], T0);
    store.replaceTagCatalog([{ tag_name: 'vip', description: 'd' }, { tag_name: 'bug' }]);
    store.setTagMembers('vip', [s.id]);
    store.setTagMembers('bug', [s.id]);
    expect(store.tagsOfSession(s.id)).toEqual(['bug', 'vip']);
    store.replaceTagCatalog([{ tag_name: 'vip', description: 'new' }]);
    expect(store.listTags()).toEqual([{ tag_name: 'vip', description: 'new' }]);
    expect(store.tagsOfSession(s.id)).toEqual(['vip']);
  });

  it('replaces one tag’s membership and reports ids it does not have', () => {
    const [a, b] = [makeSession(), makeSession()];
    store.upsertSessions([a, b], T0);
    store.replaceTagCatalog([{ tag_name: 'vip' }]);
    store.setTagMembers('vip', [a.id]);
    expect(store.setTagMembers('vip', [b.id, 'unknown-id'])).toEqual({
      stored: 1,
      unknownIds: ['unknown-id'],
    });
    expect(store.tagsOfSession(a.id)).toEqual([]);
    expect(store.tagsOfSession(b.id)).toEqual(['vip']);
  });

  it('refuses members for a tag that is not in the catalog', () => {
    expect(() => store.setTagMembers('nope', [])).toThrow(/Tag "nope" is not in the cached/);
  });
});

describe('CacheStore history', () => {
  it('stores a transcript and takes last_message_at from the newest message event', () => {
    const s = makeSession({ updated_at: T1 });
    store.upsertSessions([s], T0);
    const events = [
      messageEvent('e1', '2026-01-01T10:00:00.000Z', 'hello'),
      messageEvent('e2', '2026-01-01T12:00:00.000Z', 'later'),
      { id: 'e3', created_at: '2026-01-01T13:00:00.000Z', event: { type: 'human_agent_joined' } },
    ];
    store.saveHistory(s.id, events, T1);
    expect(store.getHistory(s.id)).toEqual({ events, saved_at: T1, for_updated_at: T1 });
    const lastMessage = store.reader
      .prepare('SELECT last_message_at_ms FROM sessions WHERE id = ?')
      .pluck()
      .get(s.id);
    expect(lastMessage).toBe(Date.parse('2026-01-01T12:00:00.000Z'));
  });

  it('refuses history for a session it does not cache', () => {
    expect(() => store.saveHistory('missing', [])).toThrow(/Session missing is not cached/);
  });

  it('lists recently updated sessions whose transcript is missing or stale, newest first', () => {
    const old = makeSession({ updated_at: '2026-01-01T00:00:00.000Z' });
    const fresh = makeSession({ updated_at: '2026-01-03T00:00:00.000Z' });
    const cached = makeSession({ updated_at: '2026-01-02T00:00:00.000Z' });
    store.upsertSessions([old, fresh, cached], T0);
    store.saveHistory(cached.id, []);
    expect(store.sessionsNeedingHistory(10).map((x) => x.id)).toEqual([fresh.id, old.id]);
    expect(store.sessionsNeedingHistory(1).map((x) => x.id)).toEqual([fresh.id]);
    store.upsertSessions([{ ...cached, updated_at: '2026-01-04T00:00:00.000Z' }], T1);
    expect(store.sessionsNeedingHistory(10)[0]).toEqual({
      id: cached.id,
      updated_at: '2026-01-04T00:00:00.000Z',
      history_for_updated_at: '2026-01-02T00:00:00.000Z',
    });
  });
});

describe('CacheStore sync state and transactions', () => {
  it('stores JSON values by key and removes them with null', () => {
    expect(store.getSyncState('full')).toBeNull();
    store.setSyncState('full', { cursor: '2026-01-01T00:00:00Z', page: 3 });
    expect(store.getSyncState('full')).toEqual({ cursor: '2026-01-01T00:00:00Z', page: 3 });
    store.setSyncState('full', null);
    expect(store.getSyncState('full')).toBeNull();
  });

  it('rolls back every write in a failed transaction', () => {
    expect(() =>
      store.transaction(() => {
        store.upsertSessions([makeSession()], T0);
        store.setSyncState('watermark', T0);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.countSessions()).toBe(0);
    expect(store.getSyncState('watermark')).toBeNull();
  });
});
