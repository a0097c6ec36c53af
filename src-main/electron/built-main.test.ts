import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../../src-shared/contract/api';
import { CHANNEL_NAMES } from '../../src-shared/contract/names';
import type { BrowserWindowDouble } from '../../test-support/electron-double/browser-window-double';
import {
  importNatively,
  installElectronDouble,
} from '../../test-support/electron-double/install-electron-double';
import { loadSandboxedPreload } from '../../test-support/electron-double/load-sandboxed-preload';
import { WebFrameDouble } from '../../test-support/electron-double/web-frame-double';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';

// The BUILT main process (out/main/index.js, as `npm run build` leaves it) loaded by Node with
// `electron` resolved to the in-memory double, and the built preload run in a sandbox against it.

const root = resolve(import.meta.dirname, '../..');
const MAIN = join(root, 'out/main/index.js');
const PRELOAD = join(root, 'out/preload/index.cjs');

const { electron, state } = installElectronDouble();
let window: BrowserWindowDouble;
let api: RendererApi;
const pageEvents: unknown[][] = [];

beforeAll(async () => {
  if (!existsSync(MAIN) || !existsSync(PRELOAD))
    throw new Error('Build first: npx electron-vite build');
  process.env.OPENCX_BASE_URL = 'http://127.0.0.1:9';
  process.env.OPENCX_API_TOKEN = 'test-token-in-memory';
  delete process.env.SESSION_DESK_USER_DATA;
  // Saved last time on a monitor that is no longer there.
  const userData = electron.app.getPath('userData');
  await mkdir(userData, { recursive: true });
  await writeFile(
    join(userData, 'window-state.json'),
    JSON.stringify({ x: 5000, y: 4000, width: 1000, height: 700, maximized: false }),
  );
  await importNatively(pathToFileURL(MAIN).href);
  electron.app.becomeReady();
  await vi.waitFor(() => expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1));
  window = electron.BrowserWindow.getAllWindows()[0]!;
  await vi.waitFor(() => expect(window.isVisible()).toBe(true));
  electron.ipcRenderer.attach(window.webContents, window.webContents.getURL());
  electron.ipcRenderer.on('contract:event', (_event, ...args: unknown[]) => pageEvents.push(args));
  api = loadSandboxedPreload(PRELOAD, electron).mainWorld.api as RendererApi;
});

afterAll(async () => {
  if (!window?.isDestroyed()) window?.destroy();
  const quit = new Promise((done) => electron.app.once('quit', done));
  electron.app.quit();
  await quit;
});

