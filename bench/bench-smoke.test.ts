import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Every part of `npm run bench` at tiny sizes, so the benchmarks never rot: each must complete and
// print its table. No timing is asserted (the figures of a 300-session cache mean nothing).

const root = resolve(import.meta.dirname, '..');
const cacheDir = mkdtempSync(join(tmpdir(), 'session-desk-bench-smoke-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolveRun({ code, output }));
  });
}

describe('npm run bench at tiny sizes', () => {
  it('runs every part to its table', async () => {
    const { code, output } = await runBench([
      '--sessions',
      '300',
      '--sync-sessions',
      '150',
      '--runs',
      '2',
      '--slow-runs',
      '1',
      '--clicks',
      '1',
      '--cache-dir',
      cacheDir,
    ]);
    expect(output, output).not.toMatch(/part failed/);
    expect(code, output).toBe(0);
    for (const title of [
      'List: sessions.list page of 100 + total, 300 cached sessions',
      'Facets: sessions.facets',
      'Full-text search: sessions.list with q',
      'Cold start: opening the cache to the first sessions.list page answered',
      'Sync: full sync of 150 sessions',
      'Export: 300 cached sessions to a file',
      'UI: Chromium on the web host, 300 cached sessions',
      'Peak RSS of the engine during each part',
    ]) {
      expect(output).toContain(title);
    }
    // Every table has rows, and every budgeted figure a verdict.
    expect(output).toMatch(/\| no filter +\|/);
    expect(output).toMatch(/ok \(|MISSING \(/);
  }, 600_000);

  it('refuses an unknown part in a sentence', async () => {
    const { code, output } = await runBench(['--quick', 'nonsense']);
    expect(code).toBe(2);
    expect(output).toContain('Unknown benchmark "nonsense"');
  }, 60_000);
});
