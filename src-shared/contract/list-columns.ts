// The session list's columns as the contract knows them: which ids exist and how wide a column
// may be. Plain data, so the renderer builds its grid from the same list the engine validates
// stored choices against (scripts/layers/layer-table.js lets the renderer import it at run time).

/** Every column of the session list, in its default order. */
export const LIST_COLUMN_KEYS = [
  'ticket',
  'contact',
  'status',
  'sentiment',
  'channel',
  'team',
  'assignee',
  'language',
  'created',
  'updated',
  'last_message',
  'tags',
] as const;

export type ListColumnKey = (typeof LIST_COLUMN_KEYS)[number];

/** Narrower than this, a column's header cannot be read or grabbed. */
export const MIN_COLUMN_WIDTH = 56;
export const MAX_COLUMN_WIDTH = 800;

/** Which columns the list shows, in what order and how wide: kept per account. */
export interface ListColumnPrefs {
  /** Columns in the order the user chose (those left out follow in the default order). */
  order: ListColumnKey[];
  hidden: ListColumnKey[];
  /** Widths in whole pixels, MIN_COLUMN_WIDTH–MAX_COLUMN_WIDTH; a column left out has its default. */
  widths: Partial<Record<ListColumnKey, number>>;
}

export function isListColumnKey(value: unknown): value is ListColumnKey {
  return typeof value === 'string' && (LIST_COLUMN_KEYS as readonly string[]).includes(value);
}
