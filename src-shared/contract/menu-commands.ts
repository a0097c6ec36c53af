/** What a native menu item asks the page to do (design.md, "Looks and feel": keyboard first). */
export const MENU_COMMANDS = [
  'list.next',
  'list.previous',
  'filter.focus',
  'session.open',
  'selection.toggle',
  'selection.export',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];
