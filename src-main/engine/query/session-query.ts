import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionLocalFields, SessionsPage } from '../../../src-shared/contract/results';
import {
  DEFAULT_PAGE_SIZE,
  MAX_LIST_OFFSET,
  MAX_PAGE_SIZE,
} from '../../../src-shared/filter/page-size';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import {
  LOCAL_SORT_FIELDS,
  SessionSortSchema,
  type LocalSortField,
  type SessionSort,
} from '../../../src-shared/filter/session-sort';
import type { Session } from '../../../src-shared/opencx/session';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { filterToSql } from './filter-to-sql';
import { assigneeNames } from './assignee-names';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { parseOrThrow } from './parse-or-throw';
import { sortPlan, type SortKey, type SortTie } from './sort-plan';
import { countAll, countMatching } from './session-counts';
import { hasIndex } from './sort-index-hint';
import { cachedStatement } from './statement-cache';

export interface SessionQuery {
  filter?: SessionFilter;
  sort?: Partial<SessionSort>;
  /** 1–MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  limit?: number;
  /** next_cursor of the previous page; omit for the first page. */
  cursor?: string | null;
  /** Rows to skip before the page (a jump); only without a cursor. */
  offset?: number;
}

/**
 * Above this share of all sessions matching, walking the sort index and testing each row finds
 * a page after ~limit/share rows, which beats collecting and sorting every match. SQLite's
 * planner cannot know the share; the total we count anyway tells us.
 */
const WALK_SORT_INDEX_ABOVE = 0.02;

/**
 * A walk tests about rows ÷ share sessions before it has `rows` matches. Past this many (a jump
 * deep into a filtered list), collecting the matches and sorting them is cheaper: 1,000,000
 * sessions, a third of them open, offset 200,000: 3.6 s walking, 1.0 s sorting.
 */
const MAX_WALK = 100_000;

/** Whether to walk the sort index for the first `rows` rows of a filter matching total of all. */
export function walksSortIndex(total: number, all: number, rows: number): boolean {
  const share = all > 0 ? total / all : 0;
  return share > WALK_SORT_INDEX_ABOVE && rows / share <= MAX_WALK;
}

/** The key column of each sort, for callers that only need the expression. */
export const SORT_COLUMNS = Object.fromEntries(
  LOCAL_SORT_FIELDS.map((field) => [field, sortPlan({ field, order: 'asc' }).key]),
) as Record<LocalSortField, string>;

/**
 * One page of cached sessions matching `filter`, in `sort` order (sort-plan.ts: the key, then
 * a tiebreaker), plus the total for the filter. Pages are keyset-based, so rows written between
 * two calls never cause duplicates or gaps among rows that did not change; `offset` starts a
 * page deep in the list (a jump), and its next_cursor continues by keyset from there.
 *
 * sorted_by: for last_message_at, 'last_message_at' if every matching session has an exact
 * value (from its transcript or setLastMessageAt), else 'updated_at' — the sort then used
 * coalesce(last_message_at, updated_at). Other sorts report themselves.
 *
 * `local` carries, per listed session, what the cache knows beyond the API object: the exact
 * last message time, the tags, and the assignee's name where a cached transcript gave it.
 *
 * Throws invalid_input (AppError) for an invalid filter, sort, limit, offset or cursor.
 */
export function querySessions(reader: CacheReader, query: SessionQuery, now: number): SessionsPage {
  // One read transaction: page, total and sorted_by come from the same snapshot.
  return readSnapshot(reader, () => readPage(reader, query, now));
}

export interface PageRow {
  raw: string;
  rid: number;
  id: string;
  k: SortKey;
  t: SortTie;
  lm: number | null;
  a: string | null;
}

export interface ListQuery {
  filter: SessionFilter;
  sort: SessionSort;
  limit: number;
  offset: number;
  cursor: string | null;
}

/** A list query validated: throws invalid_input (AppError) with a sentence for a bad part. */
export function parseListQuery(query: SessionQuery): ListQuery {
  const filter = parseOrThrow(SessionFilterSchema, query.filter ?? {}, 'filter');
  const sort = parseOrThrow(SessionSortSchema, query.sort ?? {}, 'sort');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError('invalid_input', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const offset = query.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_LIST_OFFSET) {
    throw new AppError('invalid_input', `offset must be an integer from 0 to ${MAX_LIST_OFFSET}.`);
  }
  if (offset > 0 && query.cursor) {
    throw new AppError('invalid_input', 'Give a cursor or an offset, not both.');
  }
  return { filter, sort, limit, offset, cursor: query.cursor ?? null };
}

