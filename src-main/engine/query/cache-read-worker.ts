import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The engine's read-only helpers on threads of their own (the full-text lister, the facet
// worker): a worker runs CommonJS from a string (eval: no file of its own to bundle, so it works
// the same from the sources under tsx and vitest and from the built engine worker), opens the
// cache file read-only with better-sqlite3 (workerData.path, workerData.modulePath), and answers
// each request, which carries an `id`, with a reply carrying the same `id` and either its
// result or an `error` message.

export interface CacheReadWorker<Request extends object, Reply extends object> {
  /** Sends `request` and waits for its reply; rejects with the worker's error message. */
  ask(request: Request): Promise<Reply>;
  /** Stops the worker; pending requests reject. Idempotent. */
  close(): void;
}

/** Starts a worker running `source` on the cache file at `path`; `name` says it in errors. */
export function startCacheReadWorker<Request extends object, Reply extends object>(
  source: string,
  path: string,
  name: string,
): CacheReadWorker<Request, Reply> {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  // CommonJS whatever flags the process was started with (--input-type=module would make an
  // eval'd worker a module, without require).
  const worker = new Worker(source, { eval: true, execArgv: [], workerData: { path, modulePath } });
  const stopped = () => new Error(`The ${name} stopped.`);
  const pending = new Map<
    number,
    { resolve: (reply: Reply) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  let closed = false;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: Reply & { id: number; error?: string }) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.error !== undefined) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => {
    closed = true;
    failAll(stopped());
  });
  // Read-only helpers never keep a process alive on their own. After the listeners: attaching a
  // 'message' listener refs the worker again.
  worker.unref();
  return {
    ask(request) {
      if (closed) return Promise.reject(stopped());
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...request, id });
      });
    },
    close() {
      if (closed) return;
      closed = true;
      void worker.terminate();
    },
  };
}
