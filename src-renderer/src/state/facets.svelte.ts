import { SvelteMap } from 'svelte/reactivity';
import type {
  FacetBucket,
  FacetCounts,
  FacetField,
} from '../../../src-shared/contract/facet-counts';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { call } from '../platform/call';

/** How many cached sessions each filter value would show, for the filter being edited. */
export class Facets {
  counts = $state.raw<FacetCounts | null>(null);

  /** Display names the counts carried (teams, agents), kept when a later count omits them. */
  private readonly labels = new SvelteMap<string, string>();
  private filter: SessionFilter = {};
  private generation = 0;

  async load(filter: SessionFilter): Promise<void> {
    this.filter = filter;
    const generation = ++this.generation;
    // Asked after the list and the chart of the same change: the engine answers one call at a
    // time, and the rows matter first; the counts beside the checkboxes can come a moment later.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (generation !== this.generation) return;
    try {
      const counts = await call('sessions.facets', { filter });
      if (generation !== this.generation) return;
      this.counts = counts;
      for (const [field, buckets] of Object.entries(counts.facets)) {
        for (const bucket of buckets ?? []) {
          if (bucket.value !== null && bucket.label) {
            this.labels.set(`${field}\u0000${bucket.value}`, bucket.label);
          }
        }
      }
    } catch {
      // Counts are a help, not the data: the panel works without them.
      if (generation === this.generation) this.counts = null;
    }
  }

  reload(): Promise<void> {
    return this.load(this.filter);
  }

  buckets(field: FacetField): FacetBucket[] {
    return this.counts?.facets[field] ?? [];
  }

  /** The count beside a value; null while unknown (not computed, or past the time budget). */
  count(field: FacetField, value: string | null): number | null {
    const buckets = this.counts?.facets[field];
    if (!buckets) return null;
    return buckets.find((bucket) => bucket.value === value)?.count ?? 0;
  }

  /** A value's display name (a team's, an agent's) if the engine ever gave one. */
  label(field: FacetField, value: string): string | null {
    return this.labels.get(`${field}\u0000${value}`) ?? null;
  }

  /** Forgets the previous account's names. */
  forget(): void {
    this.labels.clear();
  }
}

export const facets = new Facets();
