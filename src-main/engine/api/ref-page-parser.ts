import { Worker } from 'node:worker_threads';

// The tag walks of a full sync ask for pages of whole sessions (the filter endpoint has no way to
// ask for less) and read only each session's id and created_at. Parsing those pages was about a
// second of the engine thread's time in a 100,000-session sync, on the thread that also writes
// the sessions. Here a worker parses each page and hands back only what the walk reads; the
// engine still validates that against the same schema, so a bad page fails the same way.

/**
 * A page of POST /chat/sessions/filter cut down to what SessionRefPageSchema reads: each
 * element's id and created_at, and has_next. What is not shaped like a page is returned as it
 * is, so that validating the result names the same problem validating the page would. Runs in
 * the worker from its source text: it must use nothing from outside its body.
 */
export function refPageOf(page: unknown): unknown {
  if (page === null || typeof page !== 'object' || Array.isArray(page)) return page;
  const { data, has_next } = page as { data?: unknown; has_next?: unknown };
  if (!Array.isArray(data)) return { data, has_next };
  const refs = data.map((element: unknown) => {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) return element;
    const { id, created_at } = element as { id?: unknown; created_at?: unknown };
    return { id, created_at };
  });
  return { data: refs, has_next };
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const refPageOf = ${refPageOf.toString()};
parentPort.on('message', ({ id, text }) => {
  let page;
  try {
    page = JSON.parse(text);
  } catch (error) {
    parentPort.postMessage({ id, unparseable: String(error && error.message) });
    return;
  }
  parentPort.postMessage({ id, page: refPageOf(page) });
});
`;

interface Reply {
  id: number;
  page?: unknown;
  unparseable?: string;
}

interface Pending {
  text: string;
  resolve: (page: unknown) => void;
  reject: (error: Error) => void;
}

/** Parses the pages of one process's tag walks; one worker for all of them, started when needed. */
class RefPageParser {
  private worker: Worker | null = null;
  /** Set once the worker has failed: pages are then parsed on the calling thread. */
  private broken = false;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  parse(text: string): Promise<unknown> {
    const worker = this.broken ? null : (this.worker ?? this.start());
    if (worker === null) return Promise.resolve().then(() => refPageOf(JSON.parse(text)));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      // A page being parsed keeps the process alive, as its request did; an idle worker does not.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { text, resolve, reject });
      worker.postMessage({ id, text });
    });
  }

  private start(): Worker | null {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch {
      this.broken = true;
      return null;
    }
    worker.on('message', (reply: Reply) => this.settle(reply));
    // A worker that fails takes no page with it: what it held is parsed here instead.
    const fallBack = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.broken = true;
      const orphans = [...this.pending.values()];
      this.pending.clear();
      for (const { text, resolve, reject } of orphans) {
        try {
          resolve(refPageOf(JSON.parse(text)));
        } catch (error) {
          reject(error as Error);
        }
      }
    };
    worker.on('error', fallBack);
    worker.on('exit', fallBack);
    // After the listeners: attaching a 'message' listener refs the worker again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.unparseable !== undefined) waiting.reject(new SyntaxError(reply.unparseable));
    else waiting.resolve(reply.page);
  }
}

const parser = new RefPageParser();

/**
 * The body of a filter page, parsed off the engine's thread and cut down to the sessions' ids
 * and created_at (refPageOf). Rejects with a SyntaxError when the body is not JSON.
 */
export function parseRefPage(text: string): Promise<unknown> {
  return parser.parse(text);
}
