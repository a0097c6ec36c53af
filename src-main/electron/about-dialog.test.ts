import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { createElectronDouble } from '../../test-support/electron-double/electron-double';
import { aboutFacts, aboutPanelOptions, showAboutDialog } from './about-dialog';

const versions = { ...process.versions, electron: '45.4.1', chrome: '140.0.7339.0' };

describe('the About box', () => {
  it("shows the app's version, Electron's and Chromium's, and the data folder", async () => {
    const { electron, state } = createElectronDouble();
    state.appVersion = '1.2.3';
    const facts = aboutFacts(electron.app, versions);
    await showAboutDialog(electron.dialog, null, facts);
    expect(state.messageBoxes).toHaveLength(1);
    const [box] = state.messageBoxes;
    expect(box!.title).toBe('About Session Desk');
    expect(box!.message).toBe('Session Desk 1.2.3');
    expect(box!.detail).toContain('Electron 45.4.1');
    expect(box!.detail).toContain('Chromium 140.0.7339.0');
    expect(box!.detail).toContain(`Node ${process.versions.node}`);
    expect(box!.detail).toContain(electron.app.getPath('userData'));
  });

  it('is attached to the window when there is one', async () => {
    const { electron, state } = createElectronDouble();
    const calls: unknown[][] = [];
    const dialog = {
      showMessageBox: (...args: unknown[]) => {
        calls.push(args);
        return Promise.resolve({ response: 0, checkboxChecked: false });
      },
    };
    const window = { isDestroyed: () => false } as unknown as BrowserWindow;
    await showAboutDialog(dialog, window, aboutFacts(electron.app, versions));
    expect(calls[0]![0]).toBe(window);
    expect(state.messageBoxes).toHaveLength(0);
  });

  it("fills macOS's About panel with the same facts", () => {
    const { electron, state } = createElectronDouble();
    state.appVersion = '1.2.3';
    const options = aboutPanelOptions(aboutFacts(electron.app, versions));
    expect(options).toMatchObject({
      applicationName: 'Session Desk',
      applicationVersion: '1.2.3',
      version: 'Electron 45.4.1, Chromium 140.0.7339.0',
    });
    expect(options.credits).toContain(electron.app.getPath('userData'));
  });
});
