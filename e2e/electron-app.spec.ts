import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { ELECTRON_MISSING, electronBinaryPath } from '../scripts/electron-binary';

// The desktop app itself (the built out/, started by the real Electron binary) against a fake
// OpenCX: sync, filter, then restart offline and find the cache still there.
// Needs: `npm run build`, better-sqlite3 built for Electron (`npm run native:electron`), and a
// display (xvfb-run on a headless Linux). Where no Electron binary exists the spec is skipped.

const root = resolve(import.meta.dirname, '..');

// Found without require('electron'), which would try to download the binary on the spot.
const binary = electronBinaryPath();
test.skip(binary === null, `${ELECTRON_MISSING}.`);

let fake: FakeOpencx;
let userData: string;
let running: ElectronApplication | null = null;

async function launch(
  env: Record<string, string>,
): Promise<{ app: ElectronApplication; page: Page }> {
  if (binary === null) throw new Error(ELECTRON_MISSING);
  const app = await electron.launch({
    executablePath: binary,
    // Chromium's OS sandbox refuses to start as root (CI containers), so tests run as root drop
    // it; the renderer keeps contextIsolation and Electron's sandbox option, as for users.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
    env: { ...process.env, SESSION_DESK_USER_DATA: userData, ...env } as Record<string, string>,
  });
  running = app;
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

// npm test puts better-sqlite3's Node build in place; the app needs Electron's, then Node's again.
function useNativeBuildFor(runtime: 'electron' | 'node'): void {
  const result = spawnSync(process.execPath, ['scripts/native-abi.js', runtime], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`native-abi.js ${runtime} failed`);
}

test.beforeAll(async () => {
  useNativeBuildFor('electron');
  fake = await startFakeOpencx({ seed: 7, sessions: 180 });
  userData = mkdtempSync(join(tmpdir(), 'session-desk-electron-'));
});

test.afterEach(async () => {
  await running?.close();
  running = null;
});

test.afterAll(async () => {
  useNativeBuildFor('node');
  await fake?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('the page comes from app:// in a sandbox without Node', async () => {
  const { app, page } = await launch({ OPENCX_BASE_URL: fake.url, OPENCX_API_TOKEN: fake.token });
  const url = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]?.webContents.getURL(),
  );
  expect(url).toBe('app://session-desk/index.html');
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    api: Object.keys(window.api).sort(),
  }));
  expect(globals.require).toBe('undefined');
  expect(globals.process).toBe('undefined');
  expect(globals.api).toContain('on');
});

test('syncs, filters by status, and shows the cached list after a restart with OpenCX gone', async () => {
  const truth = fake.truth().sessions.map((entry) => entry.session);
  const first = await launch({ OPENCX_BASE_URL: fake.url, OPENCX_API_TOKEN: fake.token });
  await first.page.getByRole('button', { name: 'Sync now' }).click();
  await expect(first.page.getByTestId('last-synced')).toContainText('Last synced');
  await expect(first.page.getByTestId('session-count')).toHaveText(`${truth.length} sessions`);

  await first.page.getByRole('checkbox', { name: 'Open' }).check();
  const open = truth.filter((session) => session.status === 'open');
  await expect(first.page.getByTestId('session-count')).toHaveText(`${open.length} sessions`);
  const shown = await first.page
    .getByTestId('session-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-session-id')));
  expect(new Set(shown)).toEqual(new Set(open.map((session) => session.id)));
  await first.app.close();
  running = null;

  const baseUrl = fake.url;
  await fake.close();
  const offline = await launch({ OPENCX_BASE_URL: baseUrl, OPENCX_API_TOKEN: 'offline' });
  await expect(offline.page.getByTestId('session-count')).toHaveText(`${truth.length} sessions`);
  await offline.page.getByRole('button', { name: 'Sync now' }).click();
  await expect(offline.page.getByRole('alert')).toBeVisible();
  await expect(offline.page.getByTestId('session-count')).toHaveText(`${truth.length} sessions`);
});
