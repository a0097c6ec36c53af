import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';
import type { BrowserWindowDouble } from '../../test-support/electron-double/browser-window-double';
import type { ElectronDouble } from '../../test-support/electron-double/electron-double';
import { quitBuiltMain, startBuiltMain } from '../../test-support/electron-double/start-built-main';

// The BUILT main process as an installed app runs it: app.isPackaged true. SESSION_DESK_DEV=1 is
// set on purpose: no environment variable may bring development features back into a package.

let double: ElectronDouble;
let window: BrowserWindowDouble;
const printed: string[] = [];

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  });
  process.env.SESSION_DESK_DEV = '1';
  ({ window, ...double } = await startBuiltMain((state) => {
    state.packaged = true;
    state.appVersion = '2.5.0';
  }));
});

afterAll(async () => {
  delete process.env.SESSION_DESK_DEV;
  await quitBuiltMain(double, window);
  vi.restoreAllMocks();
});

const allItems = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);

describe('the built main process, packaged', () => {
  it('turns DevTools off in the page, so nothing can open them', () => {
    expect(window.options.webPreferences?.devTools).toBe(false);
    window.webContents.openDevTools();
    expect(window.webContents.isDevToolsOpened()).toBe(false);
  });

  it('has no Reload or developer tools items, and none of their accelerators', () => {
    const items = allItems(double.electron.Menu.getApplicationMenu()!.items);
    const roles = items.map((item) => item.role?.toLowerCase());
    for (const role of ['reload', 'forcereload', 'toggledevtools'])
      expect(roles, role).not.toContain(role);
    const accelerators = items.map((item) => item.accelerator?.toLowerCase());
    for (const key of ['cmdorctrl+shift+r', 'f5', 'cmdorctrl+shift+i', 'alt+cmdorctrl+i', 'f12'])
      expect(accelerators, key).not.toContain(key);
  });

  it('prints nothing of its own and does not forward the page console', () => {
    window.webContents.consoleMessage('warning', 'from the page');
    expect(window.webContents.listenerCount('console-message')).toBe(0);
    expect(printed.filter((line) => line.includes('session-desk'))).toEqual([]);
  });

  it('serves the page with the same strict CSP as in development', async () => {
    const page = await double.electron.protocol.fetchThroughHandler(
      'app://session-desk/index.html',
    );
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('shows the version, Electron, Chromium and the data folder from Help › About', async () => {
    const about = double.electron.Menu.getApplicationMenu()!.findByLabel('About Session Desk');
    (about!.click as () => void)();
    await vi.waitFor(() => expect(double.state.messageBoxes).toHaveLength(1));
    const [box] = double.state.messageBoxes;
    expect(box!.message).toBe('Session Desk 2.5.0');
    expect(box!.detail).toContain(`Electron ${double.state.versions.electron}`);
    expect(box!.detail).toContain(`Chromium ${double.state.versions.chrome}`);
    expect(box!.detail).toContain(double.electron.app.getPath('userData'));
  });

  it("fills the About panel macOS's app menu shows", () => {
    expect(double.state.aboutPanelOptions).toMatchObject({
      applicationName: 'Session Desk',
      applicationVersion: '2.5.0',
      version: `Electron ${double.state.versions.electron}, Chromium ${double.state.versions.chrome}`,
    });
  });

  it('claims no URL scheme and starts no crash reporter', () => {
    expect(double.state.defaultProtocolClients).toEqual([]);
    expect(double.state.crashReporterStarts).toEqual([]);
  });
});

describe('the built main bundle', () => {
  it('never calls setAsDefaultProtocolClient nor uses the crash reporter', () => {
    const out = resolve(import.meta.dirname, '../../out/main');
    const files = [
      ...readdirSync(out).filter((name) => name.endsWith('.js')),
      ...readdirSync(join(out, 'chunks')).map((name) => join('chunks', name)),
    ];
    expect(files).toContain('index.js');
    for (const file of files) {
      const code = readFileSync(join(out, file), 'utf8');
      expect(code, file).not.toContain('setAsDefaultProtocolClient');
      expect(code, file).not.toContain('crashReporter');
    }
  });
});
