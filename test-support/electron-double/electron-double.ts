import { AppDouble } from './app-double';
import { createBrowserWindowDouble, type BrowserWindowDouble } from './browser-window-double';
import { DoubleState } from './double-state';
import { IpcMainDouble, IpcRendererDouble } from './ipc-double';
import { MenuDouble, MenuItemDouble } from './menu-double';
import { NativeThemeDouble } from './native-theme-double';
import { ProtocolDouble } from './protocol-double';
import { SafeStorageDouble } from './safe-storage-double';
import { SessionDouble } from './session-double';
import { ContextBridgeDouble } from './context-bridge-double';
import { createCrashReporterDouble } from './crash-reporter-double';
import { createDialogDouble } from './dialog-double';
import { createScreenDouble } from './screen-double';
import { createShellDouble } from './shell-double';

/**
 * An in-memory `electron` module: the parts Session Desk uses, with Electron's call signatures
 * and its rules (protocol schemes before ready, handlers after, one ipcMain handler per channel,
 * structured-clone IPC, permissions granted unless a handler says otherwise). `electron` is what
 * the code under test imports; `state` is what the test reads and sets.
 */
export function createElectronDouble() {
  const state = new DoubleState();
  const app = new AppDouble(state);
  const protocol = new ProtocolDouble(state);
  const windows: BrowserWindowDouble[] = [];
  const BrowserWindow = createBrowserWindowDouble({ app, protocol, windows });
  const ipcMain = new IpcMainDouble();
  const ipcRenderer = new IpcRendererDouble(ipcMain);
  const contextBridge = new ContextBridgeDouble();
  const session = { defaultSession: new SessionDouble() };
  MenuDouble.applicationMenu = null;

  const electron = {
    app,
    BrowserWindow,
    contextBridge,
    crashReporter: createCrashReporterDouble(state),
    dialog: createDialogDouble(state),
    ipcMain,
    ipcRenderer,
    Menu: MenuDouble,
    MenuItem: MenuItemDouble,
    nativeTheme: new NativeThemeDouble(state),
    net: { fetch: (input: string | Request, init?: RequestInit) => globalThis.fetch(input, init) },
    protocol,
    safeStorage: new SafeStorageDouble(state),
    screen: createScreenDouble(state),
    session,
    shell: createShellDouble(state),
  };
  return { electron, state, windows };
}

export type ElectronDouble = ReturnType<typeof createElectronDouble>;
export type ElectronModuleDouble = ElectronDouble['electron'];
