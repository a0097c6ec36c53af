import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildAppMenuTemplate, type MenuCommand } from './app-menu';

function build(platform: NodeJS.Platform, developerTools = false) {
  const sent: MenuCommand[] = [];
  let synced = 0;
  let aboutShown = 0;
  const template = buildAppMenuTemplate({
    platform,
    sendCommand: (command) => sent.push(command),
    syncNow: () => (synced += 1),
    openDashboard: () => undefined,
    showAbout: () => (aboutShown += 1),
    developerTools,
    reload: developerTools,
  });
  const items = (list: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    list.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
  const find = (label: string) => items(template).find((item) => item.label === label)!;
  const click = (label: string) => (find(label).click as () => void)();
  return {
    template,
    items: items(template),
    find,
    click,
    sent,
    synced: () => synced,
    aboutShown: () => aboutShown,
  };
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
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const roles = (developing: boolean) =>
        build(platform, developing).items.map((item) => item.role);
      expect(roles(false), platform).not.toContain('toggleDevTools');
      expect(roles(false), platform).not.toContain('reload');
      expect(roles(false), platform).not.toContain('forceReload');
      expect(roles(true), platform).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    }
  });

  it("gives Reload its own accelerator while developing: CmdOrCtrl+R is Sync Now's", () => {
    const menu = build('linux', true);
    expect(menu.items.find((item) => item.role === 'reload')?.accelerator).toBe(
      'CmdOrCtrl+Shift+R',
    );
    const accelerators = menu.items.map((item) => item.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('has About Session Desk in Help on Windows and Linux; on macOS the app menu has About', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const menu = build(platform);
      const help = menu.template.find((item) => item.role === 'help')!;
      expect(
        (help.submenu as { label?: string }[]).map((item) => item.label),
        platform,
      ).toContain('About Session Desk');
      menu.click('About Session Desk');
      expect(menu.aboutShown()).toBe(1);
    }
    const mac = build('darwin');
    expect(mac.items.some((item) => item.label === 'About Session Desk')).toBe(false);
    expect(mac.template[0]).toEqual({ role: 'appMenu' });
  });
});
