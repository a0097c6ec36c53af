import type { MenuItemConstructorOptions } from 'electron';

import type { MenuCommand } from '../../src-shared/contract/menu-commands';

export { MENU_COMMANDS, type MenuCommand } from '../../src-shared/contract/menu-commands';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  sendCommand: (command: MenuCommand) => void;
  syncNow: () => void;
  openDashboard: () => void;
  /** Reload and developer tools only while developing; a user never needs them. */
  developerTools: boolean;
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
      ...(options.developerTools
        ? ([
            { type: 'separator' },
            { role: 'reload' },
            { role: 'toggleDevTools' },
          ] as MenuItemConstructorOptions[])
        : []),
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: [{ label: 'Open the OpenCX Dashboard', click: () => options.openDashboard() }],
  });
  return template;
}
