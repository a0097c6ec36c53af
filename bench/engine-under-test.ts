import type { CallResult } from '../src-shared/contract/app-error';
import type { Dispatch } from '../src-main/engine/contract/dispatcher';
import { openCacheStore, type CacheStore } from '../src-main/engine/store/cache-store';
import type { CacheReads } from '../src-main/engine/store/cache/cache-reads';
import {
  openCacheReader,
  type ReadOnlyCache,
} from '../src-main/engine/store/cache/open-cache-reader';
import { createReadOnlyEngine } from '../src-main/engine/service/read-only-engine';
import { SessionIndex } from '../src-main/engine/query/column-index/session-index';
import Database from 'better-sqlite3';
import { recordingReads, type RecordedStatement } from './recording-reader';
import { SqliteCli, SqliteCliError, type CliRun, type CliValue } from './sqlite-cli';

/** The page cache the app's cache connection has (cache-store.ts: 64 MiB). */
export const ENGINE_CACHE_KIB = 64 * 1024;

/**
 * The service API over one cache file, as the app serves it: the contract's validating
 * dispatcher and session handlers over the writer's connection (the app reads through its
 * writer). `recorded` calls the same handlers over a reader that records every statement, for
 * the sqlite3 baseline.
 */
export interface EngineUnderTest {
  store: CacheReads & { close(): void };
  call<T>(channel: string, input: unknown): Promise<T>;
  recorded<T>(
    channel: string,
    input: unknown,
  ): Promise<{ value: T; statements: RecordedStatement[] }>;
  cli: SqliteCli;
  /**
   * The same SQL on a plain better-sqlite3 connection (the engine's SQLite, no service around
   * it): the floor where Debian's sqlite3 cannot read the file's FTS5 table.
   */
  raw: SqlRunner;
  /**
   * Resolves when the in-memory column index (as the app keeps it) is loaded, with how long
   * that took in ms; until then `call` is answered by SQL alone. Resolves at once without one.
   */
  ready(): Promise<number>;
  /**
   * Makes the next call a first ask: the column index forgets the matches and side-table row
   * lists it keeps for the next page of the same filter, so a time is that of a new filter.
   */
  forgetKept(): void;
  close(): Promise<void>;
}

/** Statements run on a plain better-sqlite3 connection, timed, rows as `|`-joined lines. */
export function plainRunner(db: Database.Database): SqlRunner {
  return {
    run(sql, params) {
      const started = performance.now();
      const rows = db
        .prepare(sql)
        .raw(true)
        .all(...params) as unknown[][];
      const ms = performance.now() - started;
      return Promise.resolve({ ms, lines: rows.map((row) => row.join('|')) });
    },
  };
}

/** Something that runs one statement with bound values and says how long it took. */
export interface SqlRunner {
  run(sql: string, params: readonly CliValue[]): Promise<CliRun>;
}

export function openEngineUnderTest(
  path: string,
  now: number,
  options: { readOnly?: boolean; columnIndex?: boolean } = {},
): EngineUnderTest {
  const store = options.readOnly ? readOnlyStore(path) : openStore(path);
  const opened = performance.now();
  // The service as the app runs it (account-session.ts): with the column index. The recorder
  // below runs without it, so its statements are what SQLite alone needs for the same answer.
  const index =
    options.columnIndex === false
      ? null
      : new SessionIndex(openCacheReader(path), store.reader, { delayMs: 0 });
  const plain = createReadOnlyEngine(
    () => ({ ...store, close: () => undefined }),
    () => now,
    undefined,
    () => index?.current() ?? null,
  );
  const recording = recordingReads(store);
  const recorder = createReadOnlyEngine(
    () => ({ ...recording.reads, close: () => undefined }),
    () => now,
  );
  const cli = SqliteCli.open(path, ENGINE_CACHE_KIB);
  const rawDb = new Database(path, { readonly: true });
  rawDb.pragma(`cache_size = -${ENGINE_CACHE_KIB}`);
  const raw = plainRunner(rawDb);
  return {
    store,
    call: (channel, input) => unwrap(plain.dispatch, channel, input),
    async recorded(channel, input) {
      recording.take();
      const value = await unwrap<never>(recorder.dispatch, channel, input);
      return { value, statements: recording.take() };
    },
    cli,
    raw,
    forgetKept() {
      index?.current()?.forget();
    },
    async ready() {
      if (!index) return 0;
      await index.whenCurrent();
      return performance.now() - opened;
    },
    async close() {
      index?.close();
      await cli.close();
      rawDb.close();
      store.close();
    },
  };
}

function openStore(path: string): CacheStore {
  return openCacheStore(path, { program: 'Session Desk bench', integrityCheck: 'background' })
    .store;
}

/** Without the writer lock (for manual tools that run beside a benchmark), same page cache. */
function readOnlyStore(path: string): ReadOnlyCache {
  const cache = openCacheReader(path);
  (cache.reader as unknown as Database.Database).pragma(`cache_size = -${ENGINE_CACHE_KIB}`);
  return cache;
}

async function unwrap<T>(dispatch: Dispatch, channel: string, input: unknown): Promise<T> {
  const result = (await dispatch(channel, input)) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Runs recorded statements one by one; returns the summed time and each one's rows. */
export async function runStatements(
  runner: SqlRunner,
  statements: readonly RecordedStatement[],
): Promise<{ ms: number; lines: string[][] }> {
  let ms = 0;
  const lines: string[][] = [];
  for (const statement of statements) {
    const run = await runner.run(statement.sql, statement.params);
    ms += run.ms;
    lines.push(run.lines);
  }
  return { ms, lines };
}

export interface Baseline {
  runner: SqlRunner;
  /** What ran the statements, for the table's note. */
  name: 'sqlite3' | 'better-sqlite3';
  /** The first run's rows, to check both answers agree. */
  lines: string[][];
  /** Why the sqlite3 command line could not be the baseline, if it could not. */
  fallback: string | null;
}

/**
 * The sqlite3 command line as the baseline for `statements`, or, where it cannot read what they
 * touch (Debian 12's sqlite3 3.40 predates FTS5's contentless_delete, 3.43), the same statements
 * on a plain better-sqlite3 connection, with the reason.
 */
export async function chooseBaseline(
  engine: EngineUnderTest,
  statements: readonly RecordedStatement[],
): Promise<Baseline> {
  try {
    const { lines } = await runStatements(engine.cli, statements);
    return { runner: engine.cli, name: 'sqlite3', lines, fallback: null };
  } catch (error) {
    if (!(error instanceof SqliteCliError)) throw error;
    const { lines } = await runStatements(engine.raw, statements);
    return { runner: engine.raw, name: 'better-sqlite3', lines, fallback: error.said };
  }
}

/** The note for a row whose baseline is not the sqlite3 command line. */
export function baselineNote(baseline: Baseline): string {
  return baseline.fallback ? '; floor: better-sqlite3 †' : '';
}

/** The footnote explaining †, for tables that used it. */
export const FALLBACK_FOOTNOTE =
  "† Debian 12's sqlite3 (3.40) cannot read the cache's FTS5 table (contentless_delete needs SQLite 3.43), so these statements ran on a plain better-sqlite3 connection to the same file (the engine's SQLite, without the service around it).";
