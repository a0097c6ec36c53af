import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../store/cache-store';
import { generateSessions } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import type { ExportFormat } from './export-format';
import { exportSessionsToFile } from './export-sessions';
import { sqliteBaselineQuery } from './testing/sqlite-baseline-query';

// 100,000 sessions to CSV and XLSX: memory stays flat, because the export streams batch by batch.
// Separate from the quick tests, so they can leave it out:
//   sh scripts/with-keyring.sh npx vitest run --project node src-main/engine/export/export-large.test.ts
// Prints time and peak RSS growth of each export next to Debian's `sqlite3 -csv` writing the same
// columns of the same rows (when installed); asserts only the memory bound, never a time.

const COUNT = 100_000;
const RSS_BOUND_MB = 150;
const mb = (bytes: number) => bytes / 1024 / 1024;

let cache: { store: CacheStore; dir: string; dispose: () => void };

beforeAll(() => {
  cache = openTempCache();
  const chunk = 10_000;
  for (let seed = 0; seed < COUNT / chunk; seed++) {
    const { sessions } = generateSessions(chunk, 1000 + seed);
    for (let i = 0; i < sessions.length; i += 5000) {
      cache.store.upsertSessions(sessions.slice(i, i + 5000), '2026-01-01T00:00:00.000Z');
    }
  }
  expect(cache.store.countSessions()).toBe(COUNT);
}, 180_000);

afterAll(() => cache.dispose());

function sqliteBaseline(columns: readonly string[]): string {
  if (spawnSync('sqlite3', ['-version']).status !== 0 || !existsSync('/usr/bin/time')) {
    return 'sqlite3 -csv: not installed';
  }
  const out = join(cache.dir, 'baseline.csv');
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %M',
      'sh',
      '-c',
      'sqlite3 -csv -header "$1" "$2" > "$3"',
      'sh',
      join(cache.dir, 'cache.sqlite'),
      sqliteBaselineQuery(columns),
      out,
    ],
    { encoding: 'utf8' },
  );
  const [seconds, kib] = run.stderr.trim().split('\n').at(-1)?.split(' ') ?? [];
  if (run.status !== 0 || !seconds || !kib) return `sqlite3 -csv failed: ${run.stderr.trim()}`;
  return (
    `sqlite3 -csv, same columns and rows: ${mb(statSync(out).size).toFixed(1)} MB in ` +
    `${Number(seconds).toFixed(1)} s, peak RSS ${(Number(kib) / 1024).toFixed(0)} MB`
  );
}

async function measure(format: ExportFormat) {
  const path = join(cache.dir, `large.${format}`);
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  const result = await exportSessionsToFile(
    cache.store.reader,
    { selection: { filter: {} }, format, columns: 'all' },
    path,
    { onProgress: sample, progressIntervalMs: 0 },
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  sample();
  const growth = mb(peak - baseline);
  console.log(
    `${format}: ${result.rows} sessions × ${result.columns.length} columns, ` +
      `${mb(statSync(path).size).toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
      `(${Math.round(result.rows / seconds)} rows/s); RSS ${mb(baseline).toFixed(0)} MB → peak ` +
      `${mb(peak).toFixed(0)} MB (+${growth.toFixed(1)} MB)\n` +
      `  ${sqliteBaseline(result.columns)}`,
  );
  expect(result.rows).toBe(COUNT);
  expect(growth).toBeLessThan(RSS_BOUND_MB);
}

describe(`export of ${COUNT} sessions`, () => {
  it('to CSV keeps memory flat', () => measure('csv'), 120_000);
  it('to XLSX keeps memory flat', () => measure('xlsx'), 120_000);
});
