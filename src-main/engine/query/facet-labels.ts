import type { FacetCounts } from '../../../src-shared/contract/facet-counts';
import type { CacheReader } from '../store/cache/cache-handles';
import { assigneeNames } from './assignee-names';

/**
 * `counts` with each assignee bucket labelled by the agent's name where a cached transcript
 * gives one (./assignee-names.ts), so the filter panel offers agents by name.
 */
export function withAssigneeNames(reader: CacheReader, counts: FacetCounts): FacetCounts {
  const buckets = counts.facets.assignee;
  if (!buckets || buckets.length === 0) return counts;
  const ids = buckets.flatMap((bucket) => (bucket.value === null ? [] : [bucket.value]));
  const names = assigneeNames(reader, ids);
  return {
    ...counts,
    facets: {
      ...counts.facets,
      assignee: buckets.map((bucket) =>
        bucket.value !== null && names.has(bucket.value)
          ? { ...bucket, label: names.get(bucket.value) ?? null }
          : bucket,
      ),
    },
  };
}
