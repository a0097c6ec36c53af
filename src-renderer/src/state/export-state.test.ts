import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { ExportSummary } from '../../../src-shared/export/export-results';
import { activities } from './activities.svelte';
import { ExportState, doneSentence } from './export.svelte';

// The page's side of an export: the dialog's request becomes one contract call, the engine's
// progress events become a progress bar with Cancel in the status bar, the end a notice.

afterEach(() => {
  vi.restoreAllMocks();
  activities.list = [];
});

const summary = (overrides: Partial<ExportSummary> = {}): ExportSummary => ({
  export_id: 'x',
  format: 'csv',
  file_name: 'sessions-2026-05-04-1530.csv',
  rows: 2,
  bytes: 40,
  columns: ['id'],
  missing_transcripts: { count: 0, ids: [] },
  fetched_transcripts: 0,
  transcripts_notice: null,
  not_cached: { count: 0, ids: [] },
  elapsed_ms: 3,
  ...overrides,
});

function fakeApi() {
  const listeners = new Map<string, (payload: unknown) => void>();
  let finish: (value: unknown) => void = () => undefined;
  const calls: { channel: string; input: unknown }[] = [];
  const answer = (channel: string) => (input: unknown) => {
    calls.push({ channel, input });
    if (channel === 'sessions.export') return new Promise((resolve) => (finish = resolve));
    return Promise.resolve({ ok: true, value: { cancelled: true } });
  };
  window.api = {
    on: (name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
    'sessions.export': answer('sessions.export'),
    'sessions.export.cancel': answer('sessions.export.cancel'),
  } as unknown as RendererApi;
  return { listeners, calls, finish: (value: unknown) => finish(value) };
}

describe('an export from the page', () => {
  it('shows progress with Cancel in the status bar, then a notice naming the file', async () => {
    const api = fakeApi();
    const state = new ExportState();
    const disconnect = state.connect();
    state.open({ target: { kind: 'ids', ids: ['a', 'b'] } });
    expect(state.choices.scope).toBe('selected');
    const running = state.start();
    expect(state.dialog).toBeNull();
    const call = api.calls[0]!;
    expect(call.channel).toBe('sessions.export');
    const exportId = (call.input as { export_id: string }).export_id;
    expect(exportId).toMatch(/^export-[0-9a-f-]{36}$/);
    expect(call.input).toMatchObject({ selection: { ids: ['a', 'b'] }, format: 'csv' });

    const activity = () => activities.list.find((item) => item.id === `export:${exportId}`);
    expect(activity()).toMatchObject({ label: 'Exporting 2 sessions to CSV', done: null });
    api.listeners.get('export.progress')!({
      export_id: exportId,
      phase: 'rows',
      done: 1,
      total: 2,
    });
    expect(activity()).toMatchObject({ done: 1, total: 2, cancelLabel: 'Cancel export' });
    activity()!.cancel!();
    expect(api.calls[1]).toEqual({
      channel: 'sessions.export.cancel',
      input: { export_id: exportId },
    });

    api.finish({ ok: true, value: summary() });
    await running;
    expect(activity()).toBeUndefined();
    expect(state.notice).toMatchObject({
      message: 'Exported 2 sessions to sessions-2026-05-04-1530.csv.',
      problem: false,
    });
    disconnect();
  });

  it('says why an export failed or stopped', async () => {
    const api = fakeApi();
    const state = new ExportState();
    state.open({ target: null });
    expect(state.choices.scope).toBe('matching');
    const running = state.start();
    api.finish({ ok: false, error: { code: 'io_failed', message: 'The disk is full.' } });
    await running;
    expect(state.notice).toMatchObject({
      message: 'The export failed: The disk is full.',
      problem: true,
    });
    expect(activities.list).toEqual([]);
  });

  it('names what the file lacks: sessions no longer cached, transcripts not downloaded', () => {
    expect(
      doneSentence(
        summary({
          rows: 1,
          file_name: null,
          not_cached: { count: 2, ids: ['x', 'y'] },
          missing_transcripts: { count: 1, ids: ['z'] },
          transcripts_notice: 'Transcripts not in the cache were not downloaded (offline).',
        }),
      ),
    ).toBe(
      'Exported 1 session. 2 selected sessions are no longer in the cache and were left out. 1 without a transcript (not downloaded yet). Transcripts not in the cache were not downloaded (offline).',
    );
  });
});
