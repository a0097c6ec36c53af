import type { SessionIds } from '../../../src-shared/contract/results';
import { MAX_LIST_OFFSET } from '../../../src-shared/filter/page-size';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import { SessionSortSchema, type SessionSort } from '../../../src-shared/filter/session-sort';
import { AppError } from '../../../src-shared/contract/app-error';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { filterToSql } from './filter-to-sql';
import { parseOrThrow } from './parse-or-throw';
import { walksSortIndex } from './session-query';
import { sortPlan } from './sort-plan';
import { indexedBy } from './sort-index-hint';
import { cachedStatement } from './statement-cache';

/** The most ids one call returns or checks (the contract's limit). */
export const MAX_IDS = 100_000;

export interface SessionIdsQuery {
  filter?: SessionFilter;
  sort?: Partial<SessionSort>;
  /** Rows [offset, offset + limit) of the list in this sort. */
  offset?: number;
  limit?: number;
  /** Instead of a range: those of these ids that match the filter. */
  within?: readonly string[];
}

export interface IdsQuery {
  filter: SessionFilter;
  sort: SessionSort;
  offset: number;
  limit: number;
}

/** An ids query validated: throws invalid_input (AppError) with a sentence for a bad part. */
export function parseIdsQuery(query: SessionIdsQuery): IdsQuery {
  const filter = parseOrThrow(SessionFilterSchema, query.filter ?? {}, 'filter');
  const sort = parseOrThrow(SessionSortSchema, query.sort ?? {}, 'sort');
  const offset = query.offset ?? 0;
  const limit = query.limit ?? MAX_IDS;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_LIST_OFFSET) {
    throw new AppError('invalid_input', `offset must be an integer from 0 to ${MAX_LIST_OFFSET}.`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_IDS) {
    throw new AppError('invalid_input', `limit must be an integer from 1 to ${MAX_IDS}.`);
  }
  if (query.within && query.within.length > MAX_IDS) {
    throw new AppError('invalid_input', `within may hold at most ${MAX_IDS} ids.`);
  }
  return { filter, sort, offset, limit };
}

/**
 * Session ids for selections, without the sessions: a range of the list as the grid shows it
 * (a shift-click across rows never loaded), or which of some ids still match a filter (after a
 * filter change, what happened to the selection). In the list's order, with the filter's total.
 */
export function querySessionIds(
  reader: CacheReader,
  query: SessionIdsQuery,
  now: number,
): SessionIds {
  const { filter, sort, offset, limit } = parseIdsQuery(query);
  const plan = sortPlan(sort);
  const { where, params } = filterToSql(filter, now);
  return readSnapshot(reader, () => {
    const total =
      cachedStatement<number>(reader, `SELECT count(*) FROM sessions s WHERE ${where}`)
        .pluck()
        .get(...params) ?? 0;
    if (query.within) {
      const ids = cachedStatement<string>(
        reader,
        `SELECT s.id FROM sessions s
         WHERE ${where} AND s.id IN (SELECT value FROM json_each(?))
         ORDER BY ${plan.orderBy}`,
      )
        .pluck()
        .all(...params, JSON.stringify(query.within));
      return { ids, total };
    }
    const all =
      where === '1'
        ? total
        : (cachedStatement<number>(reader, 'SELECT count(*) FROM sessions').pluck().get() ?? 0);
    const hint = walksSortIndex(total, all, offset + limit) ? indexedBy(reader, plan.index) : '';
    const ids = cachedStatement<string>(
      reader,
      `SELECT s.id FROM sessions s ${hint}
       WHERE ${where} ORDER BY ${plan.orderBy} LIMIT ? OFFSET ?`,
    )
      .pluck()
      .all(...params, limit, offset);
    return { ids, total };
  });
}
