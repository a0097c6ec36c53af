import type { Shell } from 'electron';
import type { DoubleState } from './double-state';

/**
 * shell: openExternal only records where the user would have been sent; showItemInFolder only
 * records which file the file manager would have shown (Electron's returns nothing either way).
 */
export function createShellDouble(
  state: DoubleState,
): Pick<Shell, 'openExternal' | 'showItemInFolder'> {
  return {
    showItemInFolder: (fullPath) => {
      state.shownInFolder.push(fullPath);
    },
    openExternal: (url) => {
      state.openedExternally.push(url);
      return Promise.resolve();
    },
  };
}
