// Channel and event names, free of schema code: the sandboxed preload and the web bridge build
// `window.api` from these lists, and the schemas in channels.ts are checked against them.
export const CHANNEL_NAMES = [
  'app.status',
  'sessions.list',
  'sessions.get',
  'sync.run',
  'sync.cancel',
  'sync.status',
] as const;

export const EVENT_NAMES = [
  'sync.progress',
  'sync.state',
  'menu.command',
  'engine.crashed',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
