import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, vi } from 'vitest';
import type { BrowserWindowDouble } from './browser-window-double';
import type { DoubleState } from './double-state';
import type { ElectronDouble } from './electron-double';
import { importNatively, installElectronDouble } from './install-electron-double';

const root = resolve(import.meta.dirname, '../..');
export const BUILT_MAIN = join(root, 'out/main/index.js');

/**
 * Loads the BUILT main process (out/main/index.js) against a fresh double, after `prepare` has
 * set the double's state (isPackaged, versions, …), makes Electron ready and waits for the
 * window to show. One per test file: Node caches the built modules.
 */
export async function startBuiltMain(
  prepare: (state: DoubleState) => void = () => undefined,
): Promise<ElectronDouble & { window: BrowserWindowDouble }> {
  if (!existsSync(BUILT_MAIN)) throw new Error('Build first: npx electron-vite build');
  const double = installElectronDouble();
  process.env.OPENCX_BASE_URL = 'http://127.0.0.1:9';
  process.env.OPENCX_API_TOKEN = 'test-token-in-memory';
  delete process.env.SESSION_DESK_USER_DATA;
  prepare(double.state);
  await importNatively(pathToFileURL(BUILT_MAIN).href);
  double.electron.app.becomeReady();
  await vi.waitFor(() => expect(double.electron.BrowserWindow.getAllWindows()).toHaveLength(1));
  const window = double.electron.BrowserWindow.getAllWindows()[0]!;
  await vi.waitFor(() => expect(window.isVisible()).toBe(true));
  return { ...double, window };
}

/** Closes the window and quits, letting the app finish its own shutdown (engine, window state). */
export async function quitBuiltMain({ electron }: ElectronDouble, window?: BrowserWindowDouble) {
  if (window && !window.isDestroyed()) window.destroy();
  const quit = new Promise((done) => electron.app.once('quit', done));
  electron.app.quit();
  await quit;
}
