import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { FacetBucket, FacetField } from '../../../src-shared/contract/facet-counts';
import type { CacheReader } from '../store/cache/cache-handles';
import type { Cell } from './filter-columns';
import { COLUMN_FACETS, FACET_SQL, ownPredicate, withoutColumnFacetKeys } from './facet-sql';
import { filterToSql } from './filter-to-sql';
import { cachedStatement } from './statement-cache';

/** Each column facet's column, then each label column, as one row of the one-pass read. */
const READ = (() => {
  const columns = COLUMN_FACETS.map((facet) => {
    const sql = FACET_SQL[facet];
    if (sql.kind !== 'column') throw new Error(`${facet} is not a column facet`);
    return sql;
  });
  const labels = [...new Set(columns.flatMap((c) => (c.label ? [c.label] : [])))];
  return {
    select: [...columns.map((c) => c.column), ...labels].join(', '),
    /** For each column facet, the row index of its label column, or -1. */
    labelAt: columns.map((c) => (c.label ? columns.length + labels.indexOf(c.label) : -1)),
  };
})();

/**
 * All column facets from one read of the sessions matching the shared constraints: each row is
 * tested against every facet's own constraint here, and counts towards facet F when it passes
 * all of them but (at most) F's. When the shared constraints are costly (full text, tags,
 * custom data), one read beats re-evaluating them per facet. Other facets in `fields` are ignored.
 */
export function columnFacetsInOnePass(
  reader: CacheReader,
  filter: SessionFilter,
  now: number,
  fields: readonly FacetField[],
): Partial<Record<FacetField, FacetBucket[]>> {
  const { where, params } = filterToSql(withoutColumnFacetKeys(filter), now);
  const accepts = COLUMN_FACETS.map((facet) => ownPredicate(facet, filter));
  const facetCount = COLUMN_FACETS.length;
  const counts = COLUMN_FACETS.map(() => new Map<Cell, number>());
  const labels = COLUMN_FACETS.map(() => new Map<Cell, Cell>());
  const rows = cachedStatement<Cell[]>(
    reader,
    `SELECT ${READ.select} FROM sessions s WHERE ${where}`,
  )
    .raw(true)
    .iterate(...params) as IterableIterator<Cell[]>;
  const passed: boolean[] = new Array<boolean>(facetCount);
  for (const row of rows) {
    let failures = 0;
    let failed = -1;
    for (let i = 0; i < facetCount; i++) {
      const ok = accepts[i]?.(row[i] as Cell) ?? true;
      passed[i] = ok;
      if (!ok) {
        failures++;
        failed = i;
      }
    }
    if (failures > 1) continue;
    for (let i = 0; i < facetCount; i++) {
      if (failures === 1 && failed !== i) continue;
      const value = row[i] as Cell;
      const map = counts[i] as Map<Cell, number>;
      map.set(value, (map.get(value) ?? 0) + 1);
      const labelAt = READ.labelAt[i] as number;
      if (labelAt < 0 || value === null) continue;
      const named = labels[i] as Map<Cell, Cell>;
      if (!named.has(value)) named.set(value, row[labelAt] as Cell);
    }
  }
  const out: Partial<Record<FacetField, FacetBucket[]>> = {};
  for (const field of fields) {
    const index = COLUMN_FACETS.indexOf(field);
    if (index < 0) continue;
    const map = counts[index] as Map<Cell, number>;
    const named = labels[index] as Map<Cell, Cell>;
    out[field] = [...map]
      .map(([value, count]) => ({ value, label: named.get(value) ?? null, count }))
      .sort(byCountThenValue);
  }
  return out;
}

/** Same order as the per-facet SQL: count descending, then value with null first. */
export function byCountThenValue(a: FacetBucket, b: FacetBucket): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.value === b.value) return 0;
  if (a.value === null) return -1;
  if (b.value === null) return 1;
  return a.value < b.value ? -1 : 1;
}
