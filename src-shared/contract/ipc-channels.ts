// The Electron IPC channel names of the contract, declared once for main (which binds them) and
// the sandboxed preload (which speaks them); the preload bundles src-shared, so both read this.

/** One invoke channel per contract channel: `contract:sessions.list`, … */
export const CONTRACT_CHANNEL_PREFIX = 'contract:';

/** Every pushed event travels here as (name, payload). */
export const CONTRACT_EVENT_CHANNEL = 'contract:event';
