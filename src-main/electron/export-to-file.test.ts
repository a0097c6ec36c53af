import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../src-shared/contract/app-error';
import type { CallContext, Dispatch } from '../engine/contract/dispatcher';
import { createElectronDouble } from '../../test-support/electron-double/electron-double';
import { exportToFile, NO_FILE_CHOSEN } from './export-to-file';

// The desktop export against the electron double: the save dialog in the main process chooses
// the path, the engine gets it beside the page's input, "Show in folder" finds it by export id.

const NOW = Date.UTC(2026, 4, 4, 15, 30);

function setUp(options: { withWindow?: boolean } = {}) {
  const { electron, state } = createElectronDouble();
  electron.app.becomeReady();
  const window = options.withWindow === false ? null : new electron.BrowserWindow({});
  const calls: { channel: unknown; input: unknown; context: CallContext | undefined }[] = [];
  const engine: Dispatch = (channel, input, context) => {
    calls.push({ channel, input, context });
    const path = context?.exportTo?.kind === 'file' ? context.exportTo.path : null;
    if (path) writeFileSync(path, 'id\r\n');
    return Promise.resolve({ ok: true, value: { file_name: 'x' } } as CallResult<unknown>);
  };
  const dispatch = exportToFile(engine, {
    dialog: electron.dialog as never,
    shell: electron.shell,
    window: () => window as never,
    defaultFolder: () => electron.app.getPath('downloads'),
    now: () => NOW,
  });
  const folder = mkdtempSync(join(tmpdir(), 'desktop-export-'));
  return { electron, state, calls, dispatch, folder };
}

const request = (overrides: Record<string, unknown> = {}) => ({
  export_id: 'export-0001',
  selection: { ids: ['a', 'b'] },
  format: 'xlsx',
  ...overrides,
});

describe('exporting from the desktop app', () => {
  it('asks where with the native save dialog, then exports to the chosen path', async () => {
    const { state, calls, dispatch, folder, electron } = setUp();
    const chosen = join(folder, 'report.xlsx');
    state.saveDialogAnswers.push(chosen);
    expect(await dispatch('sessions.export', request())).toEqual({
      ok: true,
      value: { file_name: 'x' },
    });
    expect(state.saveDialogs).toHaveLength(1);
    expect(state.saveDialogs[0]).toMatchObject({
      withWindow: true,
      options: {
        title: 'Export sessions',
        defaultPath: join(electron.app.getPath('downloads'), 'sessions-2026-05-04-1530.xlsx'),
        filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
      },
    });
    expect(calls).toEqual([
      {
        channel: 'sessions.export',
        input: request(),
        context: { exportTo: { kind: 'file', path: chosen } },
      },
    ]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('a cancelled dialog exports nothing and says so', async () => {
    const { state, calls, dispatch } = setUp({ withWindow: false });
    state.saveDialogAnswers.push(null);
    expect(await dispatch('sessions.export', request({ format: 'csv' }))).toEqual({
      ok: false,
      error: { code: 'cancelled', message: NO_FILE_CHOSEN },
    });
    expect(state.saveDialogs).toEqual([
      {
        withWindow: false,
        options: expect.objectContaining({
          filters: [{ name: 'CSV (comma-separated, UTF-8)', extensions: ['csv'] }],
        }) as unknown,
      },
    ]);
    expect(calls).toEqual([]);
  });

  it('never takes a path from the page, and asks nothing for a request the engine would refuse', async () => {
    const { state, calls, dispatch } = setUp();
    state.saveDialogAnswers.push('/tmp/never.csv');
    const withPath = await dispatch('sessions.export', request({ path: '/etc/passwd' }));
    expect(withPath).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!withPath.ok) expect(withPath.error.message).toContain('path');
    const badColumn = await dispatch('sessions.export', request({ columns: ['id', 'nope'] }));
    expect(badColumn).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(state.saveDialogs).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('adds the format’s extension to a name typed without one, unless that file exists', async () => {
    const { state, calls, dispatch, folder } = setUp();
    state.saveDialogAnswers.push(join(folder, 'report'));
    await dispatch('sessions.export', request({ export_id: 'export-0002', format: 'jsonl' }));
    writeFileSync(join(folder, 'other.csv'), 'kept');
    state.saveDialogAnswers.push(join(folder, 'other'));
    await dispatch('sessions.export', request({ export_id: 'export-0003', format: 'csv' }));
    expect(calls.map((call) => call.context?.exportTo)).toEqual([
      { kind: 'file', path: join(folder, 'report.jsonl') },
      { kind: 'file', path: join(folder, 'other') },
    ]);
  });

  it('"Show in folder" shows the file this export saved, found by its id', async () => {
    const { state, dispatch, folder } = setUp();
    const chosen = join(folder, 'shown.xlsx');
    state.saveDialogAnswers.push(chosen);
    await dispatch('sessions.export', request({ export_id: 'export-0004' }));
    expect(await dispatch('sessions.export.reveal', { export_id: 'export-0004' })).toEqual({
      ok: true,
      value: { shown: true },
    });
    expect(state.shownInFolder).toEqual([chosen]);

    expect(await dispatch('sessions.export.reveal', { export_id: 'export-9999' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    rmSync(chosen);
    expect(await dispatch('sessions.export.reveal', { export_id: 'export-0004' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: `${chosen} was moved or deleted.` },
    });
    expect(await dispatch('sessions.export.reveal', { path: chosen })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(state.shownInFolder).toEqual([chosen]);
  });

  it('passes every other channel through unchanged, without a destination', async () => {
    const { calls, dispatch } = setUp();
    await dispatch('sessions.list', { limit: 5 });
    await dispatch('sessions.export.cancel', { export_id: 'export-0001' });
    expect(calls).toEqual([
      { channel: 'sessions.list', input: { limit: 5 }, context: undefined },
      {
        channel: 'sessions.export.cancel',
        input: { export_id: 'export-0001' },
        context: undefined,
      },
    ]);
  });
});
