// The IPC channel names this preload speaks. Main binds the same names in
// src-main/electron/ipc-channels.ts; the two cannot import each other (the sandboxed preload
// bundles only src-shared), so the built-app test drives one against the other to keep them equal.

/** One invoke channel per contract channel: `contract:sessions.list`, … */
export const CONTRACT_CHANNEL_PREFIX = 'contract:';

/** Every pushed event arrives here as (name, payload). */
export const CONTRACT_EVENT_CHANNEL = 'contract:event';