function readPage(reader: CacheReader, query: SessionQuery, now: number): SessionsPage {
  const { filter, sort, limit, offset } = parseListQuery(query);
  const plan = sortPlan(sort);
  const { where, params } = filterToSql(filter, now);
  // From the precomputed counts where the filter allows (session-counts.ts).
  const total = countMatching(reader, filter, now, where, params);
  const all = where === '1' ? total : countAll(reader);
  const walk = walksSortIndex(total, all, offset + limit) && hasIndex(reader, plan.index);
  const hint = walk ? `INDEXED BY ${plan.index}` : '';

  // Walking the sort index, side-table tests probe per row rather than collect every member.
  let pageWhere = walk ? filterToSql(filter, now, { membership: 'exists' }).where : where;
  const pageParams = [...params];
  if (query.cursor) {
    const position = decodeCursor(query.cursor, sort);
    const after = plan.after(position.key, position.id);
    pageWhere += ` AND ${after.sql}`;
    pageParams.push(...after.params);
  }

  // Pick the page from the narrow table first, then fetch the wide documents for it only.
  const rows = cachedStatement<PageRow>(
    reader,
    `SELECT d.raw, p.rid, p.id, p.k, p.t, p.lm, p.a
     FROM (SELECT s.rid, s.id, ${plan.key} AS k, ${plan.tie} AS t,
                  s.last_message_at_ms AS lm, s.assignee_id AS a
           FROM sessions s ${hint} WHERE ${pageWhere}
           ORDER BY ${plan.orderBy} LIMIT ? OFFSET ?) p
     JOIN session_documents d ON d.rid = p.rid
     ORDER BY p.k ${plan.direction}, p.t ${plan.direction}`,
  ).all(...pageParams, limit + 1, offset);

  return pageOf(
    reader,
    sort,
    rows,
    limit,
    total,
    () =>
      cachedStatement<number>(
        reader,
        `SELECT EXISTS (SELECT 1 FROM sessions s WHERE ${where} AND s.last_message_at_ms IS NULL)`,
      )
        .pluck()
        .get(...params) === 1,
  );
}

/**
 * The page for `rows` (up to limit + 1 of them, in the list's order; one more than the page says
 * there is a next one): its sessions, the cursor after it, the sort actually used and the cache's
 * extras. For last_message_at, `someWithoutLastMessage` is asked whether any matching session
 * lacks an exact time only when every row of the page has one.
 */
export function pageOf(
  reader: CacheReader,
  sort: SessionSort,
  rows: readonly PageRow[],
  limit: number,
  total: number,
  someWithoutLastMessage: () => boolean,
): SessionsPage {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const fellBack =
    sort.field === 'last_message_at' &&
    total > 0 &&
    (pageRows.some((row) => row.lm === null) || someWithoutLastMessage());
  return {
    items: pageRows.map((row) => JSON.parse(row.raw) as Session),
    total,
    next_cursor:
      hasMore && last
        ? encodeCursor({ field: sort.field, order: sort.order, key: last.k, id: last.t })
        : null,
    sorted_by: fellBack ? 'updated_at' : sort.field,
    local: localFields(reader, pageRows),
  };
}

/** The cache's extras for the page's sessions: last message time, tags, assignee name. */
function localFields(
  reader: CacheReader,
  rows: readonly PageRow[],
): Record<string, SessionLocalFields> {
  const tags = new Map<number, string[]>();
  if (rows.length > 0) {
    const tagRows = cachedStatement<{ rid: number; tag: string }>(
      reader,
      `SELECT session_rid AS rid, tag_name AS tag FROM session_tags
       WHERE session_rid IN (SELECT value FROM json_each(?)) ORDER BY tag_name`,
    ).all(JSON.stringify(rows.map((row) => row.rid)));
    for (const { rid, tag } of tagRows) {
      const list = tags.get(rid);
      if (list) list.push(tag);
      else tags.set(rid, [tag]);
    }
  }
  const names = assigneeNames(
    reader,
    rows.flatMap((row) => (row.a ? [row.a] : [])),
  );
  const local: Record<string, SessionLocalFields> = {};
  for (const row of rows) {
    local[row.id] = {
      last_message_at: row.lm === null ? null : new Date(row.lm).toISOString(),
      tags: tags.get(row.rid) ?? [],
      assignee_name: row.a ? (names.get(row.a) ?? null) : null,
    };
  }
  return local;
}
