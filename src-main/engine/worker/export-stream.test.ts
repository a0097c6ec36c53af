import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-shared/contract/channels';
import type { ExportSummary } from '../../../src-shared/export/export-results';
import { startFakeOpencx, type FakeOpencx } from '../../../fake-opencx/server';
import { NO_DESTINATION } from '../export/export-jobs';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { EngineHost } from './engine-host';
import { STREAM_WINDOW_BYTES } from './port-stream';

// The contract's sessions.export through the engine worker, as the web host and the desktop app
// reach it: to a file path, or to a Writable on the host's side whose chunks cross the thread
// boundary with acknowledgements (port-stream.ts); progress and the end as contract events;
// cancel; transcripts fetched through the account's client when online, listed when not.

const workerPath = join(import.meta.dirname, 'engine-worker-from-source.mjs');
const SESSIONS = 1500;

let fake: FakeOpencx;
let engine: EngineHost;
const events: { name: string; payload: unknown }[] = [];

beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 19, sessions: SESSIONS, rateLimit: false });
  engine = new EngineHost({
    config: {
      dataDir: mkdtempSync(join(tmpdir(), 'export-stream-')),
      requestsPerMinute: 100_000,
      environmentAccount: { base_url: fake.url },
    },
    secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), fake.token),
    workerPath,
    onEvent: (name, payload) => events.push({ name, payload }),
  });
  expect(await engine.dispatch('sync.run', {})).toMatchObject({ ok: true });
  // No transcript prefetch behind the tests' back.
  await engine.dispatch('sync.cancel', {});
}, 60_000);

afterAll(async () => {
  await engine.close();
  await fake.close();
});

let exportNumber = 0;
function input(overrides: Record<string, unknown> = {}) {
  return {
    export_id: `test-export-${++exportNumber}`,
    selection: { filter: {} },
    format: 'csv',
    columns: ['id', 'status', 'contact.email', 'handoff.summary'],
    ...overrides,
  };
}

/** A reader that takes `bytesPerTick` every few ms, and remembers how full it ever was. */
function slowReader(bytesPerTick = 4096) {
  const chunks: Buffer[] = [];
  let mostBuffered = 0;
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      mostBuffered = Math.max(mostBuffered, out.writableLength);
      setTimeout(done, Math.max(1, Math.round(chunk.length / bytesPerTick)));
    },
  });
  return {
    out,
    /** Ends the stream (the caller's part) and gives back all it took. */
    text: async () => {
      if (!out.writableEnded) await new Promise<void>((resolve) => out.end(resolve));
      return Buffer.concat(chunks).toString('utf8');
    },
    most: () => mostBuffered,
  };
}

function finishedEvent(exportId: string): EventPayload<'export.finished'> | undefined {
  return events.find(
    (event) =>
      event.name === 'export.finished' &&
      (event.payload as { export_id: string }).export_id === exportId,
  )?.payload as EventPayload<'export.finished'> | undefined;
}

