// Facet counts for the current filter: what ticking another value in the filter panel would add.
export const FACET_FIELDS = [
  'status',
  'sentiment',
  'channel',
  'team',
  'assignee',
  'language',
  'tag',
  'ai_closure_type',
] as const;

export type FacetField = (typeof FACET_FIELDS)[number];

export interface FacetBucket {
  /** The field's value; null counts sessions without one (no sentiment, unassigned, …). */
  value: string | null;
  /** A display name where the cache knows one (team name), else null. */
  label: string | null;
  count: number;
}

export interface FacetCounts {
  /** Buckets by descending count, for each facet computed within the budget. */
  facets: Partial<Record<FacetField, FacetBucket[]>>;
  /** Facets not computed because the time budget ran out, in the order they were due. */
  skipped: FacetField[];
  elapsed_ms: number;
}
