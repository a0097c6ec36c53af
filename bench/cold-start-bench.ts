import { spawn } from 'node:child_process';
import type { SessionsPage } from '../src-shared/contract/results';
import { openAccountSession } from '../src-main/engine/service/account-session';
import { createReadOnlyEngine } from '../src-main/engine/service/read-only-engine';
import Database from 'better-sqlite3';
import { ENGINE_CACHE_KIB, openEngineUnderTest } from './engine-under-test';
import { loadNow } from './machine';
import { measure, summarise, type Timing } from './measure';
import { needCache, type PartContext } from './part-context';
import type { RatioRow } from './ratio-table';
import type { PartOutcome } from './part-context';
import type { RecordedStatement } from './recording-reader';

/**
 * Engine cold start: from opening the account's cache as the app does (openAccountSession: the
 * writer lock, identity check, integrity check as configured, migrations, statements) to the
 * first page of sessions.list answered, against sqlite3 started on the same file and answering
 * the same statements. The file is in the OS page cache (the machine is shared: dropping it is
 * not ours to do); SQLite's own page cache starts empty each run. Budget: ≤ 1 s (p95).
 */
export async function runColdStartBench(context: PartContext): Promise<PartOutcome> {
  const { path, facts } = needCache(context);
  // The statements of the first page, for the baseline.
  const probe = openEngineUnderTest(path, context.now);
  const { statements } = await probe.recorded<SessionsPage>('sessions.list', {});
  await probe.close();

  const runs = context.options.slowRuns;
  const engineSamples: number[] = [];
  const cliSamples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const engineMs = await coldStart(path, context.now);
    const cliMs = await cliColdStart(path, statements);
    if (i === 0) continue; // warm-up: module loading, JIT
    engineSamples.push(engineMs);
    cliSamples.push(cliMs);
  }
  // What the integrity check alone costs on this file, wherever it runs.
  const check = measure(
    () => {
      const db = new Database(path, { readonly: true });
      const result = db.pragma('quick_check', { simple: true });
      db.close();
      return result;
    },
    { warmup: 0, runs: 1 },
  );
  const checkMs = check.medianMs;
  const engine = summarise(engineSamples);
  const cli = summarise(cliSamples);
  const rows: RatioRow[] = [
    {
      case: `open + first page, ${facts.sessions.toLocaleString('en')} sessions`,
      baseline: cli,
      subject: engine,
      ratio: engine.medianMs / cli.medianMs,
      budget: { kind: 'p95-ms', max: 1000 },
      note: `load ${loadNow()}`,
    },
    {
      case: 'PRAGMA quick_check alone (not in the path above if deferred)',
      baseline: null,
      subject: single(checkMs),
      ratio: null,
      note: `${(facts.bytes / 2 ** 20).toFixed(0)} MB file`,
    },
  ];
  return {
    tables: [
      {
        title: 'Cold start: opening the cache to the first sessions.list page answered',
        subject: 'engine',
        baseline: 'sqlite3',
        ratioMeaning:
          'engine / sqlite3 started on the file answering the same statements (process start included)',
        runs,
        rows,
      },
    ],
  };
}

function single(ms: number): Timing {
  return { medianMs: ms, p95Ms: ms, runs: 1 };
}

/** The app's path: open the account session, then answer the list's first page. */
async function coldStart(path: string, now: number): Promise<number> {
  const started = performance.now();
  const session = openAccountSession({
    account: { id: 'bench', base_url: 'http://127.0.0.1:9', scope_days: null },
    cacheFile: path,
    tokenProvider: { getToken: () => Promise.resolve('unused') },
    fetch: () => Promise.reject(new Error('offline')),
    requestsPerMinute: 100,
    now: () => now,
    onProgress: () => undefined,
    program: 'Session Desk bench',
    // As the app opens an account (active-account.ts).
    integrityCheck: 'background',
    columnIndex: true,
  });
  try {
    const engine = createReadOnlyEngine(
      () => ({ ...session.store, close: () => undefined }),
      () => now,
      undefined,
      () => session.index?.current() ?? null,
    );
    const result = await engine.dispatch('sessions.list', {});
    if (!result.ok) throw new Error(result.error.message);
    return performance.now() - started;
  } finally {
    session.close();
  }
}

/** sqlite3 started on the file, answering the same statements: spawn to last byte. */
function cliColdStart(path: string, statements: readonly RecordedStatement[]): Promise<number> {
  const script = statements
    .map((statement) =>
      [
        '.param clear',
        ...statement.params.map(
          (value, i) =>
            `.param set ?${i + 1} ${typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value)}`,
        ),
        `${statement.sql.replace(/\s+/g, ' ')};`,
      ].join('\n'),
    )
    .join('\n');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'sqlite3',
      ['-batch', '-readonly', '-cmd', `PRAGMA cache_size = -${ENGINE_CACHE_KIB}`, path],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`sqlite3 exit ${code}`)),
    );
    child.stdin.end(`${script}\n`);
  });
}
