import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';
import type { BrowserWindowDouble } from '../../test-support/electron-double/browser-window-double';
import type { ElectronDouble } from '../../test-support/electron-double/electron-double';
import { quitBuiltMain, startBuiltMain } from '../../test-support/electron-double/start-built-main';

// The BUILT main process as `npm start` runs it from a checkout: app.isPackaged false.

let double: ElectronDouble;
let window: BrowserWindowDouble;
const printed: string[] = [];

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  });
  delete process.env.SESSION_DESK_DEV;
  ({ window, ...double } = await startBuiltMain((state) => {
    state.packaged = false;
  }));
});

afterAll(async () => {
  await quitBuiltMain(double, window);
  vi.restoreAllMocks();
});

const allItems = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);

describe('the built main process, unpackaged (development)', () => {
  it('lets DevTools open', () => {
    expect(window.options.webPreferences?.devTools).toBe(true);
    window.webContents.openDevTools();
    expect(window.webContents.isDevToolsOpened()).toBe(true);
  });

  it('offers Reload (CmdOrCtrl+Shift+R) and Toggle Developer Tools', () => {
    const items = allItems(double.electron.Menu.getApplicationMenu()!.items);
    expect(items.find((item) => item.role === 'reload')?.accelerator).toBe('CmdOrCtrl+Shift+R');
    expect(items.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });

  it('says where its data is and forwards the page console to the terminal', () => {
    expect(printed.some((line) => line.startsWith('session-desk: development mode'))).toBe(true);
    expect(printed.join('\n')).toContain(double.electron.app.getPath('userData'));
    window.webContents.consoleMessage('warning', 'from the page');
    expect(printed).toContain('session-desk page [warning] from the page');
  });

  it('serves the page with the strict CSP', async () => {
    const page = await double.electron.protocol.fetchThroughHandler(
      'app://session-desk/index.html',
    );
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('claims no URL scheme and starts no crash reporter here either', () => {
    expect(double.state.defaultProtocolClients).toEqual([]);
    expect(double.state.crashReporterStarts).toEqual([]);
  });
});
