import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// PRAGMA quick_check reads every page of the file: about 4 s per million cached sessions when
// the file is in the OS page cache, far longer when it is not. Run before the first answer, it
// kept the app blank for that long on every start. Here it runs on its own read-only connection
// in a worker thread, after the cache has opened and answered, one table (with its indexes) at a
// time so that cancelling waits at most for one table. A damaged cache is still found; the
// caller moves it aside and tells the user, as the check before opening did.

export type IntegrityVerdict =
  /** Every table and index passed quick_check. */
  | { kind: 'sound' }
  /** SQLite found damage: the file should be moved aside. */
  | { kind: 'damaged'; detail: string }
  /** Cancelled before it finished (the cache was closed). */
  | { kind: 'cancelled' }
  /** The check itself could not run (not a verdict on the file). */
  | { kind: 'failed'; message: string };

export interface BackgroundIntegrityCheck {
  /** Settles once, with the verdict; never rejects. */
  readonly verdict: Promise<IntegrityVerdict>;
  /** Stops the check (between two tables at the latest). Idempotent. */
  cancel(): void;
}

export interface IntegrityCheckOptions {
  /** Wait this long before starting, so the first answers are not slowed (default 0). */
  delayMs?: number;
  /** Start once this settles instead (the app: once the window's first calls are answered). */
  after?: Promise<void>;
}

// CommonJS run by the worker (eval): no file of its own to bundle, so it works the same from the
// sources (tests, tsx) and from the built engine worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const corrupt = (error) => {
  const code = error && error.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
};
let db = null;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all();
  let damage = null;
  for (const name of ['sqlite_schema', ...tables]) {
    const rows = db.pragma('quick_check("' + name.replace(/"/g, '""') + '")', { simple: false });
    const said = rows.map((row) => Object.values(row)[0]);
    if (said.length !== 1 || said[0] !== 'ok') {
      damage = name + ': ' + said.slice(0, 3).join('; ');
      break;
    }
  }
  parentPort.postMessage(damage === null ? { kind: 'sound' } : { kind: 'damaged', detail: damage });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  parentPort.postMessage(corrupt(error) ? { kind: 'damaged', detail: message } : { kind: 'failed', message });
} finally {
  if (db) db.close();
}
`;

/** Starts PRAGMA quick_check of the database at `path` off this thread. */
export function startIntegrityCheck(
  path: string,
  options: IntegrityCheckOptions = {},
): BackgroundIntegrityCheck {
  let settle!: (verdict: IntegrityVerdict) => void;
  let settled = false;
  const verdict = new Promise<IntegrityVerdict>((resolve) => {
    settle = (value) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
  });
  let worker: Worker | null = null;
  const start = () => {
    timer = null;
    if (settled) return;
    try {
      const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, modulePath } });
    } catch (error) {
      settle({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    // The check never keeps a process alive on its own.
    worker.unref();
    worker.once('message', (message: IntegrityVerdict) => settle(message));
    worker.once('error', (error) => settle({ kind: 'failed', message: error.message }));
    worker.once('exit', () => settle({ kind: 'cancelled' }));
  };
  let timer: NodeJS.Timeout | null = null;
  if (options.after) void options.after.then(start);
  else {
    timer = setTimeout(start, Math.max(0, options.delayMs ?? 0));
    timer.unref();
  }
  return {
    verdict,
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      settle({ kind: 'cancelled' });
      void worker?.terminate();
    },
  };
}
