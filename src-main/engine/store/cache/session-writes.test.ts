import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSessions, makeSession, messageEvent } from '../testing/make-session';
import { insertFirstNext } from './session-writes';
import { toCustomDataRows } from './session-row';
import { openTempCache } from '../testing/temp-dir';

let cache: ReturnType<typeof openTempCache>;
beforeEach(() => {
  cache = openTempCache();
});
afterEach(() => cache.dispose());

const SEEN = '2026-01-01T00:00:00.000Z';

const raw = () => cache.store.reader as unknown as Database.Database;
const searchable = (word: string) =>
  raw()
    .prepare('SELECT count(*) FROM session_fts WHERE session_fts MATCH ?')
    .pluck()
    .get(`"${word}"*`);
const customRows = () => raw().prepare('SELECT count(*) FROM session_custom_data').pluck().get();

describe('upsertSessions', () => {
  it('stores each custom data value with the type and the value a bound parameter gives it', () => {
    const values = {
      plan: 'enterprise',
      empty: '',
      unicode: 'Zürich ☕ \u{1F600}',
      quote: 'say "hi" \\ \n bye',
      nul: 'a\u0000b',
      looks_numeric: '42',
      count: 3,
      negative: -17,
      ratio: 0.125,
      huge: 12345678901234567000,
      tiny: 5e-324,
      zero: 0,
      yes: true,
      no: false,
    };
    const many = makeSession({ custom_data: values });
    const none = makeSession({ custom_data: null });
    const twice = makeSession({ custom_data: { first: 'copy' } });
    const twiceChanged = {
      ...twice,
      updated_at: new Date(Date.parse(twice.updated_at) + 1000).toISOString(),
      custom_data: { second: 'copy', n: 2 },
    };
    cache.store.upsertSessions([many, none, twice, twiceChanged], SEEN);

    // What one INSERT per key with toCustomDataRows' values stored before: the oracle.
    raw().exec('CREATE TEMP TABLE bound (id TEXT, key TEXT, value, value_type TEXT)');
    const bind = raw().prepare('INSERT INTO bound VALUES (?, ?, ?, ?)');
    for (const session of [many, none, twiceChanged]) {
      for (const row of toCustomDataRows(session))
        bind.run(session.id, row.key, row.value, row.value_type);
    }
    const read = (sql: string) => raw().prepare(sql).raw().all();
    expect(
      read(`SELECT s.id, c.key, c.value, typeof(c.value), c.value_type, length(c.value)
        FROM session_custom_data c JOIN sessions s ON s.rid = c.session_rid ORDER BY 1, 2`),
    ).toEqual(
      read(
        `SELECT id, key, value, typeof(value), value_type, length(value) FROM bound ORDER BY 1, 2`,
      ),
    );
    expect(customRows()).toBe(Object.keys(values).length + 2);
  });

  it('leaves an unchanged document alone, and re-indexes a changed one', () => {
    const { sessions } = generateSessions(50, 4);
    cache.store.upsertSessions(sessions, '2026-01-01T00:00:00.000Z');
    const before = { ada: searchable('ada'), custom: customRows() };
    // The same sessions again (a delta's overlap): nothing to re-index.
    const changes = raw().prepare('SELECT total_changes()').pluck();
    const start = changes.get() as number;
    expect(cache.store.upsertSessions(sessions, '2026-01-02T00:00:00.000Z')).toBe(50);
    // One sessions row each (seen_at), nothing else.
    expect((changes.get() as number) - start).toBe(50);
    expect({ ada: searchable('ada'), custom: customRows() }).toEqual(before);

    // A changed contact name and custom data are re-indexed and rewritten.
    const first = sessions[0]!;
    const renamed = {
      ...first,
      updated_at: new Date(Date.parse(first.updated_at) + 1000).toISOString(),
      contact: { id: 'c-new', name: 'Quentin Zebulon' },
      custom_data: { plan: 'gold' },
    };
    cache.store.upsertSessions([renamed], '2026-01-03T00:00:00.000Z');
    expect(searchable('zebulon')).toBe(1);
    expect(searchable('gold')).toBe(1);
    expect(
      raw()
        .prepare(
          'SELECT key, value FROM session_custom_data c JOIN sessions s ON s.rid = c.session_rid WHERE s.id = ?',
        )
        .all(first.id),
    ).toEqual([{ key: 'plan', value: 'gold' }]);
  });

  it('rewrites only seen_at of a session fetched again unchanged, and the whole row of a changed one', () => {
    const { sessions } = generateSessions(20, 4);
    cache.store.upsertSessions(sessions, '2026-01-01T00:00:00.000Z');
    // Counts every UPDATE that sets a column other than seen_at (and so rewrites index entries).
    raw().exec(`CREATE TEMP TABLE rewrites (n INTEGER);
      CREATE TEMP TRIGGER count_rewrites AFTER UPDATE OF status, contact_id ON sessions
      BEGIN INSERT INTO rewrites VALUES (1); END;`);
    const rewrites = () => raw().prepare('SELECT count(*) FROM rewrites').pluck().get();
    const seenAt = () => raw().prepare('SELECT min(seen_at) FROM sessions').pluck().get() as string;

    cache.store.upsertSessions(sessions, '2026-01-02T00:00:00.000Z');
    expect(rewrites()).toBe(0);
    expect(seenAt()).toBe('2026-01-02T00:00:00.000Z');

    const first = sessions[0]!;
    const reopened = {
      ...first,
      status: first.status === 'open' ? 'closed_resolved' : 'open',
      updated_at: new Date(Date.parse(first.updated_at) + 1000).toISOString(),
    };
    cache.store.upsertSessions([reopened, ...sessions.slice(1)], '2026-01-03T00:00:00.000Z');
    expect(rewrites()).toBe(1);
    expect(raw().prepare('SELECT status FROM sessions WHERE id = ?').pluck().get(first.id)).toBe(
      reopened.status,
    );
  });

  it('refuses a call holding a session whose time does not parse, naming it, and stores none of the call', () => {
    const { sessions } = generateSessions(3, 7);
    const broken = { ...sessions[1]!, updated_at: 'yesterday' };
    expect(() =>
      cache.store.upsertSessions([sessions[0]!, broken], '2026-01-01T00:00:00.000Z'),
    ).toThrow(`session ${broken.id}: updated_at is not a valid ISO-8601 date-time: "yesterday".`);
    expect(cache.store.countSessions()).toBe(0);
  });

  it('brings a deleted session back, tombstone cleared', () => {
    const { sessions } = generateSessions(5, 6);
    cache.store.upsertSessions(sessions, '2026-01-01T00:00:00.000Z');
    cache.store.markDeleted([sessions[2]!.id], '2026-01-02T00:00:00.000Z');
    expect(cache.store.deletedAt(sessions[2]!.id)).not.toBeNull();
    cache.store.upsertSessions([sessions[2]!], '2026-01-03T00:00:00.000Z');
    expect(cache.store.deletedAt(sessions[2]!.id)).toBeNull();
    expect(cache.store.getSession(sessions[2]!.id)).toEqual(sessions[2]);
    expect(cache.store.countSessions()).toBe(5);
  });

  it('stores a page that repeats the sessions of an all-new page before it each once, the newer copy kept', () => {
    // A first sync's pages are all new, so each is tried as new before any lookup; the next
    // page of an oldest-first walk repeats the sessions sharing its boundary's instant.
    const { sessions } = generateSessions(60, 21);
    const [firstPage, nextNew] = [sessions.slice(0, 40), sessions.slice(40)];
    cache.store.upsertSessions(firstPage, '2026-01-01T00:00:00.000Z');
    const later = (iso: string) => new Date(Date.parse(iso) + 60_000).toISOString();
    const same = firstPage[39]!;
    const changed = { ...firstPage[38]!, status: 'closed_resolved' as const };
    changed.updated_at = later(changed.updated_at);
    const stale = { ...firstPage[37]!, status: 'open' as const, updated_at: '2000-01-01T00:00Z' };
    const twice = { ...nextNew[0]!, language: 'pt' };
    twice.updated_at = later(twice.updated_at);
    const page = [same, changed, stale, ...nextNew, twice];
    expect(cache.store.upsertSessions(page, '2026-01-02T00:00:00.000Z')).toBe(page.length - 1);

    expect(cache.store.countSessions()).toBe(60);
    expect(cache.store.getSession(same.id)).toEqual(same);
    expect(cache.store.getSession(changed.id)).toEqual(changed);
    expect(cache.store.getSession(stale.id)).toEqual(firstPage[37]);
    expect(cache.store.getSession(twice.id)).toEqual(twice);
    const seen = raw()
      .prepare('SELECT seen_at FROM sessions WHERE id IN (?, ?, ?)')
      .pluck()
      .all(same.id, changed.id, stale.id);
    expect(seen).toEqual(Array(3).fill('2026-01-02T00:00:00.000Z'));
    expectCountsMatchRows();
    expect(raw().prepare('SELECT count(*) FROM session_fts').pluck().get()).toBe(60);
  });

  it('keeps both precomputed counts equal to the rows through inserts, changes and deletions', () => {
    const { sessions } = generateSessions(300, 12);
    cache.store.upsertSessions(sessions, '2026-01-01T00:00:00.000Z');
    expectCountsMatchRows();
    // Changes to every counted column, a session twice in one call, an older copy ignored.
    const later = (iso: string) => new Date(Date.parse(iso) + 60_000).toISOString();
    const changed = sessions.slice(0, 120).map((session, i) => ({
      ...session,
      updated_at: later(session.updated_at),
      status: i % 2 === 0 ? ('closed_resolved' as const) : session.status,
      sentiment: i % 3 === 0 ? null : session.sentiment,
      channel: i % 4 === 0 ? { type: 'sms' as const } : session.channel,
      language: i % 5 === 0 ? 'pt' : session.language,
      assignee_id: i % 6 === 0 ? null : '7',
      assist_mode: i % 7 === 0 ? !session.assist_mode : session.assist_mode,
    }));
    const again = { ...changed[0]!, status: 'open' as const };
    const stale = {
      ...sessions[200]!,
      status: 'open' as const,
      updated_at: '2000-01-01T00:00:00Z',
    };
    cache.store.upsertSessions([...changed, again, stale], '2026-01-02T00:00:00.000Z');
    expectCountsMatchRows();
    cache.store.markDeleted(
      sessions.slice(50, 90).map((session) => session.id),
      '2026-01-03T00:00:00.000Z',
    );
    expectCountsMatchRows();
    cache.store.upsertSessions(sessions.slice(60, 70), '2026-01-04T00:00:00.000Z');
    expectCountsMatchRows();
    expect(cache.store.countSessions()).toBe(270);
  });

  it('sums the counts of a held batch in memory and writes each key once, at its commit', () => {
    const { sessions } = generateSessions(400, 13);
    // Counts the writes to session_counts rows (each key written is one B-tree write).
    raw().exec(`CREATE TEMP TABLE count_writes (n INTEGER);
      CREATE TEMP TRIGGER count_inserts AFTER INSERT ON session_counts
      BEGIN INSERT INTO count_writes VALUES (1); END;
      CREATE TEMP TRIGGER count_updates AFTER UPDATE ON session_counts
      BEGIN INSERT INTO count_writes VALUES (1); END;`);
    const countWrites = () => raw().prepare('SELECT count(*) FROM count_writes').pluck().get();
    const batch = cache.store.holdWrites();
    for (let i = 0; i < sessions.length; i += 50) {
      batch.write(() => cache.store.upsertSessions(sessions.slice(i, i + 50), SEEN));
    }
    batch.commit();
    expectCountsMatchRows();
    const keys = raw().prepare('SELECT count(*) FROM session_counts').pluck().get();
    expect(countWrites()).toBe(keys);
  });

  it("writes a held batch's pending counts before a read of its own connection, which sees them", () => {
    const { sessions } = generateSessions(200, 14);
    const batch = cache.store.holdWrites();
    batch.write(() => cache.store.upsertSessions(sessions.slice(0, 100), SEEN));
    expect(cache.store.countSessions()).toBe(100);
    expectCountsMatchRows();
    batch.write(() => cache.store.upsertSessions(sessions.slice(100), SEEN));
    expectCountsMatchRows();
    expect(batch.open).toBe(true);
    batch.commit();
    expectCountsMatchRows();
    expect(cache.store.countSessions()).toBe(200);
  });

  it('drops the pending counts of a held batch that rolls back', () => {
    const { sessions } = generateSessions(150, 15);
    cache.store.upsertSessions(sessions.slice(0, 50), SEEN);
    const batch = cache.store.holdWrites();
    batch.write(() => cache.store.upsertSessions(sessions.slice(50, 100), SEEN));
    expect(() =>
      batch.write(() => {
        cache.store.upsertSessions(sessions.slice(100), SEEN);
        throw new Error('the page failed');
      }),
    ).toThrow('the page failed');
    expect(batch.open).toBe(false);
    expect(cache.store.countSessions()).toBe(50);
    expectCountsMatchRows();
    batch.write(() => cache.store.upsertSessions(sessions.slice(50), SEEN));
    batch.commit();
    expect(cache.store.countSessions()).toBe(150);
    expectCountsMatchRows();
  });

  it('keeps apart counts whose keys differ only in texts made to look like one another', () => {
    // Languages and statuses whose texts, run together, would read alike: each must keep a count
    // of its own.
    const looks = ['', '~', '#1;', '1:a', 'a', '1', 'a1:', '2:a~'];
    const sessions = looks.flatMap((language, i) => [
      makeSession({ language, status: looks[(i + 1) % looks.length] || 'open' }),
      makeSession({ language: null, status: `${language}open` }),
    ]);
    cache.store.upsertSessions(sessions, SEEN);
    expectCountsMatchRows();
    const keys = raw().prepare('SELECT count(*) FROM session_counts WHERE n != 0').pluck().get();
    expect(keys).toBe(new Set(sessions.map((s) => `${s.language}|${s.status}`)).size);
  });

  it("writes a held batch's custom values and full-text entries at its commit, not page by page", () => {
    const { sessions } = generateSessions(300, 16);
    const withCustomData = sessions.filter((s) => Object.keys(s.custom_data ?? {}).length > 0);
    expect(withCustomData.length).toBeGreaterThan(0);
    // The connection itself: the store's `reader` would settle the batch (the next test).
    const db = raw();
    db.exec(`CREATE TEMP TABLE custom_statements (n INTEGER);
      CREATE TEMP TRIGGER count_custom AFTER INSERT ON session_custom_data
      BEGIN INSERT INTO custom_statements VALUES (1); END;`);
    const written = db.prepare('SELECT count(*) FROM custom_statements').pluck();
    const batch = cache.store.holdWrites();
    for (let i = 0; i < sessions.length; i += 100) {
      batch.write(() => cache.store.upsertSessions(sessions.slice(i, i + 100), SEEN));
    }
    // Nothing derived is written while the batch holds pages and nobody reads.
    expect(written.get()).toBe(0);
    batch.commit();
    const expected = sessions.flatMap((s) => toCustomDataRows(s)).length;
    expect(customRows()).toBe(expected);
    const first = sessions[0];
    const name = first?.contact?.name?.split(' ')[0];
    if (name) expect(searchable(name)).toBeGreaterThan(0);
    expect(raw().prepare('SELECT count(*) FROM session_fts_docsize').pluck().get()).toBe(300);
  });

  it("makes a held batch's derived rows readable on its own connection before it commits", () => {
    const session = makeSession({
      contact: { id: 'c1', name: 'Wilhelmina Okonkwo' },
      custom_data: { plan: 'gold', seats: 12 },
    });
    const batch = cache.store.holdWrites();
    batch.write(() => cache.store.upsertSessions([session], SEEN));
    // A read on the writer's connection settles the batch first (settleHeldWrites).
    expect(cache.store.countSessions()).toBe(1);
    expect(customRows()).toBe(2);
    expect(searchable('okonkwo')).toBe(1);
    expect(batch.open).toBe(true);
    batch.commit();
    expect(customRows()).toBe(2);
    expect(searchable('okonkwo')).toBe(1);
  });

  it('indexes a session changed twice in one held batch once, from its last copy', () => {
    const first = makeSession({
      contact: { id: 'c1', name: 'Ottilie Brandt' },
      custom_data: { plan: 'gold', seats: 3 },
    });
    const later = (ms: number, name: string, customData: Record<string, string | number>) => ({
      ...first,
      updated_at: new Date(Date.parse(first.updated_at) + ms).toISOString(),
      contact: { id: 'c1', name },
      custom_data: customData,
    });
    // Indexed in an earlier batch; then, in one batch, changed on two pages with a read between.
    cache.store.upsertSessions([first], SEEN);
    const batch = cache.store.holdWrites();
    batch.write(() =>
      cache.store.upsertSessions([later(1000, 'Ottilie Vandermeer', { plan: 'silver' })], SEEN),
    );
    expect(searchable('vandermeer')).toBe(1);
    batch.write(() =>
      cache.store.upsertSessions([later(2000, 'Ottilie Lindqvist', { tier: 'a', n: 1 })], SEEN),
    );
    batch.write(() =>
      cache.store.upsertSessions([later(3000, 'Ottilie Abernathy', { tier: 'b' })], SEEN),
    );
    batch.commit();
    expect(searchable('ottilie')).toBe(1);
    expect(searchable('abernathy')).toBe(1);
    for (const gone of ['brandt', 'vandermeer', 'lindqvist']) expect(searchable(gone)).toBe(0);
    expect(raw().prepare('SELECT key, value FROM session_custom_data ORDER BY key').all()).toEqual([
      { key: 'tier', value: 'b' },
    ]);
  });

  it('indexes a changed document with the transcript of its session, and a new one once', () => {
    const session = makeSession({ contact: { id: 'c1', name: 'Ottilie Brandt' } });
    cache.store.upsertSessions([session], '2026-01-01T00:00:00.000Z');
    cache.store.saveHistory(session.id, [
      messageEvent('e1', session.created_at, 'my parcel never arrived'),
    ]);
    expect(searchable('parcel')).toBe(1);
    const renamed = {
      ...session,
      updated_at: new Date(Date.parse(session.updated_at) + 1000).toISOString(),
      contact: { id: 'c1', name: 'Ottilie Vandermeer' },
    };
    // Twice in one call: one row in the index, not two.
    cache.store.upsertSessions([renamed, renamed], '2026-01-02T00:00:00.000Z');
    expect(searchable('vandermeer')).toBe(1);
    expect(searchable('brandt')).toBe(0);
    expect(searchable('parcel')).toBe(1);
    const fresh = makeSession({ contact: { id: 'c2', name: 'Ingmar Vandermeer' } });
    cache.store.upsertSessions([fresh, fresh], '2026-01-02T00:00:00.000Z');
    expect(searchable('vandermeer')).toBe(2);
  });
});

