import Database from 'better-sqlite3';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpencx } from '../../../../fake-opencx/server';
import type { Session } from '../../../../src-shared/opencx/session';
import { mintCacheReader } from '../../store/cache/cache-handles';
import { openCacheReader, type ReadOnlyCache } from '../../store/cache/open-cache-reader';
import { openTempCache } from '../../store/testing/temp-dir';
import { FILTER_COLUMNS, type SqlClause } from '../filter-columns';
import { loadColumnSnapshot, type ColumnSnapshot } from './column-snapshot';
import { TermPostings, termPostingsBuilt } from './term-postings';

// Held terms must answer exactly as FTS5 does: every query a user can type whose words the
// postings hold is asked of both, over the same cache, here with the threshold lowered so that
// a small cache has common terms.

const NOW = Date.parse('2026-05-01T00:00:00.000Z');
const MIN_ROWS = 40;

let cache: ReturnType<typeof openTempCache>;
let own: ReadOnlyCache;
let snapshot: ColumnSnapshot;
let postings: TermPostings;
let vocabulary: { term: string; doc: number }[];

beforeAll(async () => {
  const fake = await startFakeOpencx({ seed: 11, sessions: 400, rateLimit: false, now: () => NOW });
  const truth = fake.truth();
  await fake.close();
  cache = openTempCache();
  cache.store.upsertSessions(
    truth.sessions.map((t) => t.session as Session),
    new Date(NOW).toISOString(),
  );
  own = openCacheReader(join(cache.dir, 'cache.sqlite'));
  const loaded = await loadColumnSnapshot(own.reader);
  if (!loaded) throw new Error('The snapshot should load.');
  snapshot = loaded;
  postings = new TermPostings(snapshot, cache.store.reader, { minRows: MIN_ROWS });
  await termPostingsBuilt();
  vocabulary = cache.store.reader
    .prepare<[], { term: string; doc: number }>('SELECT term, doc FROM session_fts_vocab')
    .all();
});
afterAll(() => {
  own?.close();
  cache?.dispose();
});

function clausesOf(q: string): SqlClause[] {
  return FILTER_COLUMNS.q.where(q);
}

/** The rows SQLite lists for `clauses`, as RowMasks lists them without postings. */
function sqlMask(clauses: readonly SqlClause[]): Uint8Array {
  const mask = new Uint8Array(snapshot.rows);
  for (const clause of clauses) {
    const rids = cache.store.reader
      .prepare<unknown[], number>(`SELECT s.rid FROM sessions s WHERE ${clause.sql}`)
      .pluck()
      .all(...clause.params);
    for (const rid of rids) mask[snapshot.rowOf(rid)] = 1;
  }
  return mask;
}

describe('TermPostings', () => {
  it('holds the terms and short prefixes in at least the threshold of rows', () => {
    const held = postings.heldKeys();
    const common = vocabulary.filter(
      ({ term, doc }) => doc >= MIN_ROWS && /^[0-9a-z]+$/.test(term),
    );
    expect(common.length).toBeGreaterThan(3);
    for (const { term } of common) expect(held).toContain(term);
    expect(held.some((key) => /^[0-9a-z]{2}\*$/.test(key))).toBe(true);
    expect(held.some((key) => /^[0-9a-z]{3}\*$/.test(key))).toBe(true);
  });

  it('answers every query made of held words and prefixes exactly as FTS5 does', () => {
    const keys = postings.heldKeys();
    // Held words and prefixes as a user may type them (any case), and words that are not held.
    const word = fc.oneof(
      fc.constantFrom(...keys.filter((key) => !key.endsWith('*'))),
      fc.constantFrom(...keys.filter((key) => key.endsWith('*')).map((key) => key.slice(0, -1))),
      fc.constantFrom(...vocabulary.map(({ term }) => term)),
    );
    const typed = fc
      .tuple(
        fc.array(fc.tuple(word, fc.boolean()), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('', ' '),
      )
      .map(
        ([words, end]) => words.map(([w, upper]) => (upper ? w.toUpperCase() : w)).join(' ') + end,
      );
    let held = 0;
    fc.assert(
      fc.property(typed, (q) => {
        const clauses = clausesOf(q);
        const mask = postings.maskOf(clauses);
        if (!mask) return;
        held++;
        expect(mask).toEqual(sqlMask(clauses));
      }),
      { numRuns: 300 },
    );
    expect(held).toBeGreaterThan(50);
  });

  it('holds each held word as typed too, a prefix, exactly as FTS5 lists it', () => {
    const keys = postings.heldKeys();
    const words = keys.filter((key) => !key.endsWith('*'));
    expect(words.length).toBeGreaterThan(3);
    let longer = 0;
    for (const word of words) {
      expect(keys).toContain(`${word}*`);
      // No space after it: the last word of a search is a prefix ("refund"* finds refunds).
      const clauses = clausesOf(word);
      expect(postings.maskOf(clauses)).toEqual(sqlMask(clauses));
      if (!sqlMask(clauses).every((bit, row) => bit === sqlMask(clausesOf(`${word} `))[row])) {
        longer++;
      }
    }
    // Some words begin others here (the prefix then has rows of its own), some do not.
    expect(longer).toBeGreaterThan(0);
    expect(longer).toBeLessThan(words.length);
  });

  it('leaves to FTS5 what it does not hold: rare words, phrases, other scripts, other clauses', () => {
    const rare = vocabulary.find(({ term, doc }) => doc === 1 && /^[a-z]+$/.test(term));
    const [common] = postings.heldKeys().filter((key) => !key.endsWith('*'));
    expect(rare && common).toBeTruthy();
    for (const q of [`${rare?.term} `, `${common} ${rare?.term}`, `${common}-${common} `, 'zoë ']) {
      expect(postings.maskOf(clausesOf(q))).toBeNull();
    }
    const [clause] = clausesOf(`${common} `);
    expect(clause && postings.maskOf([clause, clause])).toBeNull();
    expect(postings.maskOf([{ sql: 's.status = ?', params: [`"${common}"`] }])).toBeNull();
  });

  it('holds nothing, and fails nothing, when the vocabulary cannot be read', async () => {
    // A file with no full-text index at all, as good as a cache before migration 009.
    const path = join(cache.dir, 'bare.sqlite');
    const made = new Database(path);
    made.exec('CREATE TABLE t (x)');
    made.close();
    const bare = new Database(path, { readonly: true });
    const none = new TermPostings(snapshot, mintCacheReader(bare), { minRows: MIN_ROWS });
    await termPostingsBuilt();
    expect(none.heldKeys()).toEqual([]);
    expect(none.maskOf(clausesOf(`${postings.heldKeys()[0] ?? 'x'} `))).toBeNull();
    bare.close();
  });

  it('stops building once newer postings of the same connection start', async () => {
    const older = new TermPostings(snapshot, cache.store.reader, { minRows: MIN_ROWS });
    const newer = new TermPostings(snapshot, cache.store.reader, { minRows: MIN_ROWS });
    await termPostingsBuilt();
    expect(older.heldKeys()).toEqual([]);
    expect(newer.heldKeys()).toEqual(postings.heldKeys());
  });
});
