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
export function filterToSql(
  filter: SessionFilter,
  now: number,
  options: { membership?: 'in' | 'exists' } = {},
): SqlWhere {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  for (const [key, sql] of Object.entries(FILTER_COLUMNS) as [
    keyof SessionFilter,
    FilterColumnSql<unknown>,
  ][]) {
    const value = filter[key];
    if (value === undefined) continue;
    for (const clause of sql.where(value, now)) {
      clauses.push(options.membership === 'exists' ? correlated(clause.sql) : clause.sql);
      params.push(...clause.params);
    }
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params };
}

/**
 * `s.rid IN (SELECT session_rid FROM <table> WHERE <test>)`: membership in a side table (tags,
 * custom data). Not full text: FTS5 would run the whole MATCH again for every row probed.
 */
const MEMBERSHIP = /^s\.rid IN \(SELECT (session_rid) FROM (\w+) WHERE (.+)\)$/s;

/**
 * A membership test as a correlated EXISTS, with the same parameters in the same order: one
 * index probe per row tested, for a walk along a sort index that stops after a page (the IN form
 * first collects every member, up to hundreds of thousands at a million sessions).
 */
function correlated(sql: string): string {
  const match = MEMBERSHIP.exec(sql);
  if (!match) return sql;
  const [, id, table, test] = match;
  return `EXISTS (SELECT 1 FROM ${table} WHERE ${id} = s.rid AND ${test})`;
}
