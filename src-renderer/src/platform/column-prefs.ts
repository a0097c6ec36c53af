import type { ListColumnPrefs } from '../../../src-shared/contract/list-columns';
import { call } from './call';

// Where the grid's column choice is kept: the engine's user database, for the active account
// (workspace.columns.*). Builds before that kept it in the page's storage, which is per origin
// and so lost whenever the web host starts on another port; such a value is copied over once.

const LEGACY_KEY = (accountId: string) => `session-desk:columns:${accountId}`;

export interface LoadedColumnPrefs {
  /** The choice as stored (the caller normalises it); null: none. */
  stored: unknown;
  /** Found only in the page's storage: to be saved to the engine. */
  fromPage: boolean;
}

/** The active account's stored choice. */
export async function loadColumnPrefs(accountId: string): Promise<LoadedColumnPrefs> {
  const { columns } = await call('workspace.columns.load');
  if (columns) return { stored: columns, fromPage: false };
  const legacy = legacyPrefs(accountId);
  return { stored: legacy, fromPage: legacy !== null };
}

export async function saveColumnPrefs(prefs: ListColumnPrefs): Promise<void> {
  await call('workspace.columns.save', prefs);
}

/**
 * The page's stored value from before. It is left in place: once the engine holds a choice it is
 * never read again, and should the first save fail, the next load still finds it.
 */
function legacyPrefs(accountId: string): unknown {
  try {
    const text = window.localStorage.getItem(LEGACY_KEY(accountId));
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}
