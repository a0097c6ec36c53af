import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import {
  importNatively,
  installElectronDouble,
} from '../../test-support/electron-double/install-electron-double';

// A second copy of the BUILT app, started while the first holds the single-instance lock.
// (Its own test file: Node caches the built modules, and vitest gives each file a process.)

const MAIN = join(resolve(import.meta.dirname, '../..'), 'out/main/index.js');

it('quits at once without a window, handlers or engine when another copy holds the lock', async () => {
  if (!existsSync(MAIN)) throw new Error('Build first: npx electron-vite build');
  const { electron, state } = installElectronDouble();
  state.singleInstanceLockAvailable = false;
  process.env.OPENCX_API_TOKEN = 'unused';
  await importNatively(pathToFileURL(MAIN).href);
  expect(state.quitCalls).toBe(1);
  electron.app.becomeReady();
  await new Promise((next) => setImmediate(next));
  expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0);
  expect(electron.ipcMain.handlers.size).toBe(0);
  expect(electron.protocol.handlers.size).toBe(0);
});
