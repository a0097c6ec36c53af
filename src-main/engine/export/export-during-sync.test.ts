import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/app-error';
import type { CacheStore } from '../store/cache-store';
import { generateSessions, makeSession } from '../store/testing/make-session';
import { makeTempDir, openTempCache } from '../store/testing/temp-dir';
import type { ExportProgress } from './export-progress';
import { exportSessionsToFile, type ExportOptions, type ExportRequest } from './export-sessions';

// "All fields" plans its columns from the fields it has seen; a sync writing while the export
// reads its rows can bring a session with a field none of them had. Its value must reach the
// file (or the export must fail and say so), never be dropped.

let cache: { store: CacheStore; dispose: () => void };
let out: { dir: string; remove: () => void };
beforeEach(() => {
  cache = openTempCache();
  cache.store.upsertSessions(generateSessions(300, 31).sessions, '2026-01-01T00:00:00.000Z');
  out = makeTempDir('session-desk-export-sync-');
});
afterEach(() => {
  cache.dispose();
  out.remove();
});

/** Older than every generated session, so it comes last in the list's sort (newest first). */
const late = () =>
  makeSession({
    created_at: '2020-01-01T00:00:00.000Z',
    updated_at: '2020-01-01T00:00:00.000Z',
    custom_data: { arrived_late: 'the late value' },
  });

/** Runs `write` once, as soon as the first rows of the export are written. */
function afterFirstRows(write: () => void): ExportOptions['onProgress'] {
  let done = false;
  return (progress: ExportProgress) => {
    if (done || progress.phase !== 'rows' || progress.done === 0) return;
    done = true;
    write();
  };
}

async function exportCsv(options: ExportOptions, format: ExportRequest['format'] = 'csv') {
  const path = join(out.dir, `export.${format}`);
  const result = await exportSessionsToFile(
    cache.store.reader,
    { selection: { filter: {} }, columns: 'all', format },
    path,
    { batchSize: 50, progressIntervalMs: 0, ...options },
  );
  const [header, ...records] = parse(readFileSync(path, 'utf8')) as string[][];
  return { result, header: header as string[], records };
}

describe("an 'all fields' export while a sync writes", () => {
  it('writes the column of a field that a session committed mid-export brought', async () => {
    const session = late();
    const { result, header, records } = await exportCsv({
      onProgress: afterFirstRows(() =>
        cache.store.upsertSessions([session], '2026-01-02T00:00:00Z'),
      ),
    });
    const column = header.indexOf('custom_data.arrived_late');
    expect(column).toBeGreaterThan(-1);
    const row = records.find((record) => record[header.indexOf('id')] === session.id);
    expect(row?.[column]).toBe('the late value');
    expect(result.rows).toBe(301);
  });

  it("writes it too when the columns come from a worker that cannot see the sync's pages yet", async () => {
    const session = late();
    const batch = cache.store.holdWrites();
    try {
      const { header, records } = await exportCsv({
        // The worker learns the fields (its own connection sees committed sessions only), while
        // the rows come from the connection that also sees the sync's uncommitted pages.
        backgroundDiscovery: { fromRows: 10, sampleRows: 20 },
        onProgress: afterFirstRows(() =>
          batch.write(() => cache.store.upsertSessions([session], '2026-01-02T00:00:00Z')),
        ),
      });
      const column = header.indexOf('custom_data.arrived_late');
      expect(column).toBeGreaterThan(-1);
      const row = records.find((record) => record[header.indexOf('id')] === session.id);
      expect(row?.[column]).toBe('the late value');
    } finally {
      batch.commit();
    }
  });

  it('fails an XLSX file, which cannot be written again, with a sentence instead of dropping the value', async () => {
    const path = join(out.dir, 'export.xlsx');
    const exported = exportSessionsToFile(
      cache.store.reader,
      { selection: { filter: {} }, columns: 'all', format: 'xlsx' },
      path,
      {
        batchSize: 50,
        progressIntervalMs: 0,
        onProgress: afterFirstRows(() =>
          cache.store.upsertSessions([late()], '2026-01-02T00:00:00Z'),
        ),
      },
    );
    await expect(exported).rejects.toThrow(AppError);
    await expect(exported).rejects.toThrow(/export again/);
  });
});
