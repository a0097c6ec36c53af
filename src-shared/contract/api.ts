import type { CallResult } from './app-error';
import type { EventPayload, InputOf, ResultOf } from './channels';
import type { ChannelName, EventName } from './names';

/**
 * `window.api` as the preload (Electron) and the web bridge (web host) both expose it: one
 * method per contract channel, and a subscription to pushed events. Calls resolve to a
 * CallResult rather than rejecting, because Error objects lose their fields crossing contextBridge.
 */
export type RendererApi = {
  [C in ChannelName]: (input?: InputOf<C>) => Promise<CallResult<ResultOf<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
