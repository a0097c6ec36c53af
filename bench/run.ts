import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { readBenchOptions, CACHE_PARTS, type BenchmarkName } from './bench-options';
import { describeMachine } from './machine';
import { ensureLargeCache, LARGE_CACHE_NOW, type LargeCache } from './large-cache';
import type { PartContext } from './part-context';
import { formatRatioTable, verdict } from './ratio-table';
import { RESULT_PREFIX, type PartResult } from './part-context';

// `npm run bench -- [options] [parts]`: each part runs in its own process and prints ratios
// against a baseline measured in the same run (median and p95); a figure that misses its budget
// is printed as MISSING. See bench/README.md.

let options;
try {
  options = readBenchOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

const started = performance.now();
const machine = describeMachine();
console.log(`Session Desk benchmarks: ${options.only.join(', ')}`);
console.log(machine.lines.join('\n'));

let cache: LargeCache | null = null;
if (options.only.some((part) => CACHE_PARTS.includes(part))) {
  const building = performance.now();
  cache = ensureLargeCache({
    sessions: options.sessions,
    seed: options.seed,
    transcriptShare: options.transcriptShare,
    ...(options.cacheDir ? { dir: resolve(options.cacheDir) } : {}),
    log: (line) => console.log(line),
  });
  const size = `${options.sessions.toLocaleString('en')}-session cache`;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const took = seconds(performance.now() - building);
  const file = `(${(cache.facts.bytes / 2 ** 20).toFixed(0)} MB): ${cache.path}`;
  const upgrades = cache.facts.upgradedInMs
    ? `, upgraded to later schemas in ${seconds(cache.facts.upgradedInMs)} in all`
    : '';
  console.log(
    {
      generated: `Generated a ${size} in ${took} ${file}`,
      upgraded: `Upgraded the ${size} to this schema in ${took} ${file}`,
      reused: `Reusing the ${size} generated earlier in ${seconds(cache.facts.generatedInMs)}${upgrades} ${file}`,
    }[cache.made],
  );
}

const results: PartResult[] = [];
const failedParts: string[] = [];
for (const part of options.only) {
  const context: PartContext = {
    options,
    cache: cache && CACHE_PARTS.includes(part) ? { path: cache.path, facts: cache.facts } : null,
    now: LARGE_CACHE_NOW,
  };
  const result = await runPart(part, context);
  if (result) results.push(result);
  else failedParts.push(part);
}

const memory = results.map((result) => ({
  part: result.part,
  mb: result.peakRssMb,
  of: result.peakRssOf ?? 'the bench process running the engine',
}));
console.log('\nPeak RSS of the engine during each part');
for (const { part, mb, of } of memory) {
  const budget = part === 'export' ? (mb <= 300 ? '  ok (≤ 300 MB)' : '  MISSING (≤ 300 MB)') : '';
  console.log(`  ${part.padEnd(11)} ${mb.toFixed(0).padStart(5)} MB  (${of})${budget}`);
}
const missing = results.flatMap((result) =>
  result.tables.flatMap((table) =>
    table.rows
      .filter((row) => verdict(row)?.met === false)
      .map((row) => `${result.part}: ${row.case}: ${verdict(row)?.text}`),
  ),
);
for (const part of failedParts) missing.push(`${part}: the part failed, nothing measured: MISSING`);
const exportRss = memory.find((m) => m.part === 'export');
if (exportRss && exportRss.mb > 300)
  missing.push(`export: peak RSS ${exportRss.mb.toFixed(0)} MB: MISSING (≤ 300 MB)`);
console.log(
  missing.length === 0
    ? '\nEvery figure within its budget.'
    : `\n${missing.length} figure(s) MISSING their budget:\n${missing.map((m) => `  ${m}`).join('\n')}`,
);
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

if (options.out) {
  const markdown = [
    `Machine: ${machine.lines.join('; ')}`,
    `Command: npm run bench -- ${process.argv.slice(2).join(' ')}`,
    ...results.flatMap((result) => [
      ...result.tables.map((table) => formatRatioTable(table)),
      ...result.notes,
    ]),
    '',
    '| part | engine peak RSS |',
    '|---|---|',
    ...memory.map(({ part, mb, of }) => `| ${part} | ${mb.toFixed(0)} MB (${of}) |`),
    '',
    missing.length === 0
      ? 'Every figure within its budget.'
      : `MISSING:\n${missing.map((m) => `- ${m}`).join('\n')}`,
  ].join('\n');
  writeFileSync(options.out, `${markdown}\n`);
}
if (failedParts.length > 0) process.exitCode = 1;

/** Runs one part in its own process, echoing its output; its result, or null if it failed. */
function runPart(part: BenchmarkName, context: PartContext): Promise<PartResult | null> {
  return new Promise((resolvePart) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, 'run-part.ts')],
      {
        env: { ...process.env, BENCH_PART: JSON.stringify({ part, context }) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let result: PartResult | null = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(RESULT_PREFIX)) {
        result = JSON.parse(line.slice(RESULT_PREFIX.length)) as PartResult;
      } else {
        console.log(line);
      }
    });
    child.on('close', (code) => {
      if (code !== 0 || !result) console.error(`The ${part} part failed (exit ${code}).`);
      resolvePart(code === 0 ? result : null);
    });
  });
}
