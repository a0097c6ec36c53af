import type { BenchmarkName } from './bench-options';
import { FALLBACK_FOOTNOTE } from './engine-under-test';
import { runColdStartBench } from './cold-start-bench';
import { runExportBench } from './export-bench';
import { runFacetsBench } from './facets-bench';
import { runFtsBench } from './fts-bench';
import { runListBench } from './list-bench';
import { RESULT_PREFIX, type PartContext, type PartOutcome, type PartResult } from './part-context';
import { formatRatioTable } from './ratio-table';
import { runSyncBench } from './sync-bench';
import { runUiBench } from './ui-bench';

// One part of `npm run bench` in its own process (started by run.ts), so that its peak RSS is
// its own: the engine's, not the generator's or another part's.

const PARTS: Record<BenchmarkName, (context: PartContext) => Promise<PartOutcome>> = {
  query: async (context) => ({ tables: await runListBench(context) }),
  facets: async (context) => ({ tables: await runFacetsBench(context) }),
  fts: async (context) => ({ tables: await runFtsBench(context) }),
  'cold-start': runColdStartBench,
  sync: runSyncBench,
  export: runExportBench,
  ui: runUiBench,
};

async function main(): Promise<void> {
  const { part, context } = JSON.parse(process.env.BENCH_PART ?? 'null') as {
    part: BenchmarkName;
    context: PartContext;
  };
  const outcome = await PARTS[part](context);
  const footnoted = outcome.tables.some((table) =>
    table.rows.some((row) => row.note?.includes('†')),
  );
  if (footnoted) outcome.notes = [...(outcome.notes ?? []), FALLBACK_FOOTNOTE];
  for (const table of outcome.tables) console.log(formatRatioTable(table));
  for (const note of outcome.notes ?? []) console.log(note);
  const result: PartResult = {
    part,
    tables: outcome.tables,
    peakRssMb: outcome.enginePeakRss?.mb ?? process.resourceUsage().maxRSS / 1024,
    ...(outcome.enginePeakRss ? { peakRssOf: outcome.enginePeakRss.of } : {}),
    notes: outcome.notes ?? [],
  };
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
