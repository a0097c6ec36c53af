import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../../src-shared/contract/api';
import type { BrowserWindowDouble } from '../../test-support/electron-double/browser-window-double';
import type { ElectronDouble } from '../../test-support/electron-double/electron-double';
import { loadSandboxedPreload } from '../../test-support/electron-double/load-sandboxed-preload';
import { quitBuiltMain, startBuiltMain } from '../../test-support/electron-double/start-built-main';

// Export from the BUILT desktop app against the electron double: the page calls
// window.api['sessions.export'] through the built preload, the main process shows the native save
// dialog and hands the chosen path to the engine worker, which writes the file; "Show in folder"
// reveals it. The account is the environment's (never synced), so the export is of an empty
// cache: offline, it still writes a file with its header.

const PRELOAD = join(resolve(import.meta.dirname, '../..'), 'out/preload/index.cjs');

let double: ElectronDouble;
let window: BrowserWindowDouble;
let api: RendererApi;
const folder = mkdtempSync(join(tmpdir(), 'built-main-export-'));
const pageEvents: unknown[][] = [];

beforeAll(async () => {
  ({ window, ...double } = await startBuiltMain());
  double.electron.ipcRenderer.attach(window.webContents, window.webContents.getURL());
  double.electron.ipcRenderer.on('contract:event', (_event, ...args: unknown[]) =>
    pageEvents.push(args),
  );
  api = loadSandboxedPreload(PRELOAD, double.electron).mainWorld.api as RendererApi;
});

afterAll(() => quitBuiltMain(double, window));

describe('export in the built desktop app', () => {
  it('writes where the save dialog says, then shows the file in its folder', async () => {
    const chosen = join(folder, 'sessions.csv');
    double.state.saveDialogAnswers.push(chosen);
    const result = await api['sessions.export']({
      export_id: 'desktop-export-1',
      selection: { filter: {} },
      format: 'csv',
      columns: ['id', 'status', 'contact.email'],
    });
    expect(result).toMatchObject({
      ok: true,
      value: { export_id: 'desktop-export-1', file_name: 'sessions.csv', rows: 0 },
    });
    expect(double.state.saveDialogs).toHaveLength(1);
    expect(double.state.saveDialogs[0]!.withWindow).toBe(true);
    expect(readFileSync(chosen, 'utf8')).toBe('id,status,contact.email\r\n');
    await vi.waitFor(() =>
      expect(pageEvents).toContainEqual([
        'export.finished',
        expect.objectContaining({ export_id: 'desktop-export-1', ok: true }),
      ]),
    );

    expect(await api['sessions.export.reveal']({ export_id: 'desktop-export-1' })).toEqual({
      ok: true,
      value: { shown: true },
    });
    expect(double.state.shownInFolder).toEqual([chosen]);
  });

  it('a cancelled dialog writes nothing', async () => {
    double.state.saveDialogAnswers.push(null);
    const before = readdirSync(folder);
    expect(
      await api['sessions.export']({
        export_id: 'desktop-export-2',
        selection: { ids: ['x'] },
        format: 'xlsx',
      }),
    ).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(readdirSync(folder)).toEqual(before);
    expect(existsSync(join(double.electron.app.getPath('downloads')))).toBe(false);
  });
});
