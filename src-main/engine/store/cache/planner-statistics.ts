import type { CacheWriter } from './cache-handles';

/**
 * The query planner's statistics (sqlite_stat1). Its choices (sort index vs filter index,
 * covering scans) depend on them; stale ones after a big sync can make a query ten times slower.
 */
export interface PlannerStatistics {
  /**
   * Refreshes the statistics (bounded ANALYZE); call after a full sync or a large delta.
   * Without statistics SQLite may pick an index that scans the whole table.
   */
  optimize(): void;
  /**
   * Re-analyses when the cache has doubled since the last analysis (at 1,000 sessions or
   * more): O(n) in total, about 0.3 s per 100k sessions. Not inside a transaction.
   */
  refreshIfGrown(): void;
}

export function plannerStatistics(
  writer: CacheWriter,
  countSessions: () => number,
): PlannerStatistics {
  let analyzedRows: number | undefined;
  const optimize = () => {
    writer.pragma('analysis_limit = 0');
    writer.exec('ANALYZE');
    analyzedRows = countSessions();
  };
  const readAnalyzedRows = (): number => {
    const hasStats = writer
      .prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'")
      .pluck()
      .get();
    if (!hasStats) return 0;
    const stats = writer
      .prepare<[], string>("SELECT stat FROM sqlite_stat1 WHERE tbl = 'sessions'")
      .pluck()
      .all();
    return Math.max(0, ...stats.map((stat) => Number.parseInt(stat, 10) || 0));
  };
  return {
    optimize,
    refreshIfGrown() {
      if (writer.inTransaction) return;
      analyzedRows ??= readAnalyzedRows();
      const rows = countSessions();
      if (rows >= 1000 && rows > 2 * analyzedRows) optimize();
    },
  };
}
