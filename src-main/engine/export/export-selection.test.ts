import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { SessionSort } from '../../../src-shared/filter/session-sort';
import { querySessions } from '../query/session-query';
import type { CacheStore } from '../store/cache-store';
import { messageEvent } from '../store/testing/make-session';
import { makeTempDir, openTempCache } from '../store/testing/temp-dir';
import { LIST_COLUMN_IDS } from './export-columns';
import type { ExportProgress } from './export-progress';
import { exportSessionsToFile, type ExportRequest } from './export-sessions';
import { nastyData, seedNasty, type NastyData } from './testing/nasty-sessions';

// What is exported, in which order and with which columns; transcripts fetched or listed as
// missing; progress.

let cache: { store: CacheStore; dir: string; dispose: () => void };
let data: NastyData;
let out: { dir: string; remove: () => void };

beforeAll(() => {
  cache = openTempCache();
  data = nastyData();
  seedNasty(cache.store, data);
  out = makeTempDir('session-desk-export-');
});
afterAll(() => {
  cache.dispose();
  out.remove();
});

let fileNumber = 0;
async function exportCsv(request: Omit<ExportRequest, 'format'>, options = {}) {
  const path = join(out.dir, `export-${++fileNumber}.csv`);
  const result = await exportSessionsToFile(
    cache.store.reader,
    { ...request, format: 'csv' },
    path,
    options,
  );
  const [header, ...records] = parse(readFileSync(path, 'utf8')) as string[][];
  return { result, header: header as string[], records };
}

