import { FACET_FIELDS, type FacetField } from '../../../src-shared/contract/facet-counts';
import { facetKeys, type FilterFieldKey } from '../../../src-shared/filter/filter-fields';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { FILTER_COLUMNS, type Cell, type FilterColumnSql } from './filter-columns';

// How each facet is counted, derived from the two tables: the shared one says which filter keys
// a facet owns, FILTER_COLUMNS says what those keys test. A facet whose keys test one sessions
// column groups by that column; one whose key tests a side table groups by that table's values.

export interface ColumnFacetSql {
  kind: 'column';
  /** The filter keys the facet owns: dropped when counting it. */
  keys: readonly FilterFieldKey[];
  column: string;
  /** A display name stored beside the value, or null. */
  label: string | null;
}

export interface MembershipFacetSql {
  kind: 'membership';
  keys: readonly FilterFieldKey[];
  table: string;
  key: string;
  value: string;
}

export type FacetSql = ColumnFacetSql | MembershipFacetSql;

function facetSql(facet: FacetField): FacetSql {
  const keys = facetKeys(facet);
  const specs = keys.map((key) => FILTER_COLUMNS[key] as FilterColumnSql<unknown>);
  const membership = specs[0]?.membership;
  if (membership && specs.length === 1) return { kind: 'membership', keys, ...membership };
  const columns = new Set(specs.map((spec) => spec.column?.name));
  const [column] = columns;
  if (columns.size !== 1 || column === undefined) {
    throw new Error(
      `Facet ${facet}: its keys (${keys.join(', ') || 'none'}) must test one sessions column or one side table.`,
    );
  }
  const label = specs.find((spec) => spec.column?.label)?.column?.label ?? null;
  return { kind: 'column', keys, column, label };
}

export const FACET_SQL = Object.fromEntries(
  FACET_FIELDS.map((facet) => [facet, facetSql(facet)]),
) as Record<FacetField, FacetSql>;

/** The facets counted by grouping one sessions column, in FACET_FIELDS order. */
export const COLUMN_FACETS: readonly FacetField[] = FACET_FIELDS.filter(
  (facet) => FACET_SQL[facet].kind === 'column',
);

/** The filter without any column facet's own keys: what every column facet has in common. */
export function withoutColumnFacetKeys(filter: SessionFilter): SessionFilter {
  const base: SessionFilter = { ...filter };
  for (const facet of COLUMN_FACETS) for (const key of FACET_SQL[facet].keys) delete base[key];
  return base;
}

/** A column facet's own constraint as a predicate on its column; undefined = unconstrained. */
export function ownPredicate(
  facet: FacetField,
  filter: SessionFilter,
): ((cell: Cell) => boolean) | undefined {
  const tests: ((cell: Cell) => boolean)[] = [];
  for (const key of FACET_SQL[facet].keys) {
    const value = filter[key];
    const column = (FILTER_COLUMNS[key] as FilterColumnSql<unknown>).column;
    if (value === undefined || !column) continue;
    const test = column.accepts(value);
    if (test) tests.push(test);
  }
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (cell) => tests.every((test) => test(cell));
}
