import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  messageBoxes: { title: string | undefined; message: string; detail: string | undefined }[] = [];
  errorBoxes: { title: string; content: string }[] = [];
  osPrefersDark = false;
  safeStorage = { available: true, backend: 'gnome_libsecret' as string };
  /** Work areas of the fake displays; the first is the primary. */
  displays = [{ x: 0, y: 0, width: 1920, height: 1040 }];

  constructor() {
    const home = mkdtempSync(join(tmpdir(), 'electron-double-'));
    for (const name of [
      'home',
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
