import { ListColumnPrefsSchema } from '../../../src-shared/contract/list-column-prefs-schema';
import { isListColumnKey, type ListColumnPrefs } from '../../../src-shared/contract/list-columns';

// The session list's columns (shown, order, widths) per account, in the user database beside the
// account's current query: the choice survives a reload, a restart, a web host on another port
// (the page's own storage is per origin) and any damage to the account's cache.

const KEY = (accountId: string) => `workspace.columns:${accountId}`;

interface SettingsPort {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class ListColumnsStore {
  constructor(private readonly settings: SettingsPort) {}

  /**
   * The account's choice, or null (none kept, or nothing usable left of it). Columns a later
   * build no longer has are dropped rather than the whole choice.
   */
  load(accountId: string): ListColumnPrefs | null {
    const stored = this.settings.get(KEY(accountId));
    if (typeof stored !== 'object' || stored === null) return null;
    const raw = stored as Record<string, unknown>;
    const known = (list: unknown) => (Array.isArray(list) ? list.filter(isListColumnKey) : list);
    const widths =
      typeof raw.widths === 'object' && raw.widths !== null
        ? Object.fromEntries(Object.entries(raw.widths).filter(([key]) => isListColumnKey(key)))
        : raw.widths;
    const parsed = ListColumnPrefsSchema.safeParse({
      order: known(raw.order),
      hidden: known(raw.hidden),
      widths,
    });
    return parsed.success ? parsed.data : null;
  }

  /** Keeps `prefs` (already validated at the contract) as the account's choice. */
  save(accountId: string, prefs: ListColumnPrefs): void {
    this.settings.set(KEY(accountId), ListColumnPrefsSchema.parse(prefs));
  }

  /** For an account being removed. */
  forget(accountId: string): void {
    this.settings.set(KEY(accountId), null);
  }
}
