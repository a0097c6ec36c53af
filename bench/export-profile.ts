import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportSessionsToFile } from '../src-main/engine/export/export-sessions';
import { openCacheReader } from '../src-main/engine/store/cache/open-cache-reader';
import { BENCH_COLUMNS } from './export-measure';

// One export in this process, for profiling by hand:
//   node --import tsx --cpu-prof --cpu-prof-dir /tmp/prof bench/export-profile.ts --db CACHE
//   [--format csv|xlsx|json|jsonl] [--columns all|list|bench|a,b,c]
// prints wall time, rows and the peak RSS sampled every 20 ms.

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      columns: { type: 'string', default: 'all' },
    },
  });
  if (!values.db) throw new Error('--db CACHE is required.');
  const format = values.format as 'csv' | 'xlsx' | 'json' | 'jsonl';
  const columns =
    values.columns === 'all' || values.columns === 'list'
      ? values.columns
      : values.columns === 'bench'
        ? [...BENCH_COLUMNS]
        : values.columns.split(',');
  const cache = openCacheReader(resolve(values.db));
  const dir = mkdtempSync(join(tmpdir(), 'export-profile-'));
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const result = await exportSessionsToFile(
      cache.reader,
      { selection: { filter: {} }, format, columns },
      join(dir, `export.${format}`),
    );
    console.log(
      `${format} ${result.rows} rows × ${result.columns.length} columns, ${(result.bytes / 2 ** 20).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(2)} s; peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
    );
  } finally {
    clearInterval(timer);
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
