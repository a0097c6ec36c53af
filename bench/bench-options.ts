export const BENCHMARK_NAMES = ['query', 'facets', 'sync', 'cold-open'] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export interface BenchOptions {
  /** Sessions in the cache the query, facet and cold-open benchmarks read. */
  cacheSessions: number;
  /** Sessions the sync benchmark syncs per run. */
  syncSessions: number;
  /** Measured runs per case (warm-up runs come on top). */
  runs: number;
  syncRuns: number;
  only: BenchmarkName[];
}

const FULL = { cacheSessions: 20_000, syncSessions: 5_000, runs: 9, syncRuns: 5 };
const QUICK = { cacheSessions: 2_000, syncSessions: 500, runs: 5, syncRuns: 2 };

export const USAGE = `Usage: npm run bench -- [--quick] [${BENCHMARK_NAMES.join('|')} ...]
  --quick               small sizes (${QUICK.cacheSessions} cached, ${QUICK.syncSessions} synced)
  env BENCH_SESSIONS    sessions in the cache (default ${FULL.cacheSessions})
  env BENCH_SYNC_SESSIONS  sessions per sync run (default ${FULL.syncSessions})
  env BENCH_RUNS        measured runs per case (default ${FULL.runs})`;

/** Reads the command line and BENCH_* variables; throws with a one-sentence reason if invalid. */
export function readBenchOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): BenchOptions {
  const quick = argv.includes('--quick');
  const only: BenchmarkName[] = [];
  for (const arg of argv) {
    if (arg === '--quick') continue;
    if (!(BENCHMARK_NAMES as readonly string[]).includes(arg)) {
      throw new Error(`Unknown argument "${arg}".\n${USAGE}`);
    }
    only.push(arg as BenchmarkName);
  }
  const base = quick ? QUICK : FULL;
  return {
    cacheSessions: positiveInteger(env, 'BENCH_SESSIONS', base.cacheSessions),
    syncSessions: positiveInteger(env, 'BENCH_SYNC_SESSIONS', base.syncSessions),
    runs: positiveInteger(env, 'BENCH_RUNS', base.runs),
    syncRuns: base.syncRuns,
    only: only.length > 0 ? only : [...BENCHMARK_NAMES],
  };
}

function positiveInteger(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number above 0, got "${text}".`);
  }
  return value;
}
