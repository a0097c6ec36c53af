import { describe, expect, it } from 'vitest';
import { createElectronDouble } from '../../test-support/electron-double/electron-double';
import { createEngineCrashNotice } from './engine-crash-notice';

describe('the engine crash notice', () => {
  it('tells the page and shows one dialog at a time, however often the engine crashes', async () => {
    const { electron, state } = createElectronDouble();
    electron.app.becomeReady();
    const window = new electron.BrowserWindow({});
    const told: string[] = [];
    const notice = createEngineCrashNotice({
      dialog: electron.dialog,
      window: () => window as unknown as Electron.BrowserWindow,
      notifyPage: (message) => told.push(message),
    });
    const quiet = console.error;
    console.error = () => undefined;
    try {
      notice(new Error('exit 134'), true);
      notice(new Error('exit 134'), true);
      expect(told).toHaveLength(2);
      expect(told[0]).toMatch(/engine stopped unexpectedly and is restarting.*exit 134/);
      expect(state.messageBoxes).toHaveLength(1);
      await new Promise((next) => setImmediate(next));
      notice(new Error('again'), false);
      expect(state.messageBoxes).toHaveLength(2);
      expect(told[2]).toMatch(/keeps stopping, so it was left stopped/);
    } finally {
      console.error = quiet;
    }
  });
});
