import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { CallResult } from '../../src-shared/contract/app-error';
import type { EventPayload } from '../../src-shared/contract/channels';
import { inputLimitRefusal } from '../../src-shared/contract/input-limits';
import { CHANNEL_NAMES, type EventName } from '../../src-shared/contract/names';
import type { Dispatch } from '../engine/contract/dispatcher';
import { isAppUrl } from './app-origin';
import {
  CONTRACT_CHANNEL_PREFIX,
  CONTRACT_EVENT_CHANNEL,
} from '../../src-shared/contract/ipc-channels';

/**
 * Binds every contract channel as `contract:<name>` (one ipcMain.handle each, so an unknown
 * channel has no handler at all). Each handler first checks that the calling frame is our own
 * app:// page, then hands the raw input to the engine's validating dispatcher. Handlers never
 * throw: a refusal or failure is a CallResult, because thrown errors lose their fields over IPC.
 * Returns a function that unbinds them all.
 */
export function bindContract(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(
      `${CONTRACT_CHANNEL_PREFIX}${channel}`,
      async (event: IpcMainInvokeEvent, input: unknown): Promise<CallResult<unknown>> => {
        if (!isTrustedSender(event.senderFrame)) {
          return {
            ok: false,
            error: {
              code: 'forbidden_sender',
              message: `Session Desk refused ${channel}: the call came from a page that is not Session Desk's own.`,
            },
          };
        }
        // Bounded here as on every transport, before anything copies or walks the input.
        const tooLarge = inputLimitRefusal(channel, input);
        if (tooLarge) return { ok: false, error: tooLarge };
        try {
          return await dispatch(channel, input);
        } catch (error) {
          return {
            ok: false,
            error: {
              code: 'internal',
              message: `The engine could not answer ${channel}: ${error instanceof Error ? error.message : String(error)}`,
            },
          };
        }
      },
    );
  }
  return () => {
    for (const channel of CHANNEL_NAMES)
      ipcMain.removeHandler(`${CONTRACT_CHANNEL_PREFIX}${channel}`);
  };
}

/** A frame that is gone (null) or shows anything but app://session-desk is not us. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame) return false;
  try {
    return isAppUrl(frame.url);
  } catch {
    // Reading the URL of a frame that has just been destroyed throws.
    return false;
  }
}

/** Pushes a contract event to the page; dropped quietly when the window is already gone. */
export function sendContractEvent<E extends EventName>(
  contents: WebContents | null | undefined,
  name: E,
  payload: EventPayload<E>,
): void {
  if (!contents || contents.isDestroyed()) return;
  contents.send(CONTRACT_EVENT_CHANNEL, name, payload);
}