describe('the built main process, window and page', () => {
  it('opens one window whose page is sandboxed, context-isolated and without Node', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: PRELOAD,
    });
    expect(state.sandboxEnabled).toBe(true);
  });

  it('restores the saved window size, moved onto a display that is still there', () => {
    expect(window.options).toMatchObject({ x: 460, y: 170, width: 1000, height: 700 });
  });

  it('loads the page from app://session-desk, never from file://', () => {
    expect(window.webContents.getURL()).toBe('app://session-desk/index.html');
  });

  it('registers app:// as a standard, secure, fetch-capable scheme that does not bypass the CSP', () => {
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves index.html and its assets with the strict CSP header', async () => {
    const page = await electron.protocol.fetchThroughHandler('app://session-desk/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="app">');
    const script = /src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await electron.protocol.fetchThroughHandler(`app://session-desk/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses paths that climb out of the renderer folder, with the CSP even on the refusal', async () => {
    for (const url of [
      'app://session-desk/..%2F..%2Fpackage.json',
      'app://session-desk/..%2fmain%2findex.js',
      'app://session-desk/assets/..%5C..%5Cmain%5Cindex.js',
    ]) {
      const response = await electron.protocol.fetchThroughHandler(url);
      expect(response.status, url).toBe(403);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    // Plain ../ is resolved by URL parsing before the handler sees it: it stays inside the folder.
    for (const url of [
      'app://session-desk/../main/index.js',
      'app://session-desk/%2e%2e/main/index.js',
    ]) {
      expect((await electron.protocol.fetchThroughHandler(url)).status, url).toBe(404);
    }
    expect((await electron.protocol.fetchThroughHandler('app://elsewhere/index.html')).status).toBe(
      404,
    );
  });

  it('prevents every navigation, to the web or within app://', () => {
    expect(window.webContents.tryNavigate('https://evil.example/')).toEqual({ prevented: true });
    expect(window.webContents.tryNavigate('app://session-desk/index.html#x')).toEqual({
      prevented: true,
    });
    expect(window.webContents.tryNavigate('file:///etc/passwd')).toEqual({ prevented: true });
  });

  it('denies every window.open, handing only allow-listed https links to the system browser', () => {
    const tried = [
      'https://app.open.cx/sessions/42',
      'https://evil.example/',
      'http://app.open.cx/',
      'https://app.open.cx.evil.example/',
      'https://user:pw@app.open.cx/',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ];
    for (const url of tried)
      expect(window.webContents.tryWindowOpen(url), url).toEqual({ action: 'deny' });
    expect(state.openedExternally).toEqual(['https://app.open.cx/sessions/42']);
  });

  it('denies every permission request and permission check', async () => {
    const ses = electron.session.defaultSession;
    const contents = window.webContents as unknown as Electron.WebContents;
    for (const permission of [
      'media',
      'notifications',
      'clipboard-read',
      'geolocation',
      'openExternal',
    ] as const) {
      expect(await ses.requestPermission(contents, permission), permission).toBe(false);
      expect(ses.checkPermission(contents, permission, 'app://session-desk'), permission).toBe(
        false,
      );
    }
    expect(
      ses.devicePermissionHandler?.({
        deviceType: 'usb',
        origin: 'app://session-desk',
        device: {},
      } as never),
    ).toBe(false);
  });

  it('cancels any web request from the page: the engine does the networking', async () => {
    expect(
      await electron.session.defaultSession.wouldCancel('https://api.open.cx/chat/sessions'),
    ).toBe(true);
    expect(await electron.session.defaultSession.wouldCancel('ws://127.0.0.1:1234/')).toBe(true);
  });

  it('follows the OS theme, repainting the window background when it changes', () => {
    expect(electron.nativeTheme.themeSource).toBe('system');
    electron.nativeTheme.osChanges(true);
    const dark = window.backgroundColor;
    electron.nativeTheme.osChanges(false);
    expect(window.backgroundColor).not.toBe(dark);
  });
});

describe('the built main process, IPC', () => {
  it('binds exactly one handler per contract channel', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      CHANNEL_NAMES.map((name) => `contract:${name}`).sort(),
    );
  });

  it('refuses, on every channel, calls from a frame that is not app://session-desk or is gone', async () => {
    for (const channel of CHANNEL_NAMES) {
      for (const frame of [
        new WebFrameDouble('https://evil.example/'),
        new WebFrameDouble('app://session-desk.evil.example/index.html'),
        new WebFrameDouble('file:///work/out/renderer/index.html'),
        null,
      ]) {
        const result = await electron.ipcMain.invokeFrom(
          window.webContents,
          frame,
          `contract:${channel}`,
          [{}],
        );
        expect(result, `${channel} from ${frame?.url ?? 'a destroyed frame'}`).toMatchObject({
          ok: false,
          error: { code: 'forbidden_sender', message: expect.stringMatching(/refused/) },
        });
      }
    }
  });

  it('passes calls from the app:// page to the validating dispatcher', async () => {
    const result = await api['sessions.get']({} as never);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/\bid\b/) },
    });
  });

  it('forwards engine events to the page, where window.api.on hears them', async () => {
    await settleStartupSync(api);
    const states: unknown[] = [];
    const off = api.on('sync.state', (payload) => states.push(payload));
    const run = api['sync.run']({});
    await vi.waitFor(() =>
      expect(states).toContainEqual(expect.objectContaining({ running: true })),
    );
    await api['sync.cancel']();
    await run;
    off();
  });

  it('lets the page call every channel through window.api and get a CallResult back', async () => {
    for (const channel of CHANNEL_NAMES) {
      const method = api[channel] as (input?: unknown) => Promise<unknown>;
      const result = await method({ not_a_field: true });
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});

describe('the built main process, menu and instances', () => {
  it('has Edit and Window menus, a Sync Now item, and the page shortcuts shown but left to the page', () => {
    const menu = electron.Menu.getApplicationMenu();
    expect(menu).not.toBeNull();
    const roles = menu!.items.map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'windowMenu']));
    expect(menu!.findByLabel('Sync Now')?.accelerator).toBe('CmdOrCtrl+R');
    for (const [label, key] of [
      ['Next Session', 'J'],
      ['Previous Session', 'K'],
      ['Search and Filter', '/'],
      ['Open Session', 'Enter'],
      ['Select Session', 'X'],
      ['Export Selected…', 'E'],
    ] as const) {
      const item = menu!.findByLabel(label);
      if (process.platform === 'darwin') continue;
      expect(item, label).toMatchObject({ accelerator: key, registerAccelerator: false });
    }
  });

  it('sends a menu command to the page as an event on the contract event channel', () => {
    pageEvents.length = 0;
    const item = electron.Menu.getApplicationMenu()!.findByLabel('Next Session')!;
    (item.click as () => void)();
    expect(pageEvents).toContainEqual(['menu.command', { command: 'list.next' }]);
  });

  it('syncs from the Sync Now item without going through the page', async () => {
    await settleStartupSync(api);
    pageEvents.length = 0;
    (electron.Menu.getApplicationMenu()!.findByLabel('Sync Now')!.click as () => void)();
    await vi.waitFor(() =>
      expect(pageEvents).toContainEqual(['sync.state', expect.objectContaining({ running: true })]),
    );
    await api['sync.cancel']();
    await vi.waitFor(() =>
      expect(pageEvents).toContainEqual([
        'sync.state',
        expect.objectContaining({ running: false }),
      ]),
    );
  });

  it('brings the window back when a second copy of the app starts', () => {
    window.minimize();
    electron.app.startSecondInstance();
    expect(window.isMinimized()).toBe(false);
    expect(window.isFocused()).toBe(true);
  });

  it('saves where the window was when it closes, through a temporary file', async () => {
    window.setBounds({ x: 40, y: 30, width: 1100, height: 700 });
    const quit = new Promise((done) => electron.app.once('quit', done));
    window.close();
    await quit;
    const saved = JSON.parse(
      await readFile(join(electron.app.getPath('userData'), 'window-state.json'), 'utf8'),
    );
    expect(saved).toEqual({ x: 40, y: 30, width: 1100, height: 700, maximized: false });
  });
});

/** The app syncs on start; tests that start a sync themselves first let that one stop. */
async function settleStartupSync(api: RendererApi): Promise<void> {
  await api['sync.cancel']();
  await vi.waitFor(async () =>
    expect(await api['sync.status']()).toMatchObject({ ok: true, value: { running: false } }),
  );
}
