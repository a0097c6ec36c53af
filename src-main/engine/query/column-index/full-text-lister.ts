import { startCacheReadWorker } from '../cache-read-worker';

// FTS5 lists the rows of a very common term in one call that cannot be split: "free" (450,000
// sessions) takes 70–110 ms, "co*" up to 240 ms at a million sessions, and a later rowid range
// costs nearly as much as the whole (FTS5 reads the doclist from its start). On the engine's
// thread each such call held every request behind it, several times over a few seconds after
// each reload of the column index (a filter click then waited for its chart), and so did
// reading the vocabulary (every term's row count: a scan of the whole index). So both run
// here, on a read-only connection of the worker's own, and only their results cross back.
//
// The worker reads the latest commit, not the column snapshot's: a posting read after a commit
// belongs to a snapshot that is no longer current, and such a snapshot never answers again
// (./session-index.ts), so it is never used.

/** What the index's vocabulary (cache migration 009) says is common. */
export interface Vocabulary {
  /** Terms in at least the asked number of rows. */
  terms: { term: string; doc: number }[];
  /** Every term's first three characters, with the rows of the terms they begin summed. */
  heads: { head: string; doc: number }[];
}

export interface FullTextLister {
  /** The row ids FTS5 matches for `expression`, as group_concat text (null: none). */
  list(expression: string): Promise<string | null>;
  /** Reads the vocabulary (a scan of the whole full-text index: seconds at a million sessions). */
  vocabulary(minRows: number): Promise<Vocabulary>;
  /** Stops the worker; pending lists reject. Idempotent. */
  close(): void;
}

interface Reply {
  ids?: string | null;
  vocabulary?: Vocabulary;
}

type Ask = { expression: string } | { minRows: number };

// Run by the worker (../cache-read-worker.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db = null;
parentPort.on('message', (request) => {
  const id = request.id;
  try {
    if (!db) db = new Database(workerData.path, { readonly: true, fileMustExist: true });
    if (request.expression !== undefined) {
      const ids = db
        .prepare('SELECT group_concat(rowid) FROM session_fts WHERE session_fts MATCH ?')
        .pluck()
        .get(request.expression);
      parentPort.postMessage({ id, ids: ids ?? null });
      return;
    }
    const terms = db
      .prepare('SELECT term, doc FROM session_fts_vocab WHERE doc >= ?')
      .all(request.minRows);
    const heads = db
      .prepare('SELECT substr(term, 1, 3) AS head, sum(doc) AS doc FROM session_fts_vocab GROUP BY head')
      .all();
    parentPort.postMessage({ id, vocabulary: { terms, heads } });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/** Starts a worker that lists full-text matches of the cache file at `path`. */
export function startFullTextLister(path: string): FullTextLister {
  const worker = startCacheReadWorker<Ask, Reply>(WORKER_SOURCE, path, 'full-text lister');
  return {
    async list(expression) {
      return (await worker.ask({ expression })).ids ?? null;
    },
    async vocabulary(minRows) {
      const reply = await worker.ask({ minRows });
      return reply.vocabulary ?? { terms: [], heads: [] };
    },
    close: () => worker.close(),
  };
}
