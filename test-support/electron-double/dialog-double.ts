import type {
  Dialog,
  MessageBoxOptions,
  MessageBoxReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
} from 'electron';
import type { DoubleState } from './double-state';

/**
 * dialog: message boxes answer with their first button; error boxes are recorded. Save dialogs
 * are recorded with their options and answer with the next of `state.saveDialogAnswers` (a path
 * the user chose, or null for Cancel), or Cancel when none is queued; like Electron's, a cancelled
 * dialog answers `{ canceled: true, filePath: '' }`.
 */
export function createDialogDouble(state: DoubleState): Pick<Dialog, 'showErrorBox'> & {
  showMessageBox(
    windowOrOptions: unknown,
    maybeOptions?: MessageBoxOptions,
  ): Promise<MessageBoxReturnValue>;
  showSaveDialog(
    windowOrOptions: unknown,
    maybeOptions?: SaveDialogOptions,
  ): Promise<SaveDialogReturnValue>;
} {
  return {
    showSaveDialog: (windowOrOptions, maybeOptions) => {
      const options = (maybeOptions ?? windowOrOptions) as SaveDialogOptions;
      state.saveDialogs.push({ options, withWindow: maybeOptions !== undefined });
      const answer = state.saveDialogAnswers.shift() ?? null;
      return Promise.resolve(
        answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer },
      );
    },
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
