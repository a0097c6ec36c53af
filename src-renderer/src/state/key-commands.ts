import type { MenuCommand } from '../../../src-shared/contract/menu-commands';

// design.md, "Looks and feel": keyboard first. The native menu shows these keys but leaves them
// to the page, so typing in a field is never swallowed.
const KEYS: Record<string, MenuCommand> = {
  j: 'list.next',
  k: 'list.previous',
  '/': 'filter.focus',
  Enter: 'session.open',
  x: 'selection.toggle',
  e: 'selection.export',
};

/** The command a key press asks for, or null (modifiers held, or the user is typing). */
export function commandForKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): MenuCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  return KEYS[event.key] ?? null;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