describe('sessions.export through the engine worker', () => {
  it('streams to a slow Writable on the host: the same bytes as the file, memory bounded', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'export-stream-out-'));
    const path = join(folder, 'sessions.jsonl');
    const request = input({ format: 'jsonl' });
    const toFile = await engine.dispatch('sessions.export', request, {
      exportTo: { kind: 'file', path },
    });
    expect(toFile).toMatchObject({
      ok: true,
      value: { rows: SESSIONS, file_name: 'sessions.jsonl' },
    });

    const reader = slowReader();
    const streamed = input({ format: 'jsonl' });
    const result = await engine.dispatch('sessions.export', streamed, {
      exportTo: { kind: 'writable', out: reader.out, name: 'download.jsonl' },
    });
    expect(result).toMatchObject({
      ok: true,
      value: { rows: SESSIONS, file_name: 'download.jsonl' },
    });
    // The caller owns the stream: it was neither ended nor destroyed.
    expect(reader.out.writableEnded).toBe(false);
    const text = await reader.text();
    expect(text).toBe(readFileSync(path, 'utf8'));
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * STREAM_WINDOW_BYTES);
    // Never more than the window waited in the host's Writable.
    expect(reader.most()).toBeLessThanOrEqual(STREAM_WINDOW_BYTES + 64 * 1024);
    expect(readdirSync(folder)).toEqual(['sessions.jsonl']);
  });

  it('reports progress and the end as events carrying the export’s id', async () => {
    const request = input({ format: 'jsonl' });
    const reader = slowReader(1 << 20);
    const result = await engine.dispatch('sessions.export', request, {
      exportTo: { kind: 'writable', out: reader.out },
    });
    expect(result.ok).toBe(true);
    const progress = events
      .filter((event) => event.name === 'export.progress')
      .map((event) => event.payload as EventPayload<'export.progress'>)
      .filter((payload) => payload.export_id === request.export_id);
    expect(progress.at(-1)).toEqual({
      export_id: request.export_id,
      phase: 'rows',
      done: SESSIONS,
      total: SESSIONS,
    });
    expect(finishedEvent(request.export_id)).toEqual({
      export_id: request.export_id,
      ok: true,
      summary: (result as { value: ExportSummary }).value,
    });
  });

  it('a destination that goes away cancels the export', async () => {
    const request = input({ columns: 'all', transcripts: false });
    const out = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, done) {
        // The download is closed after its first bytes.
        out.destroy();
        done();
      },
    });
    const result = await engine.dispatch('sessions.export', request, {
      exportTo: { kind: 'writable', out },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(finishedEvent(request.export_id)).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
  });

  it('sessions.export.cancel stops a running export; the file is never written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'export-cancel-'));
    const request = input({ format: 'jsonl' });
    // A reader that never reads: the export waits for it, and is cancelled while it waits.
    const stalled = new Writable({ highWaterMark: 1, write: () => undefined });
    const running = engine.dispatch('sessions.export', request, {
      exportTo: { kind: 'writable', out: stalled },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      await engine.dispatch('sessions.export.cancel', { export_id: request.export_id }),
    ).toEqual({ ok: true, value: { cancelled: true } });
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(
      await engine.dispatch('sessions.export.cancel', { export_id: request.export_id }),
    ).toEqual({ ok: true, value: { cancelled: false } });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses an export without a destination from the host, and a bad input, in sentences', async () => {
    expect(await engine.dispatch('sessions.export', input())).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: NO_DESTINATION },
    });
    const bad = await engine.dispatch('sessions.export', input({ columns: ['id', 'nope'] }), {
      exportTo: { kind: 'file', path: join(tmpdir(), 'never.csv') },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok) expect(bad.error.message).toContain('unknown column "nope"');
    const reveal = await engine.dispatch('sessions.export.reveal', { export_id: 'test-export-1' });
    expect(reveal).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('exports "select all, less some": the unticked sessions are left out', async () => {
    const idsOf = async (selection: unknown) => {
      const reader = slowReader(1 << 20);
      const result = await engine.dispatch(
        'sessions.export',
        input({ selection, columns: ['id'] }),
        {
          exportTo: { kind: 'writable', out: reader.out },
        },
      );
      expect(result.ok).toBe(true);
      const [, ...rows] = parse(await reader.text()) as string[][];
      return rows.map((row) => row[0]!);
    };
    const all = await idsOf({ filter: {} });
    expect(all).toHaveLength(SESSIONS);
    const except = [all[0]!, all[5]!, all[1400]!];
    expect(await idsOf({ filter: {}, except })).toEqual(all.filter((id) => !except.includes(id)));
  });

  it('downloads missing transcripts through the account’s client when online, and lists them when not', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'export-transcripts-'));
    const listed = await engine.dispatch('sessions.list', { limit: 60 });
    const some = (listed as { value: { items: { id: string }[] } }).value.items.map((s) => s.id);
    const online = await engine.dispatch(
      'sessions.export',
      input({ columns: ['id', 'transcript'], selection: { ids: some }, transcripts: true }),
      { exportTo: { kind: 'file', path: join(folder, 'online.csv') } },
    );
    expect(online).toMatchObject({
      ok: true,
      value: { rows: 60, missing_transcripts: { count: 0 }, transcripts_notice: null },
    });
    const fetched = (online as { value: ExportSummary }).value.fetched_transcripts;
    expect(fetched).toBeGreaterThan(0);
    const [, ...rows] = parse(readFileSync(join(folder, 'online.csv'), 'utf8')) as string[][];
    expect(rows.every((row) => (row[1] ?? '').length > 0)).toBe(true);

    // A second account's engine, synced, then OpenCX gone: nothing to download.
    const second = await startFakeOpencx({ seed: 23, sessions: 40, rateLimit: false });
    const offlineEngine = new EngineHost({
      config: {
        dataDir: mkdtempSync(join(tmpdir(), 'export-offline-')),
        requestsPerMinute: 100_000,
        environmentAccount: { base_url: second.url },
      },
      secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), second.token),
      workerPath,
      onEvent: () => undefined,
    });
    try {
      expect(await offlineEngine.dispatch('sync.run', {})).toMatchObject({ ok: true });
      await offlineEngine.dispatch('sync.cancel', {});
      await second.close();
      const offline = await offlineEngine.dispatch(
        'sessions.export',
        input({ columns: ['id', 'transcript'], transcripts: true }),
        { exportTo: { kind: 'file', path: join(folder, 'offline.csv') } },
      );
      expect(offline.ok).toBe(true);
      const summary = (offline as { value: ExportSummary }).value;
      expect(summary.rows).toBe(40);
      expect(summary.missing_transcripts.count).toBeGreaterThan(0);
      expect(summary.missing_transcripts.ids).toHaveLength(summary.missing_transcripts.count);
      expect(summary.transcripts_notice).toMatch(/^Transcripts not downloaded: /);
    } finally {
      await offlineEngine.close();
    }
  });
});
