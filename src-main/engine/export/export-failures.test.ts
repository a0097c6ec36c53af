import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../store/cache-store';
import { generateSessions } from '../store/testing/make-session';
import { makeTempDir, openTempCache } from '../store/testing/temp-dir';
import type { AtomicFileSystem } from './atomic-file';
import type { ExportFormat } from './export-format';
import {
  exportSessionsToFile,
  exportSessionsToWritable,
  type ExportRequest,
} from './export-sessions';

// Cancel and failure leave nothing under the chosen name and no temporary file, and say why in a
// sentence; a stream target gets backpressure.

const COUNT = 3000;
let cache: { store: CacheStore; dir: string; dispose: () => void };
let out: { dir: string; remove: () => void };

beforeAll(() => {
  cache = openTempCache();
  cache.store.upsertSessions(generateSessions(COUNT, 5).sessions, '2026-01-01T00:00:00.000Z');
});
afterAll(() => cache.dispose());
beforeEach(() => {
  out?.remove();
  out = makeTempDir('session-desk-export-');
});
afterAll(() => out.remove());

const request = (format: ExportFormat): ExportRequest => ({
  selection: { filter: {} },
  format,
  columns: 'all',
});

const FORMATS: ExportFormat[] = ['csv', 'xlsx', 'json', 'jsonl'];

/** fs whose file writes fail with `code` once they would pass `limit` bytes. */
function failingFs(code: string, limit: number): AtomicFileSystem {
  return {
    ...fsp,
    open: (async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      let written = 0;
      const write = handle.write.bind(handle) as (
        ...a: unknown[]
      ) => Promise<{ bytesWritten: number }>;
      (handle as { write: unknown }).write = async (...a: unknown[]) => {
        if (written + (a[2] as number) > limit) {
          throw Object.assign(new Error(`${code}: simulated`), {
            code,
            errno: -28,
            syscall: 'write',
          });
        }
        const result = await write(...a);
        written += result.bytesWritten;
        return result;
      };
      return handle;
    }) as typeof fsp.open,
  };
}

describe('cancel', () => {
  it.each(FORMATS)(
    '%s: cancelled mid-way leaves nothing, and an old file as it was',
    async (format) => {
      const target = join(out.dir, `sessions.${format}`);
      writeFileSync(target, 'the previous export');
      const controller = new AbortController();
      const attempt = exportSessionsToFile(cache.store.reader, request(format), target, {
        signal: controller.signal,
        batchSize: 100,
        progressIntervalMs: 0,
        onProgress: (progress) => {
          if (progress.phase === 'rows' && progress.done >= 1000) controller.abort();
        },
      });
      await expect(attempt).rejects.toMatchObject({
        code: 'cancelled',
        message: `The export was cancelled; ${target} was not written.`,
      });
      expect(readdirSync(out.dir)).toEqual([`sessions.${format}`]);
      expect(readFileSync(target, 'utf8')).toBe('the previous export');
    },
  );

  it('cancelled before it starts writes nothing at all', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      exportSessionsToFile(cache.store.reader, request('csv'), join(out.dir, 'x.csv'), {
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(out.dir)).toEqual([]);
  });
});

