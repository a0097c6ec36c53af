import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildAppMenuTemplate, type MenuCommand } from './app-menu';

function build(platform: NodeJS.Platform, developerTools = false) {
  const sent: MenuCommand[] = [];
  let synced = 0;
  const template = buildAppMenuTemplate({
    platform,
    sendCommand: (command) => sent.push(command),
    syncNow: () => (synced += 1),
    openDashboard: () => undefined,
    developerTools,
  });
  const items = (list: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    list.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
  const find = (label: string) => items(template).find((item) => item.label === label)!;
  const click = (label: string) => (find(label).click as () => void)();
  return { template, items: items(template), find, click, sent, synced: () => synced };
}

describe('the application menu', () => {
  it('sends the page commands for the keyboard shortcuts and syncs directly', () => {
    const menu = build('linux');
    menu.click('Next Session');
    menu.click('Previous Session');
    menu.click('Search and Filter');
    menu.click('Open Session');
    menu.click('Select Session');
    menu.click('Export Selected…');
    menu.click('Sync Now');
    expect(menu.sent).toEqual([
      'list.next',
      'list.previous',
      'filter.focus',
      'session.open',
      'selection.toggle',
      'selection.export',
    ]);
    expect(menu.synced()).toBe(1);
  });

  it('on macOS adds the app menu and leaves single keys to the page, without accelerators', () => {
    const menu = build('darwin');
    expect(menu.template[0]).toEqual({ role: 'appMenu' });
    expect(menu.find('Next Session').accelerator).toBeUndefined();
  });

  it('offers reload and developer tools only while developing', () => {
    expect(build('linux').items.some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(build('linux', true).items.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });
});
