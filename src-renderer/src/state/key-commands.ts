import type { MenuCommand } from '../../../src-shared/contract/menu-commands';

/** What a key asks the page to do: the native menu's commands plus the list's own. */
export type PageCommand =
  MenuCommand | 'list.extend-next' | 'list.extend-previous' | 'selection.clear';

// design.md, "Looks and feel": keyboard first. The native menu shows these keys but leaves them
// to the page, so typing in a field is never swallowed. Arrows, Home/End and PageUp/PageDown
// belong to the focused grid (SessionGrid handles them), so they still scroll other panes.
const KEYS: Record<string, PageCommand> = {
  j: 'list.next',
  k: 'list.previous',
  J: 'list.extend-next',
  K: 'list.extend-previous',
  '/': 'filter.focus',
  Enter: 'session.open',
  x: 'selection.toggle',
  e: 'selection.export',
  Escape: 'selection.clear',
};

/** The command a key press asks for, or null (modifiers held, or a control owns the key). */
export function commandForKey(
  event: Pick<
    KeyboardEvent,
    'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target' | 'defaultPrevented'
  >,
): PageCommand | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (ownsKey(event.target, event.key)) return null;
  return KEYS[event.key] ?? null;
}

/**
 * Fields and open dialogs take every key; buttons and links take Enter (it presses them), but
 * letters still move through the list from a focused row.
 */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('input, textarea, select, dialog')) return true;
  return key === 'Enter' && target.closest('button, a[href], summary, [role="button"]') !== null;
}
