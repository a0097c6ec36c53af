import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { openCacheStore } from '../src-main/engine/store/cache-store';
import { generateSessions } from '../src-main/engine/store/testing/make-session';

// Export speed and peak memory: `session-desk export` (the built CLI, a process of its own) writing
// N cached sessions to CSV and to XLSX, each next to Debian's `sqlite3 -csv` writing the same
// columns of the same rows, in the same order, from the same cache file, in the same run. Both
// are timed and sized by /usr/bin/time (wall seconds, maximum resident set), so the ratio compares
// like with like: a process started, the cache read, a file written. Nothing is asserted.
//
//   npx tsx bench/export-measure.ts                    # 100,000 sessions, 3 runs per case
//   npx tsx bench/export-measure.ts --sessions 20000 --runs 1
//   npx tsx bench/export-measure.ts --db path/to/cache.sqlite   # an existing cache instead
//
// `npm run build` first: the subject is out/main/cli.js, as the installed command runs it (without
// it the CLI runs from source through tsx, whose start-up is then part of the figure).

const ROOT = resolve(import.meta.dirname, '..');
const BUILT_CLI = join(ROOT, 'out/main/cli.js');

/** The columns both write: plain fields of the session object, as the list shows them. */
export const BENCH_COLUMNS = [
  'id',
  'ticket_number',
  'status',
  'sentiment',
  'channel.type',
  'created_at',
  'updated_at',
  'contact.name',
  'contact.email',
  'team.name',
  'language',
] as const;

/** The SQL `sqlite3 -csv` runs: the same columns, in the export's default order. */
export function baselineSql(columns: readonly string[] = BENCH_COLUMNS): string {
  const select = columns
    .map((column) => `json_extract(d.raw, '$.${column}') AS "${column}"`)
    .join(', ');
  return `SELECT ${select} FROM sessions s JOIN session_documents d ON d.rid = s.rid ORDER BY s.sort_last_ms DESC, s.id DESC;`;
}

export interface ProcessRun {
  seconds: number;
  peakRssMb: number;
  bytes: number;
}

export interface ExportCase {
  format: 'csv' | 'xlsx';
  rows: number;
  /** Median of the runs; peak RSS the largest of them. */
  subject: ProcessRun;
  baseline: ProcessRun;
  /** Both wrote the same ids in the same order (checked on the CSV of the last run). */
  sameRows: boolean | null;
  /** Every run's wall seconds, for medians and percentiles elsewhere. */
  samples: { subject: number[]; baseline: number[] };
}

export interface ExportMeasurement {
  sessions: number;
  runs: number;
  subjectCommand: string;
  baselineCommand: string;
  sqliteVersion: string | null;
  cases: ExportCase[];
}

/** Runs `argv` under /usr/bin/time; wall seconds, peak RSS and the size of `output`. */
function timed(argv: string[], output: string, shell = false): Promise<ProcessRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      '/usr/bin/time',
      ['-f', '@@time %e %M', ...(shell ? ['sh', '-c', ...argv] : argv)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const match = /@@time ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !match) {
        reject(new Error(`${argv.join(' ')} failed (${code}): ${stderr.trim()}`));
        return;
      }
      resolvePromise({
        seconds: Number(match[1]),
        peakRssMb: Number(match[2]) / 1024,
        bytes: statSync(output).size,
      });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarise(runs: ProcessRun[]): ProcessRun {
  return {
    seconds: median(runs.map((run) => run.seconds)),
    peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
    bytes: runs.at(-1)!.bytes,
  };
}

/** The first column of a CSV file, streamed (cells may hold line breaks). */
async function firstColumn(path: string): Promise<string[]> {
  const ids: string[] = [];
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true }));
  for await (const record of parser as AsyncIterable<string[]>) ids.push(record[0] ?? '');
  return ids.slice(1);
}

export function sqliteVersion(): string | null {
  const result = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split(' ').slice(0, 2).join(' ') : null;
}

