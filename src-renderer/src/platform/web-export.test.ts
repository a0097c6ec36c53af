import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../../src-shared/contract/channels';
import type { ExportSummary } from '../../../src-shared/export/export-results';
import { asCallResult } from './web-bridge';
import { exportByDownload, type WebExportDeps } from './web-export';

const summary = { export_id: 'export-1', rows: 3, file_name: 'sessions.csv' } as ExportSummary;

function deps(overrides: Partial<WebExportDeps> = {}) {
  const listeners = new Set<(payload: EventPayload<'export.finished'>) => void>();
  const downloads: [string, string][] = [];
  const order: string[] = [];
  const made: WebExportDeps = {
    origin: 'http://127.0.0.1:5000',
    token: 'tok',
    eventsReady: () => {
      order.push('events ready');
      return Promise.resolve();
    },
    onFinished: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    readAnswer: asCallResult,
    download: (url, name) => {
      order.push('download');
      downloads.push([url, name]);
      // The host runs the export and the engine says how it ended.
      queueMicrotask(() => {
        for (const listener of [...listeners]) {
          listener({
            export_id: 'export-other',
            ok: false,
            error: { code: 'internal', message: 'not ours' },
          });
          listener({ export_id: 'export-1', ok: true, summary });
        }
      });
    },
    ...overrides,
  };
  return { made, downloads, listeners, order };
}

afterEach(() => vi.unstubAllGlobals());

describe('an export in the browser', () => {
  it('asks for a one-time link with the token, downloads it, and answers with the engine’s summary', async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({ ok: true, value: { url: '/api/export/t1', file_name: 'sessions.csv' } }),
        ),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { made, downloads, listeners, order } = deps();
    const result = await exportByDownload(made, { export_id: 'export-1', format: 'csv' });
    expect(result).toEqual({ ok: true, value: summary });
    expect(fetchMock).toHaveBeenCalledWith('http://127.0.0.1:5000/api/export', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer tok' },
      body: JSON.stringify({ export_id: 'export-1', format: 'csv' }),
    });
    expect(downloads).toEqual([['http://127.0.0.1:5000/api/export/t1', 'sessions.csv']]);
    expect(order).toEqual(['events ready', 'download']);
    expect(listeners.size).toBe(0);
  });

  it('a refused request downloads nothing and answers with the refusal', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response(
          JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'bad column' } }),
          { status: 400 },
        ),
      ),
    );
    const { made, downloads, listeners } = deps();
    expect(await exportByDownload(made, { export_id: 'export-1' })).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'bad column' },
    });
    expect(downloads).toEqual([]);
    expect(listeners.size).toBe(0);
  });
});