/** session_counts and session_hour_counts hold what grouping the sessions afresh gives. */
function expectCountsMatchRows() {
  const rows = (sql: string) => raw().prepare(sql).all();
  expect(rows('SELECT k, n FROM session_counts WHERE n != 0 ORDER BY k')).toEqual(
    rows(`SELECT json_array(status, sentiment, ai_closure_type, channel_type, language,
            handed_off, assist_mode, iif(assignee_id IS NULL, NULL, 'assigned')) AS k,
            count(*) AS n
          FROM sessions GROUP BY k ORDER BY k`),
  );
  expect(
    rows(`SELECT hour, status, sentiment, channel_type, n FROM session_hour_counts
          WHERE n != 0 ORDER BY 1, 2, 3, 4`),
  ).toEqual(
    rows(`SELECT created_at_ms / 3600000 AS hour, status, coalesce(sentiment, '') AS sentiment,
            channel_type, count(*) AS n
          FROM sessions GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
  );
}

describe('insertFirstNext', () => {
  it("keeps inserting first after a page that repeated only its predecessor's boundary sessions", () => {
    // Each page of an oldest-first walk repeats the sessions at the last instant of the one before.
    expect(insertFirstNext(1, 100)).toBe(true);
    expect(insertFirstNext(3, 100)).toBe(true);
    expect(insertFirstNext(0, 100)).toBe(true);
  });

  it('looks a page up at once after one that was mostly cached, or empty', () => {
    expect(insertFirstNext(100, 100)).toBe(false);
    expect(insertFirstNext(30, 100)).toBe(false);
    expect(insertFirstNext(0, 0)).toBe(false);
  });
});
