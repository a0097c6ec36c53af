import { isDeepStrictEqual } from 'node:util';
import { FACET_FIELDS, type FacetCounts } from '../src-shared/contract/facet-counts';
import { facetCounts } from '../src-main/engine/query/facets';
import type { CacheStore } from '../src-main/engine/store/cache-store';
import type { SessionFilter } from '../src-shared/filter/session-filter';
import type { BenchOptions } from './bench-options';
import { measure } from './measure';
import { naiveFacetCounts, type NaiveFacetCounts } from './naive-facet-counts';
import { printRatioTable, type RatioRow } from './ratio-table';

/**
 * Every facet of the filter panel (disjunctive counts: each facet ignores its own selection)
 * from the engine's GROUP BYs, against counting in JS over every parsed row. The time budget is
 * lifted so the engine computes every facet, as the baseline does; both must agree.
 */
export function runFacetsBench(store: CacheStore, options: BenchOptions): RatioRow[] {
  const cases: { name: string; filter: SessionFilter }[] = [
    { name: 'no filter', filter: {} },
    { name: 'channels + status', filter: { channels: ['email', 'whatsapp'], status: ['open'] } },
    { name: 'tags', filter: { tags: ['urgent'] } },
    { name: 'custom_data', filter: { custom_data: { plan: 'enterprise' } } },
  ];

  const rows: RatioRow[] = [];
  for (const { name, filter } of cases) {
    const now = Date.now();
    const engine = () =>
      facetCounts(store.reader, filter, now, { budgetMs: Number.POSITIVE_INFINITY });
    const naive = () => naiveFacetCounts(store.reader, filter);

    const counted = engine();
    if (!isDeepStrictEqual(asCountMaps(counted), naive())) {
      throw new Error(
        `Facets case "${name}": engine and baseline disagree, so the ratio would mean nothing.`,
      );
    }

    const warm = { warmup: 2, runs: options.runs };
    const engineTime = measure(engine, warm);
    const naiveTime = measure(naive, warm);
    rows.push({
      case: name,
      baselineMs: naiveTime.medianMs,
      subjectMs: engineTime.medianMs,
      ratio: naiveTime.medianMs / engineTime.medianMs,
      note: `${FACET_FIELDS.length} facets`,
    });
  }

  printRatioTable({
    title: `Facets: all ${FACET_FIELDS.length} facet counts, ${store.countSessions()} cached sessions`,
    subject: 'engine ms',
    baseline: 'parse all + JS ms',
    ratioMeaning: 'baseline / engine (> 1: the engine is that many times faster)',
    runs: options.runs,
    rows,
  });
  return rows;
}

function asCountMaps(counted: FacetCounts): NaiveFacetCounts {
  const maps = {} as NaiveFacetCounts;
  for (const field of FACET_FIELDS) {
    const buckets = counted.facets[field];
    if (!buckets) throw new Error(`The engine skipped the ${field} facet despite no time budget.`);
    maps[field] = new Map(buckets.map((b) => [b.value, b.count]));
  }
  return maps;
}
