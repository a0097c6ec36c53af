// The IPC channel names main binds; the preload speaks the same ones (src-preload/ipc-channels.ts).
// They are duplicated because neither side may import the other, and the built-app test drives
// the real preload against the real main to prove they agree.

/** One invoke channel per contract channel: `contract:sessions.list`, … */
export const CONTRACT_CHANNEL_PREFIX = 'contract:';

/** Every pushed event goes out here as (name, payload). */
export const CONTRACT_EVENT_CHANNEL = 'contract:event';
