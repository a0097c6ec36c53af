import { existsSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import type { BaseWindow, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { AppErrorShape, CallResult } from '../../src-shared/contract/app-error';
import { contract } from '../../src-shared/contract/channels';
import {
  defaultExportFileName,
  EXPORT_FORMAT_INFO,
} from '../../src-shared/export/export-catalogue';
import type { Dispatch } from '../engine/contract/dispatcher';
import { describeZodError } from '../engine/contract/describe-zod-error';

// The desktop app's export: the native save dialog chooses the file in the main process, so the
// page never names a path to write. `sessions.export` is intercepted on its way to the engine:
// its input is checked against the contract first (no dialog for a request that would fail),
// then the dialog asks where, then the engine exports to that path with the input beside it.
// `sessions.export.reveal` shows a file this process saved in the system's file manager, found
// by the export's id (the path itself never goes to the page and never comes from it).

export interface ExportToFileDeps {
  dialog: {
    showSaveDialog(window: BaseWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
    showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  };
  shell: { showItemInFolder(fullPath: string): void };
  /** The window the dialog belongs to, if one is open. */
  window: () => BaseWindow | null;
  /** Where the dialog starts: the user's Downloads folder. */
  defaultFolder: () => string;
  now?: () => number;
}

/** Exports whose files can be shown in their folder (the most recent ones). */
const REMEMBERED = 50;

export const NO_FILE_CHOSEN = 'No file was chosen, so nothing was exported.';

/**
 * Wraps the engine's dispatch for ipcMain: the export channels as above, every other channel
 * passed through unchanged (and never with a destination).
 */
export function exportToFile(dispatch: Dispatch, deps: ExportToFileDeps): Dispatch {
  const now = deps.now ?? (() => Date.now());
  const saved = new Map<string, string>();

  const exportSessions = async (input: unknown): Promise<CallResult<unknown>> => {
    const parsed = contract['sessions.export'].input.safeParse(input);
    if (!parsed.success) {
      return refused({
        code: 'invalid_input',
        message: describeZodError('sessions.export', parsed.error),
      });
    }
    const { format, export_id: exportId } = parsed.data;
    const info = EXPORT_FORMAT_INFO[format];
    const options: SaveDialogOptions = {
      title: 'Export sessions',
      buttonLabel: 'Export',
      defaultPath: join(deps.defaultFolder(), defaultExportFileName(format, now())),
      filters: [{ name: info.label, extensions: [info.extension] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const window = deps.window();
    const answer = window
      ? await deps.dialog.showSaveDialog(window, options)
      : await deps.dialog.showSaveDialog(options);
    if (answer.canceled || !answer.filePath)
      return refused({ code: 'cancelled', message: NO_FILE_CHOSEN });
    if (!isAbsolute(answer.filePath)) {
      return refused({
        code: 'invalid_input',
        message: `The save dialog answered ${answer.filePath}, which is not a full path; nothing was exported.`,
      });
    }
    const path = withExtension(answer.filePath, info.extension);
    const result = await dispatch('sessions.export', input, { exportTo: { kind: 'file', path } });
    if (result.ok) {
      saved.delete(exportId);
      saved.set(exportId, path);
      while (saved.size > REMEMBERED) saved.delete(saved.keys().next().value as string);
    }
    return result;
  };

  const reveal = (input: unknown): CallResult<unknown> => {
    const parsed = contract['sessions.export.reveal'].input.safeParse(input);
    if (!parsed.success) {
      return refused({
        code: 'invalid_input',
        message: describeZodError('sessions.export.reveal', parsed.error),
      });
    }
    const path = saved.get(parsed.data.export_id);
    if (!path) {
      return refused({
        code: 'not_found',
        message: 'Session Desk does not know that export’s file (it was saved before a restart).',
      });
    }
    if (!existsSync(path)) {
      return refused({ code: 'not_found', message: `${path} was moved or deleted.` });
    }
    deps.shell.showItemInFolder(path);
    return { ok: true, value: { shown: true } };
  };

  return async (channel, input) => {
    if (channel === 'sessions.export') return exportSessions(input);
    if (channel === 'sessions.export.reveal') return reveal(input);
    return dispatch(channel, input);
  };
}

/**
 * The chosen path, with the format's extension added when the name has none (some Linux
 * dialogs do not add it) and no file already has that name (the dialog asked about overwriting
 * only the name it was given).
 */
function withExtension(path: string, extension: string): string {
  if (extname(path) !== '') return path;
  const longer = `${path}.${extension}`;
  return existsSync(longer) ? path : longer;
}

function refused(error: AppErrorShape): CallResult<never> {
  return { ok: false, error };
}
