import type { MenuItemConstructorOptions } from 'electron';

import type { MenuCommand } from '../../src-shared/contract/menu-commands';

export { MENU_COMMANDS, type MenuCommand } from '../../src-shared/contract/menu-commands';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  sendCommand: (command: MenuCommand) => void;
  syncNow: () => void;
  openDashboard: () => void;
  /** Help › About Session Desk on Windows and Linux (macOS has the app menu's About panel). */
  showAbout: () => void;
  /** Toggle Developer Tools, only while developing (production-mode.ts); a user never needs it. */
  developerTools: boolean;
  /** Reload and its accelerator, likewise only while developing. */
  reload: boolean;
}

// The single-key shortcuts of design.md (j, k, /, Enter, x, e) are handled by the page, which
// knows whether focus is in a text field. Registering them as menu accelerators would swallow
// those keys while the user types a search, so the menu only displays them
// (registerAccelerator: false). macOS cannot display an accelerator without registering it, so
// there the items carry none.
function pageShortcut(
  options: AppMenuOptions,
  label: string,
  key: string,
  command: MenuCommand,
): MenuItemConstructorOptions {
  const item: MenuItemConstructorOptions = { label, click: () => options.sendCommand(command) };
  if (options.platform !== 'darwin') {
    item.accelerator = key;
    item.registerAccelerator = false;
  }
  return item;
}

function developerItems(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  // Reload's own accelerator (CmdOrCtrl+R) belongs to Sync Now.
  if (options.reload) items.push({ role: 'reload', accelerator: 'CmdOrCtrl+Shift+R' });
  if (options.developerTools) items.push({ role: 'toggleDevTools' });
  return items.length > 0 ? [{ type: 'separator' }, ...items] : [];
}

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push({
    label: '&File',
    submenu: [
      { label: 'Sync Now', accelerator: 'CmdOrCtrl+R', click: () => options.syncNow() },
      pageShortcut(options, 'Export Selected…', 'E', 'selection.export'),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({ role: 'editMenu' });
  template.push({
    label: '&View',
    submenu: [
      pageShortcut(options, 'Next Session', 'J', 'list.next'),
      pageShortcut(options, 'Previous Session', 'K', 'list.previous'),
      pageShortcut(options, 'Open Session', 'Enter', 'session.open'),
      pageShortcut(options, 'Select Session', 'X', 'selection.toggle'),
      pageShortcut(options, 'Search and Filter', '/', 'filter.focus'),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...developerItems(options),
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: [
      { label: 'Open the OpenCX Dashboard', click: () => options.openDashboard() },
      ...(mac
        ? []
        : ([
            { type: 'separator' },
            { label: 'About Session Desk', click: () => options.showAbout() },
          ] as MenuItemConstructorOptions[])),
    ],
  });
  return template;
}
