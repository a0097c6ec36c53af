import type { Dialog, MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { DoubleState } from './double-state';

/** dialog: message boxes answer with their first button; error boxes are recorded. */
export function createDialogDouble(state: DoubleState): Pick<Dialog, 'showErrorBox'> & {
  showMessageBox(
    windowOrOptions: unknown,
    maybeOptions?: MessageBoxOptions,
  ): Promise<MessageBoxReturnValue>;
} {
  return {
    showMessageBox: (windowOrOptions, maybeOptions) => {
      const options = (maybeOptions ?? windowOrOptions) as MessageBoxOptions;
      state.messageBoxes.push({
        title: options.title,
        message: options.message,
        detail: options.detail,
      });
      return Promise.resolve({ response: 0, checkboxChecked: false });
    },
    showErrorBox: (title, content) => {
      state.errorBoxes.push({ title, content });
    },
  };
}
