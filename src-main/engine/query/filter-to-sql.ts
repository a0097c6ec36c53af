import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { FILTER_COLUMNS, type FilterColumnSql, type SqlValue } from './filter-columns';

export type { SqlValue } from './filter-columns';

export interface SqlWhere {
  /** A boolean SQL expression over the alias `s` (the sessions table); `1` for no constraint. */
  where: string;
  params: SqlValue[];
}

/**
 * Translates the app's filter into a parameterised WHERE clause: each set key's clauses from
 * FILTER_COLUMNS (filter-columns.ts, where the semantics are spelled out), joined with AND.
 * Relative ranges resolve against `now` (epoch ms).
 * The filter is trusted to be SessionFilterSchema-valid (validate at the boundary).
 */
export function filterToSql(filter: SessionFilter, now: number): SqlWhere {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  for (const [key, sql] of Object.entries(FILTER_COLUMNS) as [
    keyof SessionFilter,
    FilterColumnSql<unknown>,
  ][]) {
    const value = filter[key];
    if (value === undefined) continue;
    for (const clause of sql.where(value, now)) {
      clauses.push(clause.sql);
      params.push(...clause.params);
    }
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params };
}
