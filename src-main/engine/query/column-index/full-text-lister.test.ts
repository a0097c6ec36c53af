import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSession } from '../../store/testing/make-session';
import { openTempCache } from '../../store/testing/temp-dir';
import { startFullTextLister, type FullTextLister } from './full-text-lister';

const SEEN = '2026-02-01T00:00:00.000Z';
let cache: ReturnType<typeof openTempCache>;
let lister: FullTextLister;

beforeAll(() => {
  cache = openTempCache();
  cache.store.upsertSessions(
    ['Free plan', 'free trial', 'Pro plan', 'nothing here'].map((plan) =>
      makeSession({ custom_data: { plan } }),
    ),
    SEEN,
  );
  lister = startFullTextLister(join(cache.dir, 'cache.sqlite'));
});
afterAll(() => {
  lister.close();
  cache.dispose();
});

const onThisThread = (expression: string) =>
  cache.store.reader
    .prepare<[string], string | null>(
      'SELECT group_concat(rowid) FROM session_fts WHERE session_fts MATCH ?',
    )
    .pluck()
    .get(expression) ?? null;

describe('the full-text lister', () => {
  it('lists in its worker what FTS5 lists on the engine thread', async () => {
    for (const expression of ['"free"', '"plan"', '"pl"*', '"absent"']) {
      expect(await lister.list(expression)).toEqual(onThisThread(expression));
    }
    expect(await lister.list('"absent"')).toBeNull();
  });

  it('reads the vocabulary FTS5 keeps: common terms, and rows per three-character head', async () => {
    const { terms, heads } = await lister.vocabulary(2);
    expect(terms.map((t) => t.term).sort()).toEqual(['free', 'plan']);
    expect(terms.find((t) => t.term === 'plan')?.doc).toBe(2);
    expect(heads.find((h) => h.head === 'pla')?.doc).toBe(2);
  });

  it('rejects an expression FTS5 refuses, and keeps listing', async () => {
    await expect(lister.list('"unterminated')).rejects.toThrow(/unterminated string/);
    expect(await lister.list('"free"')).toEqual(onThisThread('"free"'));
  });

  it('rejects what is asked after it was closed', async () => {
    const closing = startFullTextLister(join(cache.dir, 'cache.sqlite'));
    closing.close();
    await expect(closing.list('"free"')).rejects.toThrow(/stopped/);
  });
});
