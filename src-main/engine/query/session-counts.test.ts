import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { openCacheStore, type CacheStore } from '../store/cache-store';
import { migrate } from '../store/migrate';
import { cacheMigrations } from '../store/migrations/cache';
import { GENERATED_TAGS, generateSessions, seededRandom } from '../store/testing/make-session';
import { makeTempDir } from '../store/testing/temp-dir';
import { facetCounts } from './facets';
import { filterToSql } from './filter-to-sql';
import { countAll, countMatching, isCountable } from './session-counts';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const SEEN = '2026-01-01T00:00:00.000Z';

let temp: ReturnType<typeof makeTempDir>;
let store: CacheStore;
beforeEach(() => {
  temp = makeTempDir();
  store = openCacheStore(join(temp.dir, 'cache.sqlite')).store;
});
afterEach(() => {
  store.close();
  temp.remove();
});

/** What session_counts must hold: the sessions grouped afresh. */
function groupedAfresh(db: Database.Database | CacheStore): string {
  const reader = 'reader' in db ? (db.reader as unknown as Database.Database) : db;
  const fresh = reader
    .prepare(
      `SELECT json_array(status, sentiment, ai_closure_type, channel_type, language, handed_off,
         assist_mode, iif(assignee_id IS NULL, NULL, 'assigned')) AS k, count(*) AS n
       FROM sessions GROUP BY k ORDER BY k`,
    )
    .all();
  const kept = reader.prepare('SELECT k, n FROM session_counts WHERE n > 0 ORDER BY k').all();
  expect(kept).toEqual(fresh);
  return JSON.stringify(kept);
}

function randomCountableFilter(random: () => number): SessionFilter {
  const some = <T>(values: readonly T[]): T[] => values.filter(() => random() < 0.4);
  const filter: SessionFilter = {};
  if (random() < 0.5) filter.status = some(['open', 'closed_resolved', 'closed_unresolved']);
  if (random() < 0.5) filter.sentiment = some(['angry', 'happy', 'neutral', 'none']);
  if (random() < 0.4) filter.ai_closure_type = some(['assumed_resolved', 'handed_off', 'resolved']);
  if (random() < 0.5) filter.channels = some(['web', 'email', 'sms', 'whatsapp', 'api']);
  if (random() < 0.4) filter.languages = some(['en', 'de', 'fr', 'es', 'nl']);
  if (random() < 0.3) filter.handed_off = random() < 0.5;
  if (random() < 0.3) filter.assist_mode = random() < 0.5;
  if (random() < 0.3) filter.unassigned = random() < 0.5;
  return filter;
}

