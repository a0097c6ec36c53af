import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import type { EventSink } from '../src-shared/contract/events';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import { loadKeytar } from './engine/secrets/keytar-secret-store';
import { secretPort } from './engine/secrets/secret-port';
import { EngineHost } from './engine/worker/engine-host';
import { aboutFacts, aboutPanelOptions, showAboutDialog } from './electron/about-dialog';
import { buildAppMenuTemplate } from './electron/app-menu';
import { registerAppScheme, serveAppProtocol } from './electron/app-protocol';
import { desktopEngineConfig } from './electron/desktop-engine-config';
import { createEngineCrashNotice } from './electron/engine-crash-notice';
import { exportToFile } from './electron/export-to-file';
import { openExternalIfAllowed } from './electron/external-links';
import { bindContract, sendContractEvent } from './electron/ipc-bridge';
import { captureWindowState, createMainWindow, focusWindow } from './electron/main-window';
import { guardNavigation } from './electron/navigation-guard';
import { blockRendererNetwork } from './electron/network-guard';
import { denyAllPermissions } from './electron/permission-guard';
import { developmentLog, forwardPageConsole, runModeFor } from './electron/production-mode';
import { chooseSecretStore } from './electron/secrets/choose-secret-store';
import { claimSingleInstance } from './electron/single-instance';
import { backgroundFor, followSystemTheme } from './electron/system-theme';
import { fitWindowState } from './electron/window-state';
import { readWindowState, writeWindowState } from './electron/window-state-file';

// The Electron main process: wiring only. Everything that is not about Electron lives in the
// engine, which runs in a worker thread and never imports electron.

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = join(here, '../preload/index.cjs');
const RENDERER = join(here, '../renderer');
const ENGINE_WORKER = join(here, 'engine-worker.js');
const DASHBOARD_URL = 'https://app.open.cx/';

// An installed app has no DevTools, no Reload and no chatter (production-mode.ts). The crash
// reporter is not started: a minidump holds the process's memory, the API key with it, and is
// neither sent anywhere nor written to disk. No URL scheme is claimed (setAsDefaultProtocolClient).
const mode = runModeFor(app.isPackaged, process.env);
const devLog = developmentLog(mode);

// A separate profile for tests and demos; must be set before anything reads userData.
if (process.env.SESSION_DESK_USER_DATA) app.setPath('userData', process.env.SESSION_DESK_USER_DATA);
registerAppScheme(protocol);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
const currentWindow = () => mainWindow;
const sendToPage: EventSink = (name, payload) =>
  sendContractEvent(mainWindow?.webContents, name, payload);

if (claimSingleInstance(app, () => mainWindow && focusWindow(mainWindow))) {
  app.on('web-contents-created', (_event, contents) =>
    guardNavigation(contents, (url) => openExternalIfAllowed(shell, url)),
  );
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Session Desk could not start', message);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  blockRendererNetwork(session.defaultSession);
  serveAppProtocol(protocol, RENDERER);

  const userData = app.getPath('userData');
  const config = desktopEngineConfig(userData, process.env);
  const about = () => aboutFacts(app, process.versions);
  app.setAboutPanelOptions(aboutPanelOptions(about()));
  devLog(`development mode; Electron ${process.versions.electron}; data in ${userData}`);
  // Chosen on first use: the keychain probe can take seconds, and start-up should not wait.
  const secrets = secretPort(
    () =>
      chooseSecretStore({
        loadKeytar,
        safeStorage,
        platform: process.platform,
        encryptedFile: join(userData, 'secrets.json'),
      }),
    process.env.OPENCX_API_TOKEN || null,
  );

  const engine = new EngineHost({
    config,
    secrets,
    // Electron's network stack: the system proxy and the OS's certificates, as the user expects.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
    workerPath: ENGINE_WORKER,
    onEvent: sendToPage,
    onCrash: createEngineCrashNotice({
      dialog,
      window: currentWindow,
      notifyPage: (message) => sendToPage('engine.crashed', { message }),
    }),
  });
  // Exports go where the native save dialog says, chosen here, never by the page.
  bindContract(
    ipcMain,
    exportToFile(engine.dispatch, {
      dialog,
      shell,
      window: currentWindow,
      defaultFolder: () => app.getPath('downloads'),
    }),
  );

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildAppMenuTemplate({
        platform: process.platform,
        sendCommand: (command) => sendToPage('menu.command', { command }),
        syncNow: () => void engine.dispatch('sync.run', {}),
        openDashboard: () => void openExternalIfAllowed(shell, DASHBOARD_URL),
        showAbout: () => void showAboutDialog(dialog, mainWindow, about()),
        developerTools: mode.devTools,
        reload: mode.reloadAccelerators,
      }),
    ),
  );
  followSystemTheme(nativeTheme, currentWindow);

  const stateFile = join(userData, 'window-state.json');
  let savingState: Promise<void> = Promise.resolve();
  const openWindow = async () => {
    const saved = await readWindowState(stateFile);
    const state = fitWindowState(
      saved,
      screen.getAllDisplays().map((display) => display.workArea),
      screen.getPrimaryDisplay().workArea,
    );
    const window = createMainWindow({
      preloadPath: PRELOAD,
      state,
      backgroundColor: backgroundFor(nativeTheme),
      devTools: mode.devTools,
    });
    forwardPageConsole(mode, window.webContents);
    window.on('close', () => {
      const closing = captureWindowState(window);
      savingState = writeWindowState(stateFile, closing).catch((error: unknown) =>
        console.error(`session-desk: could not save the window position: ${String(error)}`),
      );
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };
  await openWindow();

  app.on('activate', () => {
    if (!mainWindow) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Let the window position reach disk and the engine finish its transaction before exiting.
    event.preventDefault();
    void Promise.allSettled([savingState, engine.close()]).finally(() => {
      closed = true;
      app.quit();
    });
  });
}
