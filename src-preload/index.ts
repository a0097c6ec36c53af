import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RendererApi } from '../src-shared/contract/api';
import type { CallResult } from '../src-shared/contract/app-error';
import { CHANNEL_NAMES, isEventName, type EventName } from '../src-shared/contract/names';
import {
  CONTRACT_CHANNEL_PREFIX,
  CONTRACT_EVENT_CHANNEL,
} from '../src-shared/contract/ipc-channels';

// The whole of what the sandboxed page may ask of the main process: one method per contract
// channel and a subscription to the contract's events. No ipcRenderer, no process, no Node.

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

// One IPC listener for all events; the IpcRendererEvent (whose `sender` is ipcRenderer itself)
// never reaches the page.
ipcRenderer.on(
  CONTRACT_EVENT_CHANNEL,
  (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (!isEventName(name)) return;
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // One broken listener must not stop the others from hearing the event.
        console.error(`A listener for ${name} failed:`, error);
      }
    }
  },
);

async function invoke(channel: string, input: unknown): Promise<CallResult<unknown>> {
  try {
    return (await ipcRenderer.invoke(
      `${CONTRACT_CHANNEL_PREFIX}${channel}`,
      input,
    )) as CallResult<unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `The call ${channel} did not reach Session Desk: ${message}`,
      },
    };
  }
}

function on(event: unknown, listener: unknown): () => void {
  if (!isEventName(event)) {
    throw new TypeError(`window.api.on: there is no event named ${String(event)}.`);
  }
  if (typeof listener !== 'function') {
    throw new TypeError(`window.api.on: the listener for ${event} must be a function.`);
  }
  const typed = listener as Listener;
  let set = listeners.get(event);
  if (!set) {
    set = new Set();
    listeners.set(event, set);
  }
  set.add(typed);
  return () => {
    set.delete(typed);
  };
}

const api: Record<string, unknown> = { on };
for (const channel of CHANNEL_NAMES) {
  api[channel] = (input?: unknown) => invoke(channel, input);
}

contextBridge.exposeInMainWorld('api', api as RendererApi);