/** Measures both formats against the baseline on the cache at `db`. */
export async function measureExports(
  db: string,
  options: { runs: number; workDir: string; log?: (line: string) => void },
): Promise<ExportMeasurement> {
  if (!existsSync('/usr/bin/time')) {
    throw new Error('/usr/bin/time is needed (Debian: apt-get install time).');
  }
  const version = sqliteVersion();
  if (!version) throw new Error('sqlite3 is needed (Debian: apt-get install sqlite3).');
  const log = options.log ?? (() => undefined);
  const cli = existsSync(BUILT_CLI)
    ? [process.execPath, BUILT_CLI]
    : [process.execPath, '--import', 'tsx', 'src-main/cli/index.ts'];
  const columns = BENCH_COLUMNS.join(',');
  const cases: ExportCase[] = [];
  for (const format of ['csv', 'xlsx'] as const) {
    const subjectRuns: ProcessRun[] = [];
    const baselineRuns: ProcessRun[] = [];
    const subjectOut = join(options.workDir, `export.${format}`);
    const baselineOut = join(options.workDir, 'baseline.csv');
    // Alternated, so a machine that slows down over the run weighs on both alike.
    for (let run = 0; run < options.runs; run++) {
      rmSync(subjectOut, { force: true });
      subjectRuns.push(
        await timed(
          [
            ...cli,
            'export',
            '--db',
            db,
            '--format',
            format,
            '--columns',
            columns,
            '--out',
            subjectOut,
          ],
          subjectOut,
        ),
      );
      baselineRuns.push(
        await timed(
          ['sqlite3 -csv -header "$0" "$1" > "$2"', db, baselineSql(), baselineOut],
          baselineOut,
          true,
        ),
      );
      log(
        `  ${format} run ${run + 1}: ${subjectRuns.at(-1)!.seconds.toFixed(2)} s, sqlite3 -csv ${baselineRuns.at(-1)!.seconds.toFixed(2)} s`,
      );
    }
    const baselineIds = await firstColumn(baselineOut);
    const sameRows =
      format === 'csv'
        ? JSON.stringify(await firstColumn(subjectOut)) === JSON.stringify(baselineIds)
        : null;
    cases.push({
      format,
      rows: baselineIds.length,
      subject: summarise(subjectRuns),
      baseline: summarise(baselineRuns),
      sameRows,
      samples: {
        subject: subjectRuns.map((run) => run.seconds),
        baseline: baselineRuns.map((run) => run.seconds),
      },
    });
  }
  return {
    sessions: cases[0]?.rows ?? 0,
    runs: options.runs,
    subjectCommand: `${cli.includes('tsx') ? 'node --import tsx src-main/cli/index.ts' : 'node out/main/cli.js'} export --db CACHE --format csv|xlsx --columns ${columns} --out FILE`,
    baselineCommand: `sqlite3 -csv -header CACHE "${baselineSql()}" > FILE`,
    sqliteVersion: version,
    cases,
  };
}

/** A cache of `count` generated sessions (the store's test generator), written in big batches. */
export function generateCache(path: string, count: number, seed = 1000): void {
  const { store } = openCacheStore(path);
  try {
    const chunk = 10_000;
    for (let done = 0; done < count; done += chunk) {
      const { sessions } = generateSessions(Math.min(chunk, count - done), seed + done / chunk);
      for (let i = 0; i < sessions.length; i += 5000) {
        store.upsertSessions(sessions.slice(i, i + 5000), '2026-01-01T00:00:00.000Z');
      }
    }
  } finally {
    store.close();
  }
}

/** The measurement as a table: each format next to sqlite3 -csv, with the ratios. */
export function formatMeasurement(m: ExportMeasurement): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const lines = [
    `Export of ${m.sessions.toLocaleString('en')} sessions, ${BENCH_COLUMNS.length} columns; median of ${m.runs} run${m.runs === 1 ? '' : 's'}, peak RSS the largest`,
    `| case | file MB | seconds | sessions/s | peak RSS MB | time ÷ sqlite3 | RSS ÷ sqlite3 |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
  ];
  for (const c of m.cases) {
    const rate = (run: ProcessRun) => Math.round(c.rows / run.seconds).toLocaleString('en');
    lines.push(
      `| session-desk export, ${c.format.toUpperCase()} | ${mb(c.subject.bytes)} | ${c.subject.seconds.toFixed(2)} | ${rate(c.subject)} | ${c.subject.peakRssMb.toFixed(0)} | ${(c.subject.seconds / c.baseline.seconds).toFixed(1)}× | ${(c.subject.peakRssMb / c.baseline.peakRssMb).toFixed(1)}× |`,
      `| sqlite3 -csv (same columns and rows) | ${mb(c.baseline.bytes)} | ${c.baseline.seconds.toFixed(2)} | ${rate(c.baseline)} | ${c.baseline.peakRssMb.toFixed(0)} | 1× | 1× |`,
    );
  }
  const csv = m.cases.find((c) => c.format === 'csv');
  lines.push(
    '',
    `subject:  ${m.subjectCommand}`,
    `baseline: ${m.baselineCommand} (${m.sqliteVersion})`,
    csv?.sameRows === false
      ? 'WARNING: the CSV export and sqlite3 wrote different ids or orders.'
      : 'Same ids in the same order in the CSV export and the baseline.',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sessions: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      db: { type: 'string' },
    },
  });
  const sessions = Number(values.sessions);
  const runs = Number(values.runs);
  if (!Number.isInteger(sessions) || sessions < 1 || !Number.isInteger(runs) || runs < 1) {
    throw new Error('--sessions and --runs take positive whole numbers.');
  }
  const workDir = mkdtempSync(join(tmpdir(), 'export-bench-'));
  try {
    let db = values.db ? resolve(values.db) : join(workDir, 'cache.sqlite');
    if (!values.db) {
      const started = performance.now();
      generateCache(db, sessions);
      console.log(
        `Generated ${sessions.toLocaleString('en')} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    db = resolve(db);
    const measured = await measureExports(db, { runs, workDir, log: (line) => console.log(line) });
    console.log(formatMeasurement(measured));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
