import type { MenuCommand } from '../../../src-shared/contract/menu-commands';
import { sessionQuery } from './session-query.svelte';

export const SEARCH_INPUT_ID = 'session-search';
export const DETAIL_HEADING_ID = 'session-detail-heading';

/**
 * Carries out a keyboard or menu command. Returns false for one the page cannot do yet
 * (export has no implementation in this build), so the key is left alone.
 */
export function runCommand(command: MenuCommand): boolean {
  switch (command) {
    case 'list.next':
      sessionQuery.move(1);
      return true;
    case 'list.previous':
      sessionQuery.move(-1);
      return true;
    case 'filter.focus':
      document.getElementById(SEARCH_INPUT_ID)?.focus();
      return true;
    case 'session.open':
      document.getElementById(DETAIL_HEADING_ID)?.focus();
      return sessionQuery.selected !== null;
    case 'selection.toggle':
      sessionQuery.toggleMarked();
      return true;
    case 'selection.export':
      return false;
  }
}
