import type Database from 'better-sqlite3';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { FacetBucket, FacetField } from '../../../src-shared/contract/facet-counts';
import { filterToSql } from './filter-to-sql';
import { cachedStatement } from './statement-cache';

export type ColumnFacet = Exclude<FacetField, 'tag'>;

/** The filter keys each column facet owns, i.e. leaves out when counting itself. */
export const COLUMN_FACET_KEYS: Record<ColumnFacet, readonly (keyof SessionFilter)[]> = {
  status: ['status'],
  sentiment: ['sentiment'],
  channel: ['channels'],
  team: ['team_ids'],
  assignee: ['assignee_ids', 'unassigned'],
  language: ['languages'],
  ai_closure_type: ['ai_closure_type'],
};

const ORDER: readonly ColumnFacet[] = [
  'status',
  'sentiment',
  'channel',
  'team',
  'assignee',
  'language',
  'ai_closure_type',
];

type Row = [
  status: string,
  sentiment: string | null,
  channel: string,
  team: string | null,
  assignee: string | null,
  language: string | null,
  aiClosureType: string | null,
  teamName: string | null,
];

/** The filter without any column facet's own keys: what every column facet has in common. */
export function withoutColumnFacetKeys(filter: SessionFilter): SessionFilter {
  const base: SessionFilter = { ...filter };
  for (const keys of Object.values(COLUMN_FACET_KEYS)) for (const key of keys) delete base[key];
  return base;
}

/**
 * All column facets from one read of the sessions matching the shared constraints: each row is
 * tested against every facet's own constraint here, and counts towards facet F when it passes
 * all of them but (at most) F's. When the shared constraints are costly (full text, tags,
 * custom data), one read beats re-evaluating them per facet.
 */
export function columnFacetsInOnePass(
  db: Database.Database,
  filter: SessionFilter,
  now: number,
  fields: readonly ColumnFacet[],
): Partial<Record<ColumnFacet, FacetBucket[]>> {
  const { where, params } = filterToSql(withoutColumnFacetKeys(filter), now);
  const accepts = ownPredicates(filter);
  const counts = ORDER.map(() => new Map<string | null, number>());
  const teamNames = new Map<string | null, string | null>();
  const rows = cachedStatement<Row>(
    db,
    `SELECT s.status, s.sentiment, s.channel_type, s.team_id, s.assignee_id, s.language,
       s.ai_closure_type, s.team_name
     FROM sessions s WHERE ${where}`,
  )
    .raw(true)
    .iterate(...params) as IterableIterator<Row>;
  const passed: boolean[] = new Array<boolean>(ORDER.length);
  for (const row of rows) {
    let failures = 0;
    let failed = -1;
    for (let i = 0; i < ORDER.length; i++) {
      const ok = accepts[i]?.(row[i] as string | null) ?? true;
      passed[i] = ok;
      if (!ok) {
        failures++;
        failed = i;
      }
    }
    if (failures > 1) continue;
    for (let i = 0; i < ORDER.length; i++) {
      if (failures === 1 && failed !== i) continue;
      const value = row[i] as string | null;
      const map = counts[i] as Map<string | null, number>;
      map.set(value, (map.get(value) ?? 0) + 1);
    }
    if (row[3] !== null && !teamNames.has(row[3])) teamNames.set(row[3], row[7]);
  }
  const out: Partial<Record<ColumnFacet, FacetBucket[]>> = {};
  for (const field of fields) {
    const index = ORDER.indexOf(field);
    const map = counts[index] as Map<string | null, number>;
    out[field] = [...map]
      .map(([value, count]) => ({
        value,
        label: field === 'team' ? (teamNames.get(value) ?? null) : null,
        count,
      }))
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

/** Each facet's own constraint as a predicate on its column; undefined = unconstrained. */
function ownPredicates(
  filter: SessionFilter,
): Array<((value: string | null) => boolean) | undefined> {
  const anyOf = (list: readonly string[] | undefined) => {
    if (!list || list.length === 0) return undefined;
    const set = new Set<string>(list);
    // Like SQL's IN: a null value is in no list.
    return (value: string | null) => value !== null && set.has(value);
  };
  const assigneeList = anyOf(filter.assignee_ids);
  const unassigned = filter.unassigned;
  const assignee =
    assigneeList === undefined && unassigned === undefined
      ? undefined
      : (value: string | null) =>
          (assigneeList?.(value) ?? true) &&
          (unassigned === undefined || (unassigned ? value === null : value !== null));
  return [
    anyOf(filter.status),
    anyOf(filter.sentiment),
    anyOf(filter.channels),
    anyOf(filter.team_ids),
    assignee,
    anyOf(filter.languages),
    anyOf(filter.ai_closure_type),
  ];
}
