import { dataVersion, type CacheReader } from '../../store/cache/cache-handles';
import { loadColumnSnapshot } from './column-snapshot';
import { IndexedQueries } from './indexed-queries';

// The in-memory column index of one open cache, and when it may be used. It is a copy of one
// snapshot; `PRAGMA data_version` on its own connection changes as soon as any other connection
// (the app's writer, a CLI sync in another process) commits, and from then on the copy is not
// used: SQLite answers, as it always can. Once the cache has been quiet for a poll interval the
// copy is loaded again in the background. So a sync never waits for the index, and the index
// never answers for data it does not hold.

export interface IndexConnection {
  /** A read-only connection to the cache that nothing else uses. */
  reader: CacheReader;
  close(): void;
}

export interface SessionIndexOptions {
  /** How often to look for changes (and, after a quiet interval, reload). Default 500 ms. */
  pollMs?: number;
  /**
   * Wait this long after opening before the first load, so that the first answers (SQLite's)
   * do not queue behind it. Default 2 s.
   */
  delayMs?: number;
  /**
   * Start the first load once this settles instead, however long that takes (the app: once the
   * window's first calls are answered, engine/service/call-activity.ts).
   */
  after?: Promise<void>;
  /** Told when loading fails; the index then stays off and SQLite answers everything. */
  onError?: (error: unknown) => void;
  /** Told each time a current copy is in place: how many sessions, and how long loading took. */
  onLoaded?: (facts: { rows: number; ms: number }) => void;
}

/** Failed loads in a row after which the index stays off for the life of this cache. */
const MAX_FAILURES = 3;

export class SessionIndex {
  private queries: IndexedQueries | null = null;
  private loading = false;
  private closed = false;
  private failures = 0;
  /** The data_version seen by the last poll, to tell a quiet cache from a busy one. */
  private lastSeen: number | null = null;
  private readonly poll: NodeJS.Timeout;
  private readonly start: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];

  /**
   * `connection` is the index's own; `answering` is the connection that answers with it (the
   * page's documents, side-table clauses), which sees the cache's latest commit.
   */
  constructor(
    private readonly connection: IndexConnection,
    private readonly answering: CacheReader,
    private readonly options: SessionIndexOptions = {},
  ) {
    this.poll = setInterval(() => this.look(), options.pollMs ?? 500);
    this.poll.unref();
    this.loading = true;
    if (options.after) {
      void options.after.then(() => {
        if (!this.closed) this.load();
      });
    } else {
      // Not unref'd: whoever waits for the index (whenCurrent) is kept waiting, not let exit.
      this.start = setTimeout(() => this.load(), options.delayMs ?? 2000);
    }
  }

  /** The index's queries while its copy is of the cache as it is now; else null. */
  current(): IndexedQueries | null {
    if (this.closed || this.loading || !this.queries) return null;
    if (dataVersion(this.connection.reader) !== this.queries.snapshot.version) {
      this.queries = null;
      return null;
    }
    return this.queries;
  }

  /** Resolves once a current copy is loaded (for tests and benchmarks). */
  whenCurrent(): Promise<void> {
    if (this.current()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    this.queries = null;
    if (!this.started) {
      if (this.start) clearTimeout(this.start);
      this.loading = false;
    }
    // A load in progress stops at its next slice and closes the connection itself.
    if (!this.loading) this.connection.close();
  }

  private look(): void {
    if (this.closed || this.loading || this.failures >= MAX_FAILURES) return;
    const version = dataVersion(this.connection.reader);
    if (this.queries && this.queries.snapshot.version === version) return;
    this.queries = null;
    // Reload once nothing has been committed for a whole interval.
    if (version === this.lastSeen) this.load();
    else this.lastSeen = version;
  }

  private started = false;

  private load(): void {
    this.started = true;
    this.loading = true;
    const started = performance.now();
    loadColumnSnapshot(this.connection.reader, { cancelled: () => this.closed })
      .then((snapshot) => {
        this.loading = false;
        if (this.closed) {
          this.connection.close();
          return;
        }
        this.failures = 0;
        const version = dataVersion(this.connection.reader);
        this.lastSeen = version;
        if (!snapshot || snapshot.version !== version) return;
        this.queries = new IndexedQueries(snapshot, this.answering);
        this.options.onLoaded?.({ rows: snapshot.rows, ms: performance.now() - started });
        const waiters = this.waiters;
        this.waiters = [];
        for (const resolve of waiters) resolve();
      })
      .catch((error: unknown) => {
        this.loading = false;
        this.failures++;
        if (this.closed) this.connection.close();
        this.options.onError?.(error);
      });
  }
}
