import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { WINDOW_MIN_SIZE, type WindowState } from './window-state';

export interface MainWindowOptions {
  /** The built preload, out/preload/index.cjs. */
  preloadPath: string;
  state: WindowState;
  backgroundColor: string;
  /** DevTools only in a developer's run (production-mode.ts); off, nothing can open them. */
  devTools: boolean;
}

/**
 * The one window: a sandboxed, context-isolated page without Node, loaded from app:// only.
 * It stays hidden until its first paint so the user never sees a blank frame.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { state } = options;
  const window = new BrowserWindow({
    title: 'Session Desk',
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: WINDOW_MIN_SIZE.width,
    minHeight: WINDOW_MIN_SIZE.height,
    show: false,
    backgroundColor: options.backgroundColor,
    webPreferences: {
      // Electronegativity PRELOAD_JS_CHECK asks for a review of the preload: it exposes only the
      // contract (see scripts/electronegativity-allow.json for the written reason).
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise open links in new windows without window.open.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** Where the window is when it is not maximised, to be restored next start. */
export function captureWindowState(window: BrowserWindow): WindowState {
  return { ...window.getNormalBounds(), maximized: window.isMaximized() };
}

/** Brings the window forward, e.g. when the user starts the app a second time. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
