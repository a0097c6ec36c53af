import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineRunRequest, EngineRunResult } from './export-engine-run';
import { loadNow } from './machine';
import { summarise, type Timing } from './measure';
import { needCache, type PartContext, type PartOutcome } from './part-context';
import type { RatioRow } from './ratio-table';
import { sqliteBaselineQuery } from '../src-main/engine/export/testing/sqlite-baseline-query';

/**
 * The whole cache exported to CSV by the export engine (every column: 'all', so custom-data keys
 * are learnt in a first pass), against `sqlite3 -csv` writing the same columns of the same rows
 * in the same order to a file. Runs alternate. XLSX is reported against the same baseline.
 * Budgets: CSV ≤ 2×, peak RSS ≤ 300 MB (sampled during each export). Each export runs in a
 * process of its own (export-engine-run.ts), so the RSS is the engine's, not this harness's.
 */
export async function runExportBench(context: PartContext): Promise<PartOutcome> {
  const { path, facts } = needCache(context);
  const dir = mkdtempSync(join(tmpdir(), 'session-desk-bench-export-'));
  try {
    const runs = Math.min(3, context.options.slowRuns);
    const csv: number[] = [];
    const cli: number[] = [];
    let csvPeak = 0;
    let result: EngineRunResult | null = null;
    for (let i = 0; i < runs; i++) {
      const run = await exportInItsOwnProcess(path, 'csv', join(dir, 'sessions.csv'), context.now);
      csv.push(run.ms);
      csvPeak = Math.max(csvPeak, run.peakRssMb);
      result = run;
      cli.push(await sqliteCsv(path, result.columns, join(dir, 'baseline.csv')));
    }
    if (!result) throw new Error('No export ran.');
    const csvBytes = statSync(join(dir, 'sessions.csv')).size;
    const cliBytes = statSync(join(dir, 'baseline.csv')).size;
    const xlsx = await exportInItsOwnProcess(path, 'xlsx', join(dir, 'sessions.xlsx'), context.now);
    const baseline = summarise(cli);
    const csvTiming = summarise(csv);
    const xlsxTiming = single(xlsx.ms);
    const rows: RatioRow[] = [
      {
        case: `CSV, ${result.rows.toLocaleString('en')} sessions × ${result.columns.length} columns`,
        baseline,
        subject: csvTiming,
        ratio: csvTiming.medianMs / baseline.medianMs,
        budget: { kind: 'ratio', max: 2 },
        note: `${mb(csvBytes)} MB (sqlite3 ${mb(cliBytes)} MB); load ${loadNow()}`,
      },
      {
        case: 'CSV peak RSS of the engine',
        baseline: null,
        subject: single(csvPeak),
        ratio: null,
        budget: { kind: 'text', met: csvPeak <= 300, says: `${csvPeak.toFixed(0)} MB ≤ 300 MB` },
        note: 'MB, in the export process, sampled every 20 ms (the ms columns hold MB here)',
      },
      {
        case: `XLSX, same rows and columns (reported)`,
        baseline,
        subject: xlsxTiming,
        ratio: xlsxTiming.medianMs / baseline.medianMs,
        note: `${mb(statSync(join(dir, 'sessions.xlsx')).size)} MB, 1 run, peak RSS ${xlsx.peakRssMb.toFixed(0)} MB`,
      },
    ];
    return {
      enginePeakRss: {
        mb: Math.max(csvPeak, xlsx.peakRssMb),
        of: 'the export processes (bench/export-engine-run.ts), CSV and XLSX',
      },
      tables: [
        {
          title: `Export: ${facts.sessions.toLocaleString('en')} cached sessions to a file`,
          subject: 'export',
          baseline: 'sqlite3 -csv',
          ratioMeaning: 'export / sqlite3 -csv writing the same columns and rows',
          runs: `${runs} (XLSX 1)`,
          rows,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function single(ms: number): Timing {
  return { medianMs: ms, p95Ms: ms, runs: 1 };
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

/** One export of the whole cache by export-engine-run.ts in a new process; only the export is timed. */
function exportInItsOwnProcess(
  cache: string,
  format: 'csv' | 'xlsx',
  out: string,
  now: number,
): Promise<EngineRunResult> {
  const request: EngineRunRequest = { cache, format, out, now };
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(import.meta.dirname, 'export-engine-run.ts'),
        JSON.stringify(request),
      ],
      { maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`The ${format} export failed: ${stderr.trim() || error.message}`));
          return;
        }
        resolvePromise(JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as EngineRunResult);
      },
    );
  });
}

/** `sqlite3 -csv -header` writing the same columns to `out`: spawn to exit, in ms. */
function sqliteCsv(path: string, columns: readonly string[], out: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'sh',
      [
        '-c',
        'exec sqlite3 -readonly -csv -header "$1" "$2" > "$3"',
        'sh',
        path,
        sqliteBaselineQuery(columns),
        out,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`sqlite3 exit ${code}`)),
    );
  });
}
