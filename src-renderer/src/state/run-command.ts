import type { PageCommand } from './key-commands';
import { selection } from './selection.svelte';
import { sessionQuery } from './session-query.svelte';

export const SEARCH_INPUT_ID = 'session-search';
export const DETAIL_HEADING_ID = 'session-detail-heading';
export const GRID_ID = 'session-grid';

/**
 * Carries out a keyboard or menu command. Returns false for one the page cannot do right now,
 * so the key is left alone.
 */
export function runCommand(command: PageCommand): boolean {
  switch (command) {
    case 'list.next':
      sessionQuery.move(1);
      return true;
    case 'list.previous':
      sessionQuery.move(-1);
      return true;
    case 'list.extend-next':
    case 'list.extend-previous':
      extendSelection(command === 'list.extend-next' ? 1 : -1);
      return true;
    case 'filter.focus':
      document.getElementById(SEARCH_INPUT_ID)?.focus();
      return true;
    case 'session.open':
      // The focused row, always: never the one clicked before j/k moved on.
      return sessionQuery.openFocused();
    case 'selection.toggle': {
      const id = sessionQuery.focusedId;
      if (!id) return false;
      selection.toggle(id, sessionQuery.focusIndex);
      return true;
    }
    case 'selection.export':
      return selection.requestExport();
    case 'selection.clear':
      if (selection.count === 0 && !selection.notice) return false;
      selection.clear();
      return true;
  }
}

/** shift+j/k and shift+arrows: moves the focus and selects from the anchor to it. */
export function extendSelection(step: number): void {
  if (selection.anchor === -1 && sessionQuery.focusIndex !== -1) {
    selection.anchor = sessionQuery.focusIndex;
  }
  sessionQuery.move(step);
  void selection.extendTo(sessionQuery.focusIndex);
}
