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
const utf8 = new TextDecoder('utf-8');
parentPort.on('message', ({ id, body }) => {
  const text = typeof body === 'string' ? body : utf8.decode(body);
  let page;
  try {
    page = JSON.parse(text);
  } catch (error) {
    parentPort.postMessage({ id, unparseable: String(error && error.message), blank: text.trim() === '' });
    return;
  }
  parentPort.postMessage({ id, page: refPageOf(page) });
});
`;

/** A body that is not JSON; `blank` when it held nothing but white space. */
export class UnparseableBody extends SyntaxError {
  constructor(
    message: string,
    readonly blank: boolean,
  ) {
    super(message);
    this.name = 'UnparseableBody';
  }
}

interface Reply {
  id: number;
  page?: unknown;
  unparseable?: string;
  blank?: boolean;
}

interface Pending {
  resolve: (page: unknown) => void;
  reject: (error: Error) => void;
}

/** UTF-8 as fetch's text() reads it: a stray byte as U+FFFD, a leading BOM dropped. */
const utf8 = new TextDecoder('utf-8');

/** The page parsed on the calling thread: for when no worker can be had. */
function parseHere(body: string | ArrayBuffer): unknown {
  const text = typeof body === 'string' ? body : utf8.decode(body);
  try {
    return refPageOf(JSON.parse(text));
  } catch (error) {
    throw new UnparseableBody((error as Error).message, text.trim() === '');
  }
}

/** Parses the pages of one process's tag walks; one worker for all of them, started when needed. */
class RefPageParser {
  private worker: Worker | null = null;
  /** Set once the worker has failed: pages are then parsed on the calling thread. */
  private broken = false;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  parse(body: string | ArrayBuffer): Promise<unknown> {
    const worker = this.broken ? null : (this.worker ?? this.start());
    if (worker === null) return Promise.resolve().then(() => parseHere(body));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      // A page being parsed keeps the process alive, as its request did; an idle worker does not.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      // Bytes move to the worker without a copy (the caller gave them up).
      worker.postMessage({ id, body }, typeof body === 'string' ? [] : [body]);
    });
  }

  private start(): Worker | null {
    let worker: Worker;
    try {
      // CommonJS whatever flags the process was started with (--input-type=module would make
      // an eval'd worker a module, without require).
      worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    } catch {
      this.broken = true;
      return null;
    }
    worker.on('message', (reply: Reply) => this.settle(reply));
    // The pages a failed worker held are gone with it (their bytes were moved there): they fail
    // as garbled bodies, which the client asks for again, and later pages are parsed here.
    const fallBack = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.broken = true;
      const orphans = [...this.pending.values()];
      this.pending.clear();
      for (const { reject } of orphans) {
        reject(new UnparseableBody('The page parser stopped before reading the page.', false));
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
    if (reply.unparseable !== undefined) {
      waiting.reject(new UnparseableBody(reply.unparseable, reply.blank === true));
    } else {
      waiting.resolve(reply.page);
    }
  }
}

const parser = new RefPageParser();

/**
 * A filter page's body (its text, or its bytes, which are moved to the worker and so no longer
 * usable by the caller), parsed off the engine's thread and cut down to the sessions' ids and
 * created_at (refPageOf). Rejects with UnparseableBody when the body is not JSON.
 */
export function parseRefPage(body: string | ArrayBuffer): Promise<unknown> {
  return parser.parse(body);
}
