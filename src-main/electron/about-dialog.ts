import type { AboutPanelOptionsOptions, BrowserWindow, MessageBoxOptions } from 'electron';

/** What the About box says: enough for a support ticket. */
export interface AboutFacts {
  productName: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  /** app.getPath('userData'): the cache, the accounts and, without a keychain, the secrets file. */
  dataFolder: string;
}

export function aboutFacts(
  app: { getVersion(): string; getPath(name: 'userData'): string },
  versions: NodeJS.ProcessVersions,
): AboutFacts {
  return {
    productName: 'Session Desk',
    version: app.getVersion(),
    electron: versions.electron ?? 'unknown',
    chrome: versions.chrome ?? 'unknown',
    node: versions.node,
    dataFolder: app.getPath('userData'),
  };
}

function versionLines(facts: AboutFacts): string {
  return `Electron ${facts.electron}\nChromium ${facts.chrome}\nNode ${facts.node}`;
}

/** Windows and Linux: a message box from Help › About Session Desk. */
export function aboutMessageBox(facts: AboutFacts): MessageBoxOptions {
  return {
    type: 'info',
    title: `About ${facts.productName}`,
    message: `${facts.productName} ${facts.version}`,
    detail: `${versionLines(facts)}\n\nData folder:\n${facts.dataFolder}`,
    buttons: ['OK'],
    defaultId: 0,
    noLink: true,
  };
}

/** macOS: the app menu's About item shows Electron's panel, filled in from these. */
export function aboutPanelOptions(facts: AboutFacts): AboutPanelOptionsOptions {
  return {
    applicationName: facts.productName,
    applicationVersion: facts.version,
    // Shown in brackets after the version on macOS.
    version: `Electron ${facts.electron}, Chromium ${facts.chrome}`,
    credits: `${versionLines(facts)}\n\nData folder: ${facts.dataFolder}`,
  };
}

export interface AboutDialogPort {
  showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<unknown>;
  showMessageBox(options: MessageBoxOptions): Promise<unknown>;
}

export function showAboutDialog(
  dialog: AboutDialogPort,
  window: BrowserWindow | null,
  facts: AboutFacts,
): Promise<unknown> {
  const options = aboutMessageBox(facts);
  return window && !window.isDestroyed()
    ? dialog.showMessageBox(window, options)
    : dialog.showMessageBox(options);
}
