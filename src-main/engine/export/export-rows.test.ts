import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectExportRows, type ExportRow } from '../query/export-rows';
import { querySessions } from '../query/session-query';
import type { CacheStore } from '../store/cache-store';
import { generateSessions, messageEvent } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';

// The export's batch reader (query/export-rows.ts): the list's order, one short read per batch,
// and writes between batches neither repeat nor skip rows that did not change.

let cache: { store: CacheStore; dispose: () => void };
const data = generateSessions(120, 3);

beforeEach(() => {
  cache = openTempCache();
  cache.store.upsertSessions(data.sessions, '2026-01-01T00:00:00.000Z');
});
afterEach(() => cache.dispose());

const ids = (batches: Iterable<ExportRow[]>) => [...batches].flat().map((row) => row.session.id);

describe('selectExportRows', () => {
  it('reads a filter in the same order as the list, batch by batch', () => {
    const sort = { field: 'updated_at', order: 'asc' } as const;
    const rows = selectExportRows(cache.store.reader, { filter: {}, sort }, Date.now());
    const batches = [...rows.batches({ withHistory: false, batchSize: 7 })];
    expect(batches.every((batch) => batch.length <= 7)).toBe(true);
    const list = querySessions(cache.store.reader, { sort, limit: 500 }, Date.now());
    expect(batches.flat().map((row) => row.session.id)).toEqual(
      list.items.map((session) => session.id),
    );
    expect(rows.total).toBe(120);
  });

  it('rows written between batches are not repeated, and unchanged rows are not skipped', () => {
    const sort = { field: 'created_at', order: 'desc' } as const;
    const rows = selectExportRows(cache.store.reader, { filter: {}, sort }, Date.now());
    const seen: string[] = [];
    let changed = false;
    for (const batch of rows.batches({ withHistory: false, batchSize: 10 })) {
      seen.push(...batch.map((row) => row.session.id));
      if (!changed) {
        changed = true;
        // A sync between two batches: some rows updated (their created_at is unchanged).
        cache.store.upsertSessions(
          data.sessions.slice(0, 50).map((s) => ({ ...s, updated_at: '2027-01-01T00:00:00.000Z' })),
          '2026-02-01T00:00:00.000Z',
        );
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(data.sessions.map((s) => s.id).sort());
  });

  it('ids: the list order, duplicates once, unknown ids reported, deleted ones left out', () => {
    const sort = { field: 'ticket_number', order: 'asc' } as const;
    const chosen = [data.sessions[5], data.sessions[1], data.sessions[9], data.sessions[5]].map(
      (s) => s?.id as string,
    );
    const rows = selectExportRows(
      cache.store.reader,
      { ids: [...chosen, 'missing-id'], sort },
      Date.now(),
    );
    expect(rows.total).toBe(3);
    expect(rows.notCached).toEqual(['missing-id']);
    cache.store.markDeleted([data.sessions[9]?.id as string], '2026-03-01T00:00:00.000Z');
    expect(ids(rows.batches({ withHistory: false, batchSize: 1 }))).toEqual([
      data.sessions[1]?.id,
      data.sessions[5]?.id,
    ]);
  });

  it('documents: every selected session once, as stored, in batches, whatever the sort', () => {
    const filter = { status: ['open' as const] };
    const rows = selectExportRows(
      cache.store.reader,
      { filter, sort: { field: 'ticket_number', order: 'desc' } },
      Date.now(),
    );
    const batches = [...rows.documents(7)];
    expect(batches.every((batch) => batch.length <= 7)).toBe(true);
    const documents = batches.flat();
    const expected = ids(rows.batches({ withHistory: false }));
    expect(expected.length).toBeGreaterThan(7);
    expect(expected.length).toBeLessThan(data.sessions.length);
    expect(documents.map(([id]) => id).sort()).toEqual([...expected].sort());
    for (const [id, json] of documents) {
      expect(JSON.parse(json)).toEqual(data.sessions.find((s) => s.id === id));
    }

    // A full-text filter, answered by FTS5 within the same storage-order read.
    const named = data.sessions.find((session) => session.contact?.name);
    const word = (named?.contact?.name ?? '').split(' ')[0] as string;
    const searched = selectExportRows(cache.store.reader, { filter: { q: word } }, Date.now());
    const found = ids(searched.batches({ withHistory: false }));
    expect(found.length).toBeGreaterThan(0);
    expect(
      [...searched.documents(3)]
        .flat()
        .map(([id]) => id)
        .sort(),
    ).toEqual(found.sort());

    const chosen = [data.sessions[3]?.id as string, data.sessions[8]?.id as string];
    const selected = selectExportRows(cache.store.reader, { ids: chosen }, Date.now());
    cache.store.markDeleted([chosen[1] as string], '2026-03-01T00:00:00.000Z');
    expect([...selected.documents(1)].flat().map(([id]) => id)).toEqual([chosen[0]]);
  });

  it('carries tags, the exact last message time and, when asked, the transcript', () => {
    const first = data.sessions[0]?.id as string;
    cache.store.replaceTagCatalog([{ tag_name: 'b' }, { tag_name: 'a' }]);
    cache.store.setTagMembers('b', [first]);
    cache.store.setTagMembers('a', [first]);
    cache.store.saveHistory(first, [messageEvent('m', '2026-01-02T00:00:00.000Z', 'hi')]);
    const rows = selectExportRows(cache.store.reader, { ids: [first] }, Date.now());
    const [row] = [...rows.batches({ withHistory: true })].flat();
    expect(row?.tags).toEqual(['a', 'b']);
    expect(row?.last_message_at).toBe('2026-01-02T00:00:00.000Z');
    expect(row?.history).toHaveLength(1);
    const [plain] = [...rows.batches({ withHistory: false })].flat();
    expect(plain).not.toHaveProperty('history');
    expect(plain?.tags).toEqual(['a', 'b']);
    // A reader that writes no tags column skips the per-row tag lookup.
    const [untagged] = [...rows.batches({ withHistory: false, withTags: false })].flat();
    expect(untagged?.tags).toEqual([]);
    expect(untagged?.session.id).toBe(first);
    // Nor does one without a last_message_at column read the exact time.
    const [untimed] = [...rows.batches({ withHistory: false, withLastMessageAt: false })].flat();
    expect(untimed?.last_message_at).toBeNull();

    const filtered = selectExportRows(cache.store.reader, { filter: {} }, Date.now());
    expect(filtered.idsWithoutHistory()).toHaveLength(119);
    expect(filtered.idsWithoutHistory()).not.toContain(first);
    expect(rows.idsWithoutHistory()).toEqual([]);
  });
});
