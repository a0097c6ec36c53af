import type { BrowserWindow, Dialog } from 'electron';
import { engineCrashMessage } from '../engine/worker/engine-crash-message';

export interface EngineCrashNoticeOptions {
  dialog: Pick<Dialog, 'showMessageBox'>;
  window: () => BrowserWindow | null;
  /** Tells the page too, so its status bar can say so. */
  notifyPage: (message: string) => void;
}

/**
 * Tells the user, in a sentence, that the engine stopped and is restarting. One dialog at a
 * time: an engine that keeps crashing must not bury the user under dialogs.
 */
export function createEngineCrashNotice(
  options: EngineCrashNoticeOptions,
): (error: Error, restarting: boolean) => void {
  let showing = false;
  return (error, restarting) => {
    const message = engineCrashMessage(error, restarting);
    console.error(`session-desk: ${message}`);
    options.notifyPage(message);
    const window = options.window();
    if (showing || !window || window.isDestroyed()) return;
    showing = true;
    void options.dialog
      .showMessageBox(window, {
        type: 'warning',
        title: 'Session Desk',
        message: restarting
          ? 'The engine stopped and is restarting.'
          : 'The engine keeps stopping and was left stopped.',
        detail: message,
        buttons: ['OK'],
        noLink: true,
      })
      .catch(() => undefined)
      .finally(() => {
        showing = false;
      });
  };
}