describe('session_counts', () => {
  it('answers every total made of enum keys exactly as counting the sessions does', () => {
    store.upsertSessions(generateSessions(600, 11).sessions, SEEN);
    const random = seededRandom(5);
    const raw = store.reader as unknown as Database.Database;
    for (let i = 0; i < 300; i++) {
      const filter = randomCountableFilter(random);
      expect(isCountable(filter, NOW)).toBe(true);
      const { where, params } = filterToSql(filter, NOW);
      const counted = raw
        .prepare(`SELECT count(*) FROM sessions s WHERE ${where}`)
        .pluck()
        .get(...params);
      expect(countMatching(store.reader, filter, NOW, where, params), JSON.stringify(filter)).toBe(
        counted,
      );
    }
    expect(countAll(store.reader)).toBe(600);
  });

  it('counts filters made only of tags, custom data and full text from their id sets alone', () => {
    const data = generateSessions(500, 12);
    store.upsertSessions(data.sessions, SEEN);
    store.replaceTagCatalog(GENERATED_TAGS.map((tag_name) => ({ tag_name })));
    for (const tag of GENERATED_TAGS) {
      store.setTagMembers(
        tag,
        [...data.tags].filter(([, tags]) => tags.includes(tag)).map(([id]) => id),
      );
    }
    const random = seededRandom(21);
    const raw = store.reader as unknown as Database.Database;
    const filters: SessionFilter[] = [];
    for (let i = 0; i < 150; i++) {
      const filter: SessionFilter = {};
      if (random() < 0.6) filter.tags = GENERATED_TAGS.filter(() => random() < 0.3);
      if (random() < 0.5) {
        const pairs: [string, string | number | boolean][] = [
          ['plan', 'pro'],
          ['plan', 'enterprise'],
          ['vip', true],
          ['order_count', 2],
          ['order_count', '2'],
        ];
        filter.custom_data = Object.fromEntries(pairs.filter(() => random() < 0.35));
      }
      if (random() < 0.4) filter.q = ['ada', 'gr', 'billing', 'zz'][Math.floor(random() * 4)];
      filters.push(filter);
    }
    for (const filter of filters) {
      const { where, params } = filterToSql(filter, NOW);
      const counted = raw
        .prepare(`SELECT count(*) FROM sessions s WHERE ${where}`)
        .pluck()
        .get(...params);
      expect(countMatching(store.reader, filter, NOW, where, params), JSON.stringify(filter)).toBe(
        counted,
      );
    }
  });

  it('is not used for keys it does not hold', () => {
    expect(isCountable({ status: ['open'], tags: ['vip'] }, NOW)).toBe(false);
    expect(isCountable({ assignee_ids: ['3'] }, NOW)).toBe(false);
    expect(isCountable({ team_ids: ['t'] }, NOW)).toBe(false);
    expect(isCountable({ q: 'ada' }, NOW)).toBe(false);
    expect(isCountable({ created_at: { within_last: { amount: 7, unit: 'days' } } }, NOW)).toBe(
      false,
    );
    // Keys that constrain nothing do not stand in the way.
    expect(isCountable({ tags: [], q: '  ', status: ['open'] }, NOW)).toBe(true);
  });

  it('stays exact through updates that change the counted columns, deletions and returns', () => {
    const { sessions } = generateSessions(400, 3);
    store.upsertSessions(sessions, SEEN);
    groupedAfresh(store);
    const later = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString();
    const changed = sessions.slice(0, 150).map((session, i) => ({
      ...session,
      updated_at: later(session.updated_at),
      status: i % 2 === 0 ? 'closed_resolved' : session.status,
      assignee_id: i % 3 === 0 ? null : '7',
      sentiment: i % 5 === 0 ? null : session.sentiment,
      language: i % 7 === 0 ? 'pt' : session.language,
    }));
    store.upsertSessions(changed, '2026-01-02T00:00:00.000Z');
    groupedAfresh(store);
    store.markDeleted(
      sessions.slice(100, 180).map((session) => session.id),
      '2026-01-03T00:00:00.000Z',
    );
    groupedAfresh(store);
    expect(countAll(store.reader)).toBe(320);
    // A deleted session that comes back is counted again.
    store.upsertSessions(sessions.slice(150, 170), '2026-01-04T00:00:00.000Z');
    groupedAfresh(store);
    expect(countAll(store.reader)).toBe(340);
  });

  it('is filled from the sessions already cached when the migration runs', () => {
    const path = join(temp.dir, 'older.sqlite');
    const db = new Database(path);
    migrate(db, cacheMigrations.slice(0, 3), path);
    // A cache of the previous schema with sessions in it.
    const insert = db.prepare(`
      INSERT INTO sessions (id, status, sentiment, ai_closure_type, channel_type, ticket_number,
        assist_mode, created_at_ms, updated_at_ms, language, assignee_id, handed_off, seen_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, '${SEEN}')`);
    db.transaction(() => {
      for (const s of generateSessions(250, 9).sessions) {
        insert.run(
          s.id,
          s.status,
          s.sentiment ?? null,
          s.ai_closure_type ?? null,
          s.channel.type,
          s.ticket_number,
          s.assist_mode ? 1 : 0,
          s.language ?? null,
          s.assignee_id ?? null,
          s.handoff ? 1 : 0,
        );
      }
    })();
    db.close();
    const reopened = openCacheStore(path).store;
    try {
      groupedAfresh(reopened);
      expect(countAll(reopened.reader)).toBe(250);
    } finally {
      reopened.close();
    }
  });

  it('gives the same facets as counting the sessions', () => {
    store.upsertSessions(generateSessions(500, 4).sessions, SEEN);
    const random = seededRandom(8);
    for (let i = 0; i < 40; i++) {
      const filter = randomCountableFilter(random);
      const fromCounts = facetCounts(store.reader, filter, NOW, { budgetMs: Infinity });
      const fromRows = facetCounts(store.reader, filter, NOW, {
        budgetMs: Infinity,
        strategy: 'one-pass',
      });
      expect(fromCounts.facets, JSON.stringify(filter)).toEqual(fromRows.facets);
    }
  });
});
