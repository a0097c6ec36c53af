import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

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
  id: number;
  ids?: string | null;
  vocabulary?: Vocabulary;
  error?: string;
}

type Ask = { expression: string } | { minRows: number };

// CommonJS run by the worker (eval): no file of its own to bundle, so it works the same from the
// sources (tests, tsx) and from the built engine worker (as ../../store/background-integrity-check.ts).
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
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, modulePath } });
  // Building postings never keeps a process alive on its own.
  worker.unref();
  const pending = new Map<
    number,
    { resolve: (reply: Reply) => void; reject: (error: Error) => void }
  >();
  let next = 0;
  let closed = false;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.error !== undefined) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => {
    closed = true;
    failAll(new Error('The full-text lister stopped.'));
  });
  const ask = (request: Ask): Promise<Reply> => {
    if (closed) return Promise.reject(new Error('The full-text lister stopped.'));
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  };
  return {
    async list(expression) {
      return (await ask({ expression })).ids ?? null;
    },
    async vocabulary(minRows) {
      const reply = await ask({ minRows });
      return reply.vocabulary ?? { terms: [], heads: [] };
    },
    close() {
      if (closed) return;
      closed = true;
      void worker.terminate();
    },
  };
}
