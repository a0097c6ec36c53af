import {
  LIST_COLUMN_KEYS,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  type ListColumnKey,
  type ListColumnPrefs,
} from '../../../src-shared/contract/list-columns';
import type { LocalSortField } from '../../../src-shared/filter/session-sort';
import { loadColumnPrefs, saveColumnPrefs } from '../platform/column-prefs';

/** The session grid's columns, in their default order (the contract's list). */
export const COLUMN_KEYS = LIST_COLUMN_KEYS;

export type ColumnKey = ListColumnKey;

export interface ColumnSpec {
  label: string;
  /** Default width (px). */
  width: number;
  /** The engine's sort key for this column; null: not sortable. */
  sort: LocalSortField | null;
  /** Shown by default. */
  shown: boolean;
}

export const COLUMNS: Record<ColumnKey, ColumnSpec> = {
  ticket: { label: 'Ticket', width: 80, sort: 'ticket_number', shown: true },
  contact: { label: 'Contact', width: 180, sort: 'contact', shown: true },
  status: { label: 'Status', width: 108, sort: 'status', shown: true },
  sentiment: { label: 'Sentiment', width: 100, sort: 'sentiment', shown: false },
  channel: { label: 'Channel', width: 100, sort: 'channel', shown: true },
  team: { label: 'Team', width: 130, sort: 'team', shown: false },
  assignee: { label: 'Assignee', width: 130, sort: 'assignee', shown: true },
  language: { label: 'Language', width: 90, sort: 'language', shown: false },
  created: { label: 'Created', width: 150, sort: 'created_at', shown: false },
  updated: { label: 'Updated', width: 150, sort: 'updated_at', shown: false },
  last_message: { label: 'Last message', width: 140, sort: 'last_message_at', shown: true },
  tags: { label: 'Tags', width: 160, sort: 'tags', shown: false },
};

export const MIN_WIDTH = MIN_COLUMN_WIDTH;
export const MAX_WIDTH = MAX_COLUMN_WIDTH;

/** As kept per account; once normalised, `order` lists every column. */
export type ColumnPrefs = ListColumnPrefs;

export function defaultPrefs(): ColumnPrefs {
  return {
    order: [...COLUMN_KEYS],
    hidden: COLUMN_KEYS.filter((key) => !COLUMNS[key].shown),
    widths: {},
  };
}

/** Stored prefs made safe: unknown keys dropped, missing columns appended hidden, widths clamped. */
export function normalizePrefs(value: unknown): ColumnPrefs {
  const fallback = defaultPrefs();
  if (typeof value !== 'object' || value === null) return fallback;
  const raw = value as Partial<Record<keyof ColumnPrefs, unknown>>;
  const known = (list: unknown): ColumnKey[] =>
    Array.isArray(list)
      ? list.filter(
          (key, i): key is ColumnKey =>
            COLUMN_KEYS.includes(key as ColumnKey) && list.indexOf(key) === i,
        )
      : [];
  const order = known(raw.order);
  const missing = COLUMN_KEYS.filter((key) => !order.includes(key));
  const hidden = Array.isArray(raw.hidden) ? known(raw.hidden) : fallback.hidden;
  const widths: Partial<Record<ColumnKey, number>> = {};
  if (typeof raw.widths === 'object' && raw.widths !== null) {
    for (const [key, width] of Object.entries(raw.widths)) {
      if (COLUMN_KEYS.includes(key as ColumnKey) && typeof width === 'number') {
        widths[key as ColumnKey] = clampWidth(width);
      }
    }
  }
  const shown = order.filter((key) => !hidden.includes(key));
  return {
    order: [...order, ...missing],
    // A stored list that hides everything would leave an empty grid: the ticket stays.
    hidden:
      shown.length === 0
        ? hidden.filter((key) => key !== 'ticket')
        : [...hidden, ...missing.filter((key) => !hidden.includes(key))],
    widths,
  };
}

export function clampWidth(width: number): number {
  return Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, width)));
}

/** Which columns the grid shows, in what order and how wide; remembered per account. */
export class Columns {
  prefs = $state<ColumnPrefs>(defaultPrefs());
  private accountId: string | null = null;
  /** Saves go one at a time, in order: the last choice is the one kept. */
  private saving: Promise<void> = Promise.resolve();

  visible = $derived(this.prefs.order.filter((key) => !this.prefs.hidden.includes(key)));

  widthOf(key: ColumnKey): number {
    return this.prefs.widths[key] ?? COLUMNS[key].width;
  }

  /**
   * Loads the account's choice (or the defaults; also when the engine cannot answer). A choice
   * found only in the page's storage, from an earlier build, is saved to the engine.
   */
  async useAccount(accountId: string | null): Promise<void> {
    this.accountId = accountId;
    const loaded = accountId
      ? await loadColumnPrefs(accountId).catch(() => ({ stored: null, fromPage: false }))
      : { stored: null, fromPage: false };
    if (this.accountId !== accountId) return;
    const prefs = normalizePrefs(loaded.stored);
    if (loaded.fromPage) this.update(prefs);
    else this.prefs = prefs;
  }

  /** Resolves once every choice so far is saved (or failed to be). */
  flushed(): Promise<void> {
    return this.saving;
  }

  setShown(key: ColumnKey, shown: boolean): void {
    const hidden = this.prefs.hidden.filter((k) => k !== key);
    if (!shown) {
      if (this.visible.length <= 1 && this.visible.includes(key)) return;
      hidden.push(key);
    }
    this.update({ ...this.prefs, hidden });
  }

  /** Moves a column one place earlier (-1) or later (+1) among all columns. */
  move(key: ColumnKey, step: -1 | 1): void {
    const order = [...this.prefs.order];
    const from = order.indexOf(key);
    const to = from + step;
    if (from === -1 || to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    this.update({ ...this.prefs, order });
  }

  /** Puts `key` just before `before` (drag and drop of a header). */
  moveBefore(key: ColumnKey, before: ColumnKey): void {
    if (key === before) return;
    const order = this.prefs.order.filter((k) => k !== key);
    order.splice(order.indexOf(before), 0, key);
    this.update({ ...this.prefs, order });
  }

  setWidth(key: ColumnKey, width: number, save = true): void {
    const prefs = { ...this.prefs, widths: { ...this.prefs.widths, [key]: clampWidth(width) } };
    if (save) this.update(prefs);
    else this.prefs = prefs;
  }

  /** Saves what a drag left. */
  commit(): void {
    this.update(this.prefs);
  }

  resetToDefaults(): void {
    this.update(defaultPrefs());
  }

  private update(prefs: ColumnPrefs): void {
    this.prefs = prefs;
    if (!this.accountId) return;
    const snapshot = $state.snapshot(prefs);
    // A choice the engine did not keep still holds on this page until it closes.
    this.saving = this.saving.then(() => saveColumnPrefs(snapshot).catch(() => undefined));
  }
}

export const columns = new Columns();
