import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AboutPanelOptionsOptions,
  CrashReporterStartOptions,
  SaveDialogOptions,
} from 'electron';

const electronVersion = (
  JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8'),
  ) as { version: string }
).version;

/**
 * What the double remembers and what a test sets before the code under test runs. One object,
 * shared by every fake module, so a test can read what the app did in one place.
 */
export class DoubleState {
  ready = false;
  singleInstanceLockAvailable = true;
  sandboxEnabled = false;
  quitCalls = 0;
  exitCode: number | null = null;
  paths = new Map<string, string>();
  openedExternally: string[] = [];
  /** Every shell.showItemInFolder path. */
  shownInFolder: string[] = [];
  /** Every dialog.showSaveDialog call: its options, and whether it was given a parent window. */
  saveDialogs: { options: SaveDialogOptions; withWindow: boolean }[] = [];
  /** What the next save dialogs answer, in order: a chosen path, or null for Cancel. */
  saveDialogAnswers: (string | null)[] = [];
  messageBoxes: { title: string | undefined; message: string; detail: string | undefined }[] = [];
  errorBoxes: { title: string; content: string }[] = [];
  osPrefersDark = false;
  safeStorage = { available: true, backend: 'gnome_libsecret' as string };
  /** app.isPackaged: false as under `npm start`, true as in an installed app. Set before loading. */
  packaged = false;
  /** app.getVersion(): in a real app, the version in the app's package.json. */
  appVersion = '0.1.0';
  /**
   * process.versions.electron and .chrome, which Electron's main process has and Node's does not.
   * The Electron version is the installed package's; the Chromium one is a stand-in (the double
   * cannot know which Chromium the real binary carries).
   */
  versions = { electron: electronVersion, chrome: '140.0.0.0' };
  /** Every app.setAsDefaultProtocolClient call, by scheme. */
  defaultProtocolClients: string[] = [];
  /** The last app.setAboutPanelOptions, and how often app.showAboutPanel was called. */
  aboutPanelOptions: AboutPanelOptionsOptions | null = null;
  aboutPanelShown = 0;
  /** Every crashReporter.start call, as given. */
  crashReporterStarts: CrashReporterStartOptions[] = [];
  /** Work areas of the fake displays; the first is the primary. */
  displays = [{ x: 0, y: 0, width: 1920, height: 1040 }];

  constructor() {
    const home = mkdtempSync(join(tmpdir(), 'electron-double-'));
    for (const name of [
      'home',
      'downloads',
      'appData',
      'userData',
      'sessionData',
      'temp',
      'logs',
      'crashDumps',
    ]) {
      this.paths.set(name, join(home, name));
    }
  }
}
