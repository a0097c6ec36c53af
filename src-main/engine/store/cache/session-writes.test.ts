import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSessions } from '../testing/make-session';
import { openTempCache } from '../testing/temp-dir';

let cache: ReturnType<typeof openTempCache>;
beforeEach(() => {
  cache = openTempCache();
});
afterEach(() => cache.dispose());

const raw = () => cache.store.reader as unknown as Database.Database;
const searchable = (word: string) =>
  raw()
    .prepare('SELECT count(*) FROM session_fts WHERE session_fts MATCH ?')
    .pluck()
    .get(`"${word}"*`);
const customRows = () => raw().prepare('SELECT count(*) FROM session_custom_data').pluck().get();

describe('upsertSessions', () => {
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
});
