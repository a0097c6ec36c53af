import type { Shell } from 'electron';
import type { DoubleState } from './double-state';

/** shell: openExternal only records where the user would have been sent. */
export function createShellDouble(state: DoubleState): Pick<Shell, 'openExternal'> {
  return {
    openExternal: (url) => {
      state.openedExternally.push(url);
      return Promise.resolve();
    },
  };
}
