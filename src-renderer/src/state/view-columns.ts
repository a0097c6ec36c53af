import { COLUMN_KEYS, columns, normalizePrefs, type ColumnKey } from './columns.svelte';

/**
 * The grid's columns as a saved view keeps them: the shown columns, in order. Read when a view
 * is saved, put back when one is applied (widths stay the user's).
 */
export const viewColumns = {
  get(): string[] {
    return [...columns.visible];
  },
  set(keys: readonly string[]): void {
    const shown = keys.filter((key): key is ColumnKey => COLUMN_KEYS.includes(key as ColumnKey));
    if (shown.length === 0) return;
    const rest = columns.prefs.order.filter((key) => !shown.includes(key));
    columns.prefs = normalizePrefs({
      order: [...shown, ...rest],
      hidden: rest,
      widths: columns.prefs.widths,
    });
    columns.commit();
  },
};
