import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// FTS5 lists the rows of a very common term in one call that cannot be split: "free" (450,000
// sessions) takes 70–110 ms, "co*" up to 240 ms at a million sessions, and a later rowid range
// costs nearly as much as the whole (FTS5 reads the doclist from its start). On the engine's
// thread each such call held every request behind it, several times over a few seconds after
// each reload of the column index (a filter click then waited for its chart). So the term
// postings are listed here, on a read-only connection of the cache's own in a worker thread,
// and only the text of row ids crosses back.
//
// The worker reads the latest commit, not the column snapshot's: a posting read after a commit
// belongs to a snapshot that is no longer current, and such a snapshot never answers again
// (./session-index.ts), so it is never used.

export interface FullTextLister {
  /** The row ids FTS5 matches for `expression`, as group_concat text (null: none). */
  list(expression: string): Promise<string | null>;
  /** Stops the worker; pending lists reject. Idempotent. */
  close(): void;
}

interface Reply {
  id: number;
  ids?: string | null;
  error?: string;
}

// CommonJS run by the worker (eval): no file of its own to bundle, so it works the same from the
// sources (tests, tsx) and from the built engine worker (as ../../store/background-integrity-check.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db = null;
let statement = null;
parentPort.on('message', ({ id, expression }) => {
  try {
    if (!db) {
      db = new Database(workerData.path, { readonly: true, fileMustExist: true });
      statement = db
        .prepare('SELECT group_concat(rowid) FROM session_fts WHERE session_fts MATCH ?')
        .pluck();
    }
    parentPort.postMessage({ id, ids: statement.get(expression) ?? null });
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
    { resolve: (ids: string | null) => void; reject: (error: Error) => void }
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
    else waiting.resolve(reply.ids ?? null);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => {
    closed = true;
    failAll(new Error('The full-text lister stopped.'));
  });
  return {
    list(expression) {
      if (closed) return Promise.reject(new Error('The full-text lister stopped.'));
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, expression });
      });
    },
    close() {
      if (closed) return;
      closed = true;
      void worker.terminate();
    },
  };
}
