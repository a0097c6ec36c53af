import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempCache } from '../store/testing/temp-dir';
import { generateSessions } from '../store/testing/make-session';
import type { CacheStore } from '../store/cache-store';
import { exportSessionsToFile } from './export-sessions';
import type { ExportFormat } from './export-format';

// 100,000 sessions to CSV and XLSX: memory stays flat (the export streams batch by batch).
// Separate from the quick tests: `sh scripts/with-keyring.sh npx vitest run --project node
// src-main/engine/export/export-large.test.ts`. Prints peak RSS growth and time; asserts only
// the memory bound (a property), never a time.

const COUNT = 100_000;
const RSS_BOUND_MB = 150;

let cache: { store: CacheStore; dir: string; dispose: () => void };

beforeAll(() => {
  cache = openTempCache();
  const chunk = 10_000;
  for (let seed = 0; seed < COUNT / chunk; seed++) {
    const { sessions } = generateSessions(chunk, 1000 + seed);
    for (let i = 0; i < sessions.length; i += 1000) {
      cache.store.upsertSessions(sessions.slice(i, i + 1000), '2026-01-01T00:00:00.000Z');
    }
  }
  expect(cache.store.countSessions()).toBe(COUNT);
}, 120_000);

afterAll(() => cache.dispose());

async function measure(format: ExportFormat) {
  const mb = (bytes: number) => bytes / 1024 / 1024;
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
    `${format}: ${result.rows} sessions, ${result.columns.length} columns, ` +
      `${mb(statSync(path).size).toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
      `(${Math.round(result.rows / seconds)} rows/s); RSS ${mb(baseline).toFixed(0)} MB → peak ` +
      `${mb(peak).toFixed(0)} MB (+${growth.toFixed(1)} MB)`,
  );
  expect(result.rows).toBe(COUNT);
  expect(growth).toBeLessThan(RSS_BOUND_MB);
}

describe(`export of ${COUNT} sessions`, () => {
  it('to CSV keeps memory flat', () => measure('csv'), 120_000);
  it('to XLSX keeps memory flat', () => measure('xlsx'), 120_000);
});
