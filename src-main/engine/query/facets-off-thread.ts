import {
  FACET_FIELDS,
  type FacetBucket,
  type FacetCounts,
  type FacetField,
} from '../../../src-shared/contract/facet-counts';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import { startCacheReadWorker } from './cache-read-worker';
import { facetStatement, type FacetStatement } from './facets';
import { parseOrThrow } from './parse-or-throw';

// Until the in-memory column index has loaded (5-20 s after a million-session cache opens), or
// while a sync writes, SQLite counts the facets, and the team, assignee and tag facets join every
// matching session: 0.2-0.5 s each at a million sessions, seconds from a cold page cache. On the
// engine's thread each such statement held every call behind it: a page reloaded meanwhile
// waited for the previous page's facets before its list. Here the same statements (facets.ts,
// one per facet) run on a read-only connection of a worker's own, in one read transaction so
// that every facet counts the same snapshot, and only the buckets cross back. The worker reads
// the latest commit, not a sync's pages held on the engine's connection: until they commit, the
// counts lag the list by at most that commit window.

export interface FacetWorker {
  /**
   * Runs the statements `take` gives in order in one read transaction, starting none once
   * `budgetMs` has passed (the first always runs); null for those not run. One run at a time:
   * `take` is called when this run's turn comes, and its null (the work is no longer wanted)
   * skips the run, which then resolves null.
   */
  run(
    take: () => readonly FacetStatement[] | null,
    budgetMs: number,
  ): Promise<(FacetBucket[] | null)[] | null>;
  /** Stops the worker; pending runs reject. Idempotent. */
  close(): void;
}

// Run by the worker (cache-read-worker.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db = null;
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};
parentPort.on('message', (request) => {
  const id = request.id;
  try {
    if (!db) db = new Database(workerData.path, { readonly: true, fileMustExist: true });
    const started = performance.now();
    const results = [];
    db.exec('BEGIN');
    try {
      for (const { sql, params } of request.statements) {
        if (results.length > 0 && performance.now() - started >= request.budgetMs) {
          results.push(null);
          continue;
        }
        results.push(prepared(sql).all(...params));
      }
    } finally {
      db.exec('COMMIT');
    }
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/** Starts a worker that counts facets of the cache file at `path`. */
export function startFacetWorker(path: string): FacetWorker {
  const worker = startCacheReadWorker<
    { statements: readonly FacetStatement[]; budgetMs: number },
    { results?: (FacetBucket[] | null)[] }
  >(WORKER_SOURCE, path, 'facet worker');
  let closed = false;
  // Runs queue here rather than in the worker's message queue, so that each is decided when its
  // turn comes: facets asked for pages long gone (reloads while the index loads) would otherwise
  // go on being counted after the index answers.
  let turn: Promise<unknown> = Promise.resolve();
  const runNow = async (take: () => readonly FacetStatement[] | null, budgetMs: number) => {
    if (closed) throw new Error('The facet worker stopped.');
    const statements = take();
    if (statements === null) return null;
    return (await worker.ask({ statements, budgetMs })).results ?? [];
  };
  return {
    run(take, budgetMs) {
      const result = turn.then(() => runNow(take, budgetMs));
      turn = result.catch(() => undefined);
      return result;
    },
    close() {
      closed = true;
      worker.close();
    },
  };
}

/**
 * facetCounts (facets.ts) on `worker`: the same buckets, each facet by its own statement, the
 * facets in `fields` order until `budgetMs` has passed (the rest reported as skipped). When its
 * turn on the worker comes, `answeredElsewhere` is asked first (the column index, loaded
 * meanwhile), and what it gives is the answer.
 */
export async function facetCountsOffThread(
  worker: FacetWorker,
  filterInput: SessionFilter,
  now: number,
  options: {
    budgetMs?: number;
    fields?: readonly FacetField[];
    answeredElsewhere?: () => FacetCounts | null;
  } = {},
): Promise<FacetCounts> {
  const filter = parseOrThrow(SessionFilterSchema, filterInput, 'filter');
  const started = performance.now();
  const fields = options.fields ?? FACET_FIELDS;
  let elsewhere: FacetCounts | null = null;
  const results = await worker.run(() => {
    elsewhere = options.answeredElsewhere?.() ?? null;
    return elsewhere ? null : fields.map((field) => facetStatement(field, filter, now));
  }, options.budgetMs ?? 100);
  if (results === null) {
    if (elsewhere) return elsewhere;
    throw new Error('The facet worker skipped a run nobody took back.');
  }
  const facets: FacetCounts['facets'] = {};
  const skipped: FacetField[] = [];
  fields.forEach((field, i) => {
    const buckets = results[i];
    if (buckets) facets[field] = buckets;
    else skipped.push(field);
  });
  return { facets, skipped, elapsed_ms: performance.now() - started };
}
