import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { SessionFilterSchema } from '../../../src-shared/filter/session-filter';
import {
  FACET_FIELDS,
  type FacetBucket,
  type FacetCounts,
  type FacetField,
} from '../../../src-shared/contract/facet-counts';
import {
  FACET_SQL,
  withoutColumnFacetKeys,
  type ColumnFacetSql,
  type MembershipFacetSql,
} from './facet-sql';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { columnFacetsInOnePass } from './facets-in-one-pass';
import { filterToSql } from './filter-to-sql';
import { COUNTED_COLUMNS, isCountable } from './session-counts';
import { parseOrThrow } from './parse-or-throw';
import { cachedStatement } from './statement-cache';

export interface FacetOptions {
  /** Stop starting new facets once this much time has passed. Default 100 ms. */
  budgetMs?: number;
  /** Monotonic milliseconds; injectable so tests can run out of budget deterministically. */
  clock?: () => number;
  /** Which facets, in priority order. Default: all of FACET_FIELDS. */
  fields?: readonly FacetField[];
  /**
   * 'per-facet': one GROUP BY per facet (index-only when nothing else is filtered);
   * 'one-pass': every column facet from one read of the rows the shared constraints select.
   * Default: per-facet when no constraint outside the column facets' own keys is set.
   */
  strategy?: 'per-facet' | 'one-pass';
}

/**
 * Disjunctive facet counts for `filter`: each facet counts sessions matching every constraint
 * except its own field's, so the panel shows what ticking another value would add. Facets are
 * computed in `fields` order until the budget is spent; the rest are reported as skipped.
 */
export function facetCounts(
  reader: CacheReader,
  filterInput: SessionFilter,
  now: number,
  options: FacetOptions = {},
): FacetCounts {
  const filter = parseOrThrow(SessionFilterSchema, filterInput, 'filter');
  // One read transaction, so every facet counts the same snapshot.
  return readSnapshot(reader, () => countFacets(reader, filter, now, options));
}

function countFacets(
  reader: CacheReader,
  filter: SessionFilter,
  now: number,
  options: FacetOptions,
): FacetCounts {
  const clock = options.clock ?? (() => performance.now());
  const budget = options.budgetMs ?? 100;
  const started = clock();
  const facets: FacetCounts['facets'] = {};
  const skipped: FacetField[] = [];
  const fields = options.fields ?? FACET_FIELDS;
  const strategy =
    options.strategy ??
    (isCountable(filter, now) || filterToSql(withoutColumnFacetKeys(filter), now).where === '1'
      ? 'per-facet'
      : 'one-pass');

  for (const field of fields) {
    if (facets[field]) continue;
    if (clock() - started >= budget) {
      skipped.push(field);
      continue;
    }
    const sql = FACET_SQL[field];
    if (strategy === 'one-pass' && sql.kind === 'column') {
      Object.assign(facets, columnFacetsInOnePass(reader, filter, now, fields));
      continue;
    }
    const statement = facetStatement(field, filter, now);
    facets[field] = cachedStatement<FacetBucket>(reader, statement.sql).all(...statement.params);
  }
  return { facets, skipped, elapsed_ms: clock() - started };
}

/** One statement and its parameters. */
export interface FacetStatement {
  sql: string;
  params: readonly unknown[];
}

/**
 * The statement that counts `field`'s facet for `filter` on its own (the per-facet strategy): its
 * rows are the facet's buckets.
 */
export function facetStatement(
  field: FacetField,
  filter: SessionFilter,
  now: number,
): FacetStatement {
  const sql = FACET_SQL[field];
  const rest: SessionFilter = { ...filter };
  for (const key of sql.keys) delete rest[key];
  const { where, params } = filterToSql(rest, now);
  if (sql.kind === 'membership') return { sql: membershipSql(sql, where), params };
  // An enum column under enum constraints only: from the precomputed counts (session-counts.ts).
  const counted = COUNTED_COLUMNS.has(sql.column) && isCountable(rest, now);
  return { sql: columnSql(sql, where, counted ? 'session_counts' : 'sessions'), params };
}

function columnSql(
  { column, label: labelColumn }: ColumnFacetSql,
  where: string,
  table: 'sessions' | 'session_counts',
): string {
  const label = labelColumn ? `max(${labelColumn})` : 'NULL';
  const count = table === 'session_counts' ? 'sum(n)' : 'count(*)';
  return `SELECT ${column} AS value, ${label} AS label, ${count} AS count
     FROM ${table} s WHERE ${where}
     GROUP BY ${column} HAVING count > 0 ORDER BY count DESC, value`;
}

function membershipSql({ table, key, value }: MembershipFacetSql, where: string): string {
  // Memberships exist only for cached sessions, so without constraints no join is needed.
  const from =
    where === '1' ? `${table} t` : `${table} t JOIN sessions s ON s.rid = t.${key} WHERE ${where}`;
  return `SELECT t.${value} AS value, NULL AS label, count(*) AS count FROM ${from}
     GROUP BY t.${value} ORDER BY count DESC, value`;
}
