import Database from 'better-sqlite3';
import { openCacheStore } from '../src-main/engine/store/cache-store';
import type { BenchOptions } from './bench-options';
import { measure } from './measure';
import { printRatioTable, type RatioRow } from './ratio-table';

/**
 * Opening the cache as the app does (pragmas, PRAGMA quick_check, migrations check, prepared
 * statements) against opening the same file with a bare `new Database(path)`. The file is in
 * the OS page cache after the first run, so this is a warm "cold open": the app's own cost.
 */
export function runColdOpenBench(
  path: string,
  sessions: number,
  options: BenchOptions,
): RatioRow[] {
  const warm = { warmup: 2, runs: options.runs };
  const plain = measure(() => new Database(path).close(), warm);
  const app = measure(() => openCacheStore(path).store.close(), warm);
  // Where the time goes: the integrity check reads every page of the file.
  const checked = measure(() => {
    const db = new Database(path);
    db.pragma('quick_check');
    db.close();
  }, warm);
  const rows: RatioRow[] = [
    {
      case: `open ${sessions}-session cache`,
      baselineMs: plain.medianMs,
      subjectMs: app.medianMs,
      ratio: app.medianMs / plain.medianMs,
    },
    {
      case: 'of which: quick_check alone',
      baselineMs: plain.medianMs,
      subjectMs: checked.medianMs,
      ratio: checked.medianMs / plain.medianMs,
      note: `${((100 * checked.medianMs) / app.medianMs).toFixed(0)}% of openCacheStore`,
    },
  ];
  printRatioTable({
    title: 'Cold open: openCacheStore vs new Database(path)',
    subject: 'openCacheStore ms',
    baseline: 'new Database ms',
    ratioMeaning: 'openCacheStore / new Database (the price of checking the file)',
    runs: options.runs,
    rows,
  });
  return rows;
}
