import { parseArgs } from 'node:util';

/** The parts of `npm run bench`, in the order they run. Each can run alone. */
export const BENCHMARK_NAMES = [
  'query',
  'facets',
  'fts',
  'cold-start',
  'sync',
  'export',
  'ui',
] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

/** The parts that read the large generated cache. */
export const CACHE_PARTS: readonly BenchmarkName[] = [
  'query',
  'facets',
  'fts',
  'cold-start',
  'export',
  'ui',
];

export interface BenchOptions {
  /** Sessions in the generated cache the query, facet, search, start, export and UI parts read. */
  sessions: number;
  /** Sessions the sync part syncs from the fake server. */
  syncSessions: number;
  /** Measured runs per case (warm-up runs come on top). */
  runs: number;
  /** Runs of the slow parts (sync, export, cold start, UI page loads). */
  slowRuns: number;
  /**
   * Filter clicks the UI part times (a warm-up click comes on top): a p95 needs a score of
   * them; each takes about two seconds.
   */
  clicks: number;
  seed: number;
  /** Share of generated sessions with a cached transcript. */
  transcriptShare: number;
  /** Where generated caches are kept (default .bench-cache/ at the repository root). */
  cacheDir: string | null;
  /** Where to write the results as Markdown (for BENCHMARKS.md), if anywhere. */
  out: string | null;
  only: BenchmarkName[];
}

const FULL = { sessions: 1_000_000, syncSessions: 100_000, runs: 30, slowRuns: 5, clicks: 20 };
const QUICK = { sessions: 2_000, syncSessions: 500, runs: 5, slowRuns: 2, clicks: 3 };

export const USAGE = `Usage: npm run bench -- [options] [${BENCHMARK_NAMES.join('|')} ...]
  --quick                 small sizes (${QUICK.sessions} cached, ${QUICK.syncSessions} synced, ${QUICK.runs} runs)
  --sessions N            sessions in the generated cache (default ${FULL.sessions})
  --sync-sessions N       sessions the sync part syncs (default ${FULL.syncSessions})
  --runs N                measured runs per query case (default ${FULL.runs})
  --slow-runs N           measured runs of sync, export, cold start and UI loads (default ${FULL.slowRuns})
  --clicks N              filter clicks the UI part times (default ${FULL.clicks})
  --seed N                generator seed (default 1)
  --transcripts SHARE     share of sessions with a cached transcript, 0–1 (default 0.1)
  --cache-dir DIR         where generated caches are kept (default .bench-cache/)
  --out FILE              also write the results as Markdown to FILE`;

/** Reads the command line; throws with a one-sentence reason if it is invalid. */
export function readBenchOptions(argv: readonly string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      sessions: { type: 'string' },
      'sync-sessions': { type: 'string' },
      runs: { type: 'string' },
      'slow-runs': { type: 'string' },
      clicks: { type: 'string' },
      seed: { type: 'string' },
      transcripts: { type: 'string' },
      'cache-dir': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const only: BenchmarkName[] = [];
  for (const name of positionals) {
    if (!(BENCHMARK_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown benchmark "${name}".\n${USAGE}`);
    }
    only.push(name as BenchmarkName);
  }
  const base = values.quick ? QUICK : FULL;
  const transcripts = values.transcripts === undefined ? 0.1 : Number(values.transcripts);
  if (!(transcripts >= 0 && transcripts <= 1)) {
    throw new Error(`--transcripts must be a number from 0 to 1, got "${values.transcripts}".`);
  }
  return {
    sessions: whole(values.sessions, '--sessions', base.sessions),
    syncSessions: whole(values['sync-sessions'], '--sync-sessions', base.syncSessions),
    runs: whole(values.runs, '--runs', base.runs),
    slowRuns: whole(values['slow-runs'], '--slow-runs', base.slowRuns),
    clicks: whole(values.clicks, '--clicks', base.clicks),
    seed: whole(values.seed, '--seed', 1),
    transcriptShare: transcripts,
    cacheDir: values['cache-dir'] ?? null,
    out: values.out ?? null,
    only: only.length > 0 ? only : [...BENCHMARK_NAMES],
  };
}

function whole(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number above 0, got "${text}".`);
  }
  return value;
}
