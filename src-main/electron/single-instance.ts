import type { App } from 'electron';

/**
 * Two copies of the app would fight over one SQLite writer, so only the first holds the lock;
 * a second start only tells the first (which then calls onSecondInstance) and quits.
 * Returns false in the second copy.
 */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>,
  onSecondInstance: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}
