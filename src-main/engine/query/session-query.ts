import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionsPage } from '../../../src-shared/contract/results';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../src-shared/filter/page-size';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import {
  SessionSortSchema,
  type LocalSortField,
  type SessionSort,
} from '../../../src-shared/filter/session-sort';
import type { Session } from '../../../src-shared/opencx/session';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { filterToSql } from './filter-to-sql';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { parseOrThrow } from './parse-or-throw';
import { cachedStatement } from './statement-cache';

export interface SessionQuery {
  filter?: SessionFilter;
  sort?: Partial<SessionSort>;
  /** 1–MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  limit?: number;
  /** next_cursor of the previous page; omit for the first page. */
  cursor?: string | null;
}

/** The index that yields each sort's order (see migrations/cache/001-initial). */
const SORT_INDEXES: Record<LocalSortField, string> = {
  last_message_at: 'sessions_by_last',
  created_at: 'sessions_by_created',
  updated_at: 'sessions_by_updated',
  ticket_number: 'sessions_by_ticket',
};

/**
 * Above this share of all sessions matching, walking the sort index and testing each row finds
 * a page after ~limit/share rows, which beats collecting and sorting every match. SQLite's
 * planner cannot know the share; the total we count anyway tells us.
 */
const WALK_SORT_INDEX_ABOVE = 0.02;

/** The column each sort orders by. last_message_at: the exact value, else updated_at. */
export const SORT_COLUMNS: Record<LocalSortField, string> = {
  last_message_at: 's.sort_last_ms',
  created_at: 's.created_at_ms',
  updated_at: 's.updated_at_ms',
  ticket_number: 's.ticket_number',
};

/**
 * One page of cached sessions matching `filter`, in `sort` order with `id` as tiebreaker,
 * plus the total for the filter. Pages are keyset-based, so rows written between two calls
 * never cause duplicates or gaps among rows that did not change.
 *
 * sorted_by: for last_message_at, 'last_message_at' if every matching session has an exact
 * value (from its transcript or setLastMessageAt), else 'updated_at' — the sort then used
 * coalesce(last_message_at, updated_at). Other sorts report themselves.
 *
 * Throws invalid_input (AppError) for an invalid filter, sort, limit or cursor.
 */
export function querySessions(reader: CacheReader, query: SessionQuery, now: number): SessionsPage {
  // One read transaction: page, total and sorted_by come from the same snapshot.
  return readSnapshot(reader, () => readPage(reader, query, now));
}

function readPage(reader: CacheReader, query: SessionQuery, now: number): SessionsPage {
  const filter = parseOrThrow(SessionFilterSchema, query.filter ?? {}, 'filter');
  const sort = parseOrThrow(SessionSortSchema, query.sort ?? {}, 'sort');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError('invalid_input', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const column = SORT_COLUMNS[sort.field];
  const direction = sort.order === 'asc' ? 'ASC' : 'DESC';
  const { where, params } = filterToSql(filter, now);

  let pageWhere = where;
  const pageParams = [...params];
  if (query.cursor) {
    const position = decodeCursor(query.cursor, sort);
    pageWhere += ` AND (${column}, s.id) ${sort.order === 'asc' ? '>' : '<'} (?, ?)`;
    pageParams.push(position.key, position.id);
  }

  const total =
    cachedStatement<number>(reader, `SELECT count(*) FROM sessions s WHERE ${where}`)
      .pluck()
      .get(...params) ?? 0;
  const all =
    where === '1'
      ? total
      : (cachedStatement<number>(reader, 'SELECT count(*) FROM sessions').pluck().get() ?? 0);
  const hint =
    all > 0 && total / all > WALK_SORT_INDEX_ABOVE ? `INDEXED BY ${SORT_INDEXES[sort.field]}` : '';

  // Pick the page from the narrow table first, then fetch the wide documents for it only.
  const rows = cachedStatement<{ raw: string; id: string; k: number }>(
    reader,
    `SELECT d.raw, p.id, p.k
     FROM (SELECT s.rid, s.id, ${column} AS k FROM sessions s ${hint} WHERE ${pageWhere}
           ORDER BY ${column} ${direction}, s.id ${direction} LIMIT ?) p
     JOIN session_documents d ON d.rid = p.rid
     ORDER BY p.k ${direction}, p.id ${direction}`,
  ).all(...pageParams, limit + 1);

  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];

  const fellBack =
    sort.field === 'last_message_at' &&
    total > 0 &&
    cachedStatement<number>(
      reader,
      `SELECT EXISTS (SELECT 1 FROM sessions s WHERE ${where} AND s.last_message_at_ms IS NULL)`,
    )
      .pluck()
      .get(...params) === 1;

  return {
    items: pageRows.map((row) => JSON.parse(row.raw) as Session),
    total,
    next_cursor:
      hasMore && last
        ? encodeCursor({ field: sort.field, order: sort.order, key: last.k, id: last.id })
        : null,
    sorted_by: fellBack ? 'updated_at' : sort.field,
  };
}