function queryOrder(filter: SessionFilter, sort: Partial<SessionSort>): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = querySessions(cache.store.reader, { filter, sort, limit: 7, cursor }, Date.now());
    ids.push(...page.items.map((session) => session.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

describe('selection', () => {
  const sorts: Array<Partial<SessionSort>> = [
    {},
    { field: 'created_at', order: 'asc' },
    { field: 'created_at', order: 'desc' },
    { field: 'updated_at', order: 'asc' },
    { field: 'ticket_number', order: 'desc' },
    { field: 'last_message_at', order: 'asc' },
  ];

  it.each(sorts)('a filter exports every match in the list order (sort %o)', async (sort) => {
    const filter: SessionFilter = { status: ['open', 'closed_resolved'] };
    const { records, result } = await exportCsv(
      { selection: { filter, sort }, columns: ['id'] },
      { batchSize: 3 },
    );
    const expected = queryOrder(filter, sort);
    expect(expected.length).toBeGreaterThan(10);
    expect(records.map((record) => record[0])).toEqual(expected);
    expect(result.rows).toBe(expected.length);
  });

  it('a full-text q narrows the export like the list', async () => {
    const filter: SessionFilter = { q: 'grace' };
    const { records } = await exportCsv({ selection: { filter }, columns: ['id'] });
    const expected = queryOrder(filter, {});
    expect(expected.length).toBeGreaterThan(0);
    expect(records.map((record) => record[0])).toEqual(expected);
  });

  it('selected ids come in the list sort; ids not cached are reported, not exported', async () => {
    const all = queryOrder({}, { field: 'created_at', order: 'desc' });
    const chosen = [all[9], all[2], all[30], all[2], all[0]] as string[];
    const { records, result } = await exportCsv(
      {
        selection: {
          ids: ['not-a-cached-id', ...chosen],
          sort: { field: 'created_at', order: 'desc' },
        },
        columns: ['id'],
      },
      { batchSize: 2 },
    );
    expect(records.map((record) => record[0])).toEqual([all[0], all[2], all[9], all[30]]);
    expect(result.not_cached).toEqual(['not-a-cached-id']);
    expect(result.rows).toBe(4);
  });

  it('refuses a bad filter, sort, format or id list with a sentence, writing nothing', async () => {
    const before = readdirSync(out.dir);
    const attempts: unknown[] = [
      { selection: { filter: { status: ['nope'] } }, format: 'csv' },
      { selection: { filter: {}, sort: { field: 'colour' } }, format: 'csv' },
      { selection: { filter: {} }, format: 'pdf' },
      { selection: { ids: [''] }, format: 'csv' },
      { selection: { ids: ['a'], filter: {} }, format: 'csv' },
      { selection: null, format: 'csv' },
      { selection: { filter: {} }, format: 'csv', bom: 'yes' },
      { selection: { filter: {} }, format: 'csv', timeZone: 'Mars/Olympus' },
    ];
    for (const request of attempts) {
      const attempt = exportSessionsToFile(
        cache.store.reader,
        request as ExportRequest,
        join(out.dir, 'refused.csv'),
      );
      await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
    }
    await expect(
      exportSessionsToFile(
        cache.store.reader,
        { selection: { filter: {} }, format: 'pdf' as 'csv' },
        join(out.dir, 'refused.csv'),
      ),
    ).rejects.toThrow('Export format "pdf" is not one of csv, xlsx, json, jsonl.');
    expect(readdirSync(out.dir)).toEqual(before);
  });
});

describe('columns', () => {
  it('a chosen list keeps its order, custom-data keys included', async () => {
    const columns = ['tags', 'custom_data.plan', 'id', 'contact.email', 'team.name'];
    const { header, records } = await exportCsv({
      selection: { ids: [data.sessions[0]?.id as string] },
      columns,
    });
    expect(header).toEqual(columns);
    expect(records[0]).toEqual([
      'billing, refunds, vip',
      "'=1+1",
      data.sessions[0]?.id,
      `'${data.sessions[0]?.contact?.email}`,
      data.sessions[0]?.team?.name,
    ]);
  });

  it("'list' is the list's visible columns; transcripts add their column at the end", async () => {
    const { header } = await exportCsv({ selection: { filter: {} }, columns: 'list' });
    expect(header).toEqual(LIST_COLUMN_IDS);
    const withTranscript = await exportCsv({
      selection: { filter: {} },
      columns: 'list',
      transcripts: true,
    });
    expect(withTranscript.header).toEqual([...LIST_COLUMN_IDS, 'transcript']);
  });

  it('an unknown column is refused with a sentence naming it and the valid ones', async () => {
    const attempt = exportSessionsToFile(
      cache.store.reader,
      { selection: { filter: {} }, format: 'csv', columns: ['id', 'contact.mail', 'colour'] },
      join(out.dir, 'never.csv'),
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt).rejects.toThrow(
      /^Unknown columns "contact\.mail", "colour"\. Valid columns: id, ticket_number, .*contact\.email.*, and custom_data\.<key>, contact\.custom_data\.<key>, contact\.non_verified_custom_data\.<key>; or "list" or "all"\.$/,
    );
    await expect(
      exportSessionsToFile(
        cache.store.reader,
        { selection: { filter: {} }, format: 'csv', columns: ['id', 'id'] },
        join(out.dir, 'never.csv'),
      ),
    ).rejects.toThrow('Column "id" is listed twice.');
    expect(readdirSync(out.dir)).not.toContain('never.csv');
  });
});

describe('transcripts', () => {
  it('offline: missing transcripts are listed and marked in their cell, never empty', async () => {
    const { header, records, result } = await exportCsv({
      selection: { filter: {} },
      columns: ['id'],
      transcripts: true,
    });
    expect(header).toEqual(['id', 'transcript']);
    const missing = records.filter((record) => record[1] === '(transcript not downloaded)');
    expect(missing.length).toBeGreaterThan(0);
    expect(result.missing_transcripts.sort()).toEqual(missing.map((r) => r[0]).sort());
    expect(result.transcripts_notice).toMatch(/offline/);
    expect(records.every((record) => (record[1] ?? '').length > 0)).toBe(true);
  });

  it('online: missing transcripts are downloaded first, with progress; failures stay listed', async () => {
    const temp = openTempCache();
    try {
      const fresh = nastyData();
      seedNasty(temp.store, fresh);
      const withoutHistory = fresh.sessions.filter((s) => !fresh.histories.has(s.id));
      const failing = withoutHistory[0]?.id as string;
      const fetched: string[] = [];
      const progress: ExportProgress[] = [];
      const path = join(out.dir, 'online.jsonl');
      const result = await exportSessionsToFile(
        temp.store.reader,
        { selection: { filter: {} }, format: 'jsonl', transcripts: true },
        path,
        {
          progressIntervalMs: 0,
          onProgress: (p) => progress.push(p),
          fetchTranscript: async (id) => {
            if (id === failing) throw new AppError('server_error', 'The server failed.');
            fetched.push(id);
            temp.store.saveHistory(id, [messageEvent(`${id}-1`, '2026-08-01T00:00:00.000Z', 'hi')]);
          },
        },
      );
      expect(fetched.sort()).toEqual(
        withoutHistory
          .map((s) => s.id)
          .filter((id) => id !== failing)
          .sort(),
      );
      expect(result.fetched_transcripts).toBe(withoutHistory.length - 1);
      expect(result.missing_transcripts).toEqual([failing]);
      expect(result.transcripts_notice).toBe('1 transcript could not be downloaded.');
      const documents = readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; history: unknown[] | null });
      expect(documents.find((d) => d.id === fetched[0])?.history).toHaveLength(1);
      expect(documents.find((d) => d.id === failing)?.history).toBeNull();

      const phases = progress.map((p) => p.phase);
      expect(phases.indexOf('rows')).toBeGreaterThan(phases.lastIndexOf('transcripts'));
      expect(progress.filter((p) => p.phase === 'transcripts').at(-1)).toEqual({
        phase: 'transcripts',
        done: withoutHistory.length,
        total: withoutHistory.length,
      });
      expect(progress.at(-1)).toEqual({
        phase: 'rows',
        done: fresh.sessions.length,
        total: fresh.sessions.length,
      });
    } finally {
      temp.dispose();
    }
  });

  it('stops downloading at the first offline answer and says so', async () => {
    let calls = 0;
    const { result } = await exportCsv(
      { selection: { filter: {} }, columns: ['id'], transcripts: true },
      {
        fetchTranscript: async () => {
          calls++;
          throw new AppError('offline', 'You are offline.');
        },
      },
    );
    expect(calls).toBeLessThanOrEqual(4);
    expect(result.missing_transcripts.length).toBeGreaterThan(4);
    expect(result.transcripts_notice).toBe('Transcripts not downloaded: You are offline.');
  });
});

describe('progress', () => {
  it('reports rows written of the total, throttled, ending at the total', async () => {
    const progress: ExportProgress[] = [];
    await exportCsv(
      { selection: { filter: {} }, columns: ['id'] },
      { batchSize: 5, progressIntervalMs: 0, onProgress: (p: ExportProgress) => progress.push(p) },
    );
    const total = data.sessions.length;
    expect(progress[0]).toEqual({ phase: 'rows', done: 0, total });
    expect(progress.at(-1)).toEqual({ phase: 'rows', done: total, total });
    const done = progress.map((p) => p.done);
    expect([...done].sort((a, b) => a - b)).toEqual(done);

    const throttled: ExportProgress[] = [];
    await exportCsv(
      { selection: { filter: {} }, columns: ['id'] },
      {
        batchSize: 1,
        progressIntervalMs: 60_000,
        onProgress: (p: ExportProgress) => throttled.push(p),
      },
    );
    expect(throttled).toEqual([
      { phase: 'rows', done: 0, total },
      { phase: 'rows', done: total, total },
    ]);
  });
});