describe('failure', () => {
  it.each(FORMATS)('%s: a full disk leaves no file and says so', async (format) => {
    const target = join(out.dir, `full.${format}`);
    const attempt = exportSessionsToFile(cache.store.reader, request(format), target, {
      fs: failingFs('ENOSPC', 64 * 1024),
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'io_failed',
      message: `The disk is full: full.${format} could not be written to ${out.dir}.`,
    });
    expect(readdirSync(out.dir)).toEqual([]);
  });

  it('a folder removed during the export: the sentence says so', async () => {
    const folder = join(out.dir, 'gone');
    mkdirSync(folder);
    const target = join(folder, 'sessions.csv');
    let removed = false;
    const attempt = exportSessionsToFile(cache.store.reader, request('csv'), target, {
      batchSize: 100,
      progressIntervalMs: 0,
      onProgress: (progress) => {
        if (!removed && progress.phase === 'rows' && progress.done >= 500) {
          removed = true;
          rmSync(folder, { recursive: true, force: true });
        }
      },
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'not_found',
      message: `The folder ${folder} no longer exists.`,
    });
    expect(readdirSync(out.dir)).toEqual([]);
  });

  it('a folder that is a file, or missing, is refused before anything is read', async () => {
    const file = join(out.dir, 'not-a-folder');
    writeFileSync(file, '');
    await expect(
      exportSessionsToFile(cache.store.reader, request('csv'), join(file, 'sessions.csv')),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: `${file} is not a folder, so sessions.csv cannot be saved there.`,
    });
    const missing = join(out.dir, 'missing');
    await expect(
      exportSessionsToFile(cache.store.reader, request('xlsx'), join(missing, 'sessions.xlsx')),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: `The folder ${missing} no longer exists.`,
    });
    expect(readdirSync(out.dir)).toEqual(['not-a-folder']);
  });

  it('permission refused (injected: tests run as root) says so', async () => {
    const fs: AtomicFileSystem = {
      ...fsp,
      open: (async () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      }) as typeof fsp.open,
    };
    await expect(
      exportSessionsToFile(cache.store.reader, request('csv'), join(out.dir, 'x.csv'), { fs }),
    ).rejects.toMatchObject({
      code: 'io_failed',
      message: `Permission denied: Session Desk may not write to ${out.dir}.`,
    });
  });
});

describe('to a stream', () => {
  /** A slow reader with a small buffer: the export must wait for it. */
  function slowWritable() {
    const chunks: Buffer[] = [];
    let maxBuffered = 0;
    const stream = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        maxBuffered = Math.max(maxBuffered, stream.writableLength);
        chunks.push(chunk);
        setTimeout(callback, 0);
      },
    });
    /** The caller ends the stream; what the reader got once it finished. */
    const received = async () => {
      await new Promise<void>((resolve) => stream.end(resolve));
      return Buffer.concat(chunks);
    };
    return { stream, received, maxBuffered: () => maxBuffered };
  }

  it('CSV honours backpressure and writes the same bytes as to a file', async () => {
    const slow = slowWritable();
    const result = await exportSessionsToWritable(cache.store.reader, request('csv'), slow.stream);
    // The caller owns the stream: it is not ended.
    expect(slow.stream.writableEnded).toBe(false);
    const text = (await slow.received()).toString('utf8');
    expect(result.path).toBeNull();
    expect(result.bytes).toBe(Buffer.byteLength(text));
    expect(parse(text)).toHaveLength(COUNT + 1);
    // One chunk (a batch) beyond the high-water mark at most: never the whole export.
    expect(slow.maxBuffered()).toBeLessThan(Buffer.byteLength(text) / 4);
    const file = join(out.dir, 'same.csv');
    await exportSessionsToFile(cache.store.reader, request('csv'), file);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('XLSX streams through a slow reader into a readable workbook', async () => {
    const slow = slowWritable();
    const result = await exportSessionsToWritable(cache.store.reader, request('xlsx'), slow.stream);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await slow.received()) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.rowCount).toBe(COUNT + 1);
    expect(result.rows).toBe(COUNT);
  });

  it('a reader that goes away ends the export with a sentence', async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    stream.once('data', () => stream.destroy());
    stream.pause();
    stream.resume();
    await expect(
      exportSessionsToWritable(cache.store.reader, request('jsonl'), stream),
    ).rejects.toMatchObject({
      code: 'cancelled',
      message: 'The output was closed before the export finished.',
    });
  });

  it('cancel ends a wait for a reader that stopped reading', async () => {
    const stuck = new Writable({ highWaterMark: 1024, write() {} });
    const controller = new AbortController();
    const attempt = exportSessionsToWritable(cache.store.reader, request('csv'), stuck, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(attempt).rejects.toMatchObject({ code: 'cancelled' });
  });
});
