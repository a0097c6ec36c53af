import type { FacetCounts } from '../src-shared/contract/facet-counts';
import { FACET_FIELDS } from '../src-shared/contract/facet-counts';
import type { SessionFilter } from '../src-shared/filter/session-filter';
import { facetCounts } from '../src-main/engine/query/facets';
import {
  baselineNote,
  chooseBaseline,
  openEngineUnderTest,
  runStatements,
} from './engine-under-test';
import { termPostingsBuilt } from '../src-main/engine/query/column-index/term-postings';
import { measurePair } from './measure';
import { needCache, type PartContext } from './part-context';
import { recordingReads } from './recording-reader';
import type { RatioRow, RatioTable } from './ratio-table';

/**
 * Every facet of the filter panel for a filter, through the contract's sessions.facets (with its
 * own time budget, as the app asks), against sqlite3 running one GROUP BY per facet: the
 * engine's per-facet statements for the same filter, the SQL floor of counting every facet.
 * A facet the service skipped for time is a miss. Budget: p95 ≤ 100 ms, no facet skipped.
 */
export async function runFacetsBench(context: PartContext): Promise<RatioTable[]> {
  const { facts } = needCache(context);
  const cases: { name: string; filter: SessionFilter }[] = [
    { name: 'no filter', filter: {} },
    { name: 'status', filter: { status: ['open'] } },
    { name: 'channels + status', filter: { channels: ['email', 'whatsapp'], status: ['open'] } },
    { name: 'assignee', filter: { assignee_ids: [facts.agentIds[0] ?? '1'] } },
    { name: 'tags', filter: { tags: ['urgent'] } },
    { name: 'custom_data', filter: { custom_data: { plan: 'enterprise' } } },
    { name: 'last 7 days', filter: { created_at: { within_last: { amount: 7, unit: 'days' } } } },
    { name: 'free text', filter: { q: 'refund' } },
    {
      name: 'combined',
      filter: {
        status: ['open', 'closed_unresolved'],
        sentiment: ['angry'],
        tags: ['billing'],
        custom_data: { plan: 'pro' },
      },
    },
  ];
  const engine = openEngineUnderTest(needCache(context).path, context.now);
  const loaded = await engine.ready();
  console.log(`  in-memory column index loaded in ${(loaded / 1000).toFixed(1)} s`);
  // The index goes on to hold the most common full-text terms in the background
  // (term-postings.ts): a timed call must not wait behind a slice of that build.
  await termPostingsBuilt();
  const recording = recordingReads(engine.store);
  try {
    const rows: RatioRow[] = [];
    for (const { name, filter } of cases) {
      const counted = await engine.call<FacetCounts>('sessions.facets', { filter });
      // The floor: each facet as one GROUP BY, whatever strategy the service chose.
      recording.take();
      facetCounts(recording.reads.reader, filter, context.now, {
        strategy: 'per-facet',
        budgetMs: Number.POSITIVE_INFINITY,
      });
      const statements = recording.take();
      const floor = await chooseBaseline(engine, statements);
      if (floor.lines.length !== statements.length) throw new Error(`Facets "${name}": no rows.`);
      let skipped = new Set<string>();
      const timing = await measurePair(
        async () => {
          engine.forgetKept();
          const result = await engine.call<FacetCounts>('sessions.facets', { filter });
          for (const field of result.skipped) skipped.add(field);
          return result;
        },
        async () => (await runStatements(floor.runner, statements)).ms,
        { warmup: 2, runs: context.options.runs },
      );
      const missed = [...skipped];
      skipped = new Set();
      rows.push({
        case: name,
        baseline: timing.b,
        subject: timing.a,
        ratio: timing.a.medianMs / timing.b.medianMs,
        budget:
          missed.length > 0
            ? { kind: 'text', met: false, says: `skipped ${missed.join(', ')} for time` }
            : { kind: 'p95-ms', max: 100 },
        note: `${FACET_FIELDS.length - counted.skipped.length}/${FACET_FIELDS.length} facets; ${statements.length} GROUP BYs${baselineNote(floor)}`,
      });
    }
    return [
      {
        title: `Facets: sessions.facets (all ${FACET_FIELDS.length}), ${facts.sessions.toLocaleString('en')} cached sessions`,
        subject: 'service',
        baseline: 'floor',
        ratioMeaning:
          'service / sqlite3 running one GROUP BY per facet for the same filter (below 1: the service beats the plain SQL)',
        runs: context.options.runs,
        rows,
      },
    ];
  } finally {
    await engine.close();
  }
}
