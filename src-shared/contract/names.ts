// Channel and event names, free of schema code: the sandboxed preload and the web bridge build
// `window.api` from these lists, and the schemas in channels.ts are checked against them.
export const CHANNEL_NAMES = [
  'app.status',
  'accounts.list',
  'accounts.add',
  'accounts.update',
  'accounts.remove',
  'accounts.switch',
  'connectivity.hint',
  'sessions.list',
  'sessions.ids',
  'sessions.get',
  'sessions.history',
  'sessions.facets',
  'sessions.histogram',
  'contacts.search',
  'custom_data.keys',
  'custom_data.values',
  'views.list',
  'views.save',
  'views.delete',
  'views.restore',
  'views.reorder',
  'views.counts',
  'workspace.load',
  'workspace.save',
  'workspace.columns.load',
  'workspace.columns.save',
  'sync.run',
  'sync.cancel',
  'sync.status',
  'sessions.export',
  'sessions.export.cancel',
  'sessions.export.reveal',
] as const;

export const EVENT_NAMES = [
  'sync.progress',
  'sync.state',
  'accounts.changed',
  'connectivity',
  'menu.command',
  'engine.crashed',
  'export.progress',
  'export.finished',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
