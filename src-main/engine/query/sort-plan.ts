import type { LocalSortField, SessionSort } from '../../../src-shared/filter/session-sort';
import type { SqlValue } from './filter-columns';

// How each sort of the list runs in SQL: its key expression, its tiebreaker, the index that
// yields its order, and the keyset condition that places rows after a position. One table, read
// by the list query, the id query and the export, so the three always agree on the order.

/** A sort key's value: epoch ms or a ticket number; a text value; null for a missing value. */
export type SortKey = number | string | null;
/** The tiebreaker's value: the session id (time and ticket sorts) or the row id (text sorts). */
export type SortTie = string | number;

export type SortKeyKind = 'number' | 'text' | 'nullable-text';

interface SortSpec {
  /** The key as an SQL expression over `sessions s`. */
  key: string;
  kind: SortKeyKind;
  /**
   * Among equal keys: s.id where the sort's index is (key, id) (migration 001); s.rid where it
   * is an index on the key alone, which SQLite orders by rowid within a key.
   */
  tie: 's.id' | 's.rid';
  /** The index that yields (key, tie) order: walked when many rows match. */
  index: string;
}

const SPECS: Record<LocalSortField, SortSpec> = {
  // last_message_at: the exact value, else updated_at (the generated column sort_last_ms).
  last_message_at: {
    key: 's.sort_last_ms',
    kind: 'number',
    tie: 's.id',
    index: 'sessions_by_last',
  },
  created_at: { key: 's.created_at_ms', kind: 'number', tie: 's.id', index: 'sessions_by_created' },
  updated_at: { key: 's.updated_at_ms', kind: 'number', tie: 's.id', index: 'sessions_by_updated' },
  ticket_number: {
    key: 's.ticket_number',
    kind: 'number',
    tie: 's.id',
    index: 'sessions_by_ticket',
  },
  status: { key: 's.status', kind: 'text', tie: 's.rid', index: 'sessions_by_status' },
  channel: { key: 's.channel_type', kind: 'text', tie: 's.rid', index: 'sessions_by_channel' },
  sentiment: {
    key: 's.sentiment',
    kind: 'nullable-text',
    tie: 's.rid',
    index: 'sessions_by_sentiment',
  },
  team: { key: 's.team_name', kind: 'nullable-text', tie: 's.rid', index: 'sessions_by_team_name' },
  language: {
    key: 's.language',
    kind: 'nullable-text',
    tie: 's.rid',
    index: 'sessions_by_language',
  },
  // The text the Contact, Assignee and Tags columns show, kept per session (migration 008).
  contact: {
    key: 's.contact_label',
    kind: 'nullable-text',
    tie: 's.rid',
    index: 'sessions_by_contact_label',
  },
  assignee: {
    key: 's.assignee_label',
    kind: 'nullable-text',
    tie: 's.rid',
    index: 'sessions_by_assignee_label',
  },
  tags: {
    key: 's.tags_label',
    kind: 'nullable-text',
    tie: 's.rid',
    index: 'sessions_by_tags_label',
  },
};

export interface SortPlan {
  field: LocalSortField;
  order: SessionSort['order'];
  /** The key's SQL expression. */
  key: string;
  kind: SortKeyKind;
  tie: 's.id' | 's.rid';
  index: string;
  direction: 'ASC' | 'DESC';
  /** `ORDER BY` terms: key then tiebreaker, both in the sort's direction. */
  orderBy: string;
  /**
   * The WHERE condition for rows after (key, tie) in this order. SQLite puts NULL first in
   * ascending order and last in descending order; a missing value sorts there too.
   */
  after(key: SortKey, tie: SortTie): { sql: string; params: SqlValue[] };
  /** The same order in JavaScript, for rows already in memory (an id selection). */
  compare(a: { k: SortKey; tie: SortTie }, b: { k: SortKey; tie: SortTie }): number;
}

export function sortKeyKind(field: LocalSortField): SortKeyKind {
  return SPECS[field].kind;
}

export function sortPlan(sort: SessionSort): SortPlan {
  const spec = SPECS[sort.field];
  const asc = sort.order === 'asc';
  const direction = asc ? 'ASC' : 'DESC';
  const op = asc ? '>' : '<';
  const { key, tie } = spec;
  const sign = asc ? 1 : -1;
  return {
    field: sort.field,
    order: sort.order,
    key,
    kind: spec.kind,
    tie,
    index: spec.index,
    direction,
    orderBy: `${key} ${direction}, ${tie} ${direction}`,
    after(k, t) {
      if (k === null) {
        // Past a missing value: ascending, the rest of the missing ones, then every present
        // value; descending, only the rest of the missing ones (they come last).
        return asc
          ? { sql: `((${key} IS NULL AND ${tie} > ?) OR ${key} IS NOT NULL)`, params: [t] }
          : { sql: `(${key} IS NULL AND ${tie} < ?)`, params: [t] };
      }
      const row = `(${key}, ${tie}) ${op} (?, ?)`;
      if (asc || spec.kind !== 'nullable-text') return { sql: row, params: [k, t] };
      // Descending, the missing values follow every present one.
      return { sql: `(${row} OR ${key} IS NULL)`, params: [k, t] };
    },
    compare(a, b) {
      return sign * (compareSortKeys(a.k, b.k) || compareSortKeys(a.tie, b.tie));
    },
  };
}

/** SQLite's order: NULL first, numbers by value, text by UTF-8 bytes (BINARY collation). */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
