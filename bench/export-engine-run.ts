import Database from 'better-sqlite3';
import { exportSessionsToFile } from '../src-main/engine/export/export-sessions';
import { mintCacheReader } from '../src-main/engine/store/cache/cache-handles';

// One timed export in a process of its own, for export-bench.ts: the process holds the engine
// and nothing else (the bench's part process has every part's modules loaded, about 100 MB
// before any export), so its peak RSS is the engine's. The cache is opened read-only, as the
// command line exports, so the run needs no writer lock and can read a cache another bench holds
// open; with the page cache the app's writer connection has (64 MB, cache-store.ts), so memory
// is what the app's engine would hold. Only the export is timed.
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

/** The writer connection's page cache in cache-store.ts. */
const APP_PAGE_CACHE_KIB = 64 * 1024;

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? 'null') as EngineRunRequest;
  const db = new Database(request.cache, { readonly: true, fileMustExist: true });
  db.pragma(`cache_size = -${APP_PAGE_CACHE_KIB}`);
  const reader = mintCacheReader(db);
  try {
    let peak = process.memoryUsage.rss();
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage.rss());
    };
    const timer = setInterval(sample, 20);
    const started = performance.now();
    try {
      const result = await exportSessionsToFile(
        reader,
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
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
