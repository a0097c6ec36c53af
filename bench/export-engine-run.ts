import { exportSessionsToFile } from '../src-main/engine/export/export-sessions';
import { openCacheStore } from '../src-main/engine/store/cache-store';

// One timed export in a process of its own, for export-bench.ts: the process holds the engine
// and nothing else (the bench's part process has every part's modules loaded, about 100 MB
// before any export), so its peak RSS is the engine's. The cache is opened as the app opens it
// (its writer connection, 64 MB page cache); the app's background integrity check is put off
// past the export, as start-up work that is not the export's. Only the export is timed.
//
//   node --import tsx bench/export-engine-run.ts '{"cache":…,"format":"csv","out":…,"now":…}'
// prints one line of JSON: { ms, peakRssMb, rows, columns }.

export interface EngineRunRequest {
  cache: string;
  format: 'csv' | 'xlsx';
  out: string;
  now: number;
}

export interface EngineRunResult {
  ms: number;
  /** Sampled every 20 ms and at every progress report during the export. */
  peakRssMb: number;
  rows: number;
  columns: string[];
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? 'null') as EngineRunRequest;
  const { store } = openCacheStore(request.cache, {
    program: 'Session Desk bench',
    integrityCheck: 'background',
    integrityCheckDelayMs: 24 * 3_600_000,
  });
  try {
    let peak = process.memoryUsage.rss();
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage.rss());
    };
    const timer = setInterval(sample, 20);
    const started = performance.now();
    try {
      const result = await exportSessionsToFile(
        store.reader,
        { selection: { filter: {} }, format: request.format, columns: 'all' },
        request.out,
        { onProgress: sample, progressIntervalMs: 0, now: request.now },
      );
      const ms = performance.now() - started;
      sample();
      const done: EngineRunResult = {
        ms,
        peakRssMb: peak / 2 ** 20,
        rows: result.rows,
        columns: result.columns,
      };
      console.log(JSON.stringify(done));
    } finally {
      clearInterval(timer);
    }
  } finally {
    store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
