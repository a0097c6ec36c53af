import { AppError } from '../../../src-shared/contract/app-error';
import type { SyncPhase, SyncProgress, SyncSummary } from '../../../src-shared/contract/results';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { systemClock } from '../api/clock';
import { runBackfillPass, type BackfillSummary } from './backfill-pass';
import { toApiFiltersInWindow } from '../api/filter-to-api';
import { NEWEST_FIRST, OLDEST_FIRST, PAGE_LIMIT, walkCreatedAt } from './created-at-pager';
import { withPageRetry, type PageRetryOptions } from './page-retry';
import { commitPages, forEachTagMembers, type PageCounters } from './page-walks';
import type { SyncSource, SyncStore } from './sync-ports';
import { startTagWalks } from './tag-walks-alongside';
import { FullPassSchema, IsoString, readState, STATE_KEYS, type FullPass } from './sync-state';

export interface SyncEngineOptions {
  source: SyncSource;
  store: SyncStore;
  now: () => number;
  /** Only sessions created in the last N days; null syncs everything. */
  scopeDays: number | null;
  /** How far before the watermark a delta reaches back, for clock skew between us and OpenCX. */
  overlapMs?: number;
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Retries of a page the client already gave up on (offline, 5xx, 429, garbled answers).
   * Default: 3 tries, 1 s then 2 s apart — with the client's own retries, an outage surfaces
   * as an error within about half a minute.
   */
  pageRetry?: Partial<PageRetryOptions>;
  /**
   * A sync becomes a full pass (the deletion sweep) when the last one is older than this.
   * Default: a day. Infinity leaves full passes to explicit requests.
   */
  fullSweepEveryMs?: number;
}

const DEFAULT_OVERLAP_MS = 5 * 60_000;
/** Tag membership walks at once (TagWalks.atOnce). */
const TAG_WALKS_AT_ONCE = 3;
/**
 * Requests left in the rate limit's window from which a full pass walks its tags alongside its
 * sessions: far more than a walk can use in a minute (a fast server answers a few thousand
 * pages a minute), so the tags take nothing the sessions wait for.
 */
const TAG_WALKS_ALONGSIDE_FROM_BUDGET = 10_000;
const DAY_MS = 24 * 3600_000;

/**
 * Full and delta sync (design.md, "Sync, in short"), and the backfill. Every page is written
 * with its resume point in one transaction (pages arriving within a second share one, written
 * as they arrive: commitPages), so a sync killed at any moment resumes where it
 * stopped; the watermark moves only after everything it vouches for is committed.
 *
 * Deletions: a deleted session no longer appears in any answer, so a delta cannot see it. They
 * are found by sweeps: a full pass marks deleted every cached session in its scope it did not
 * see (run() turns into one when the last is older than `fullSweepEveryMs`, a day by default),
 * and a forced backfill does the same for the sessions older than the scope (the service runs
 * one weekly); meanwhile a
 * deleted session lingers in the cache, and opening it (fetchSessionHistory: 404) removes it.
 */
export class SyncEngine {
  private readonly source: SyncSource;
  /** The seen_at stamp the sync running now writes, for a backfill starting meanwhile. */
  private runningSeenAt: string | null = null;
  private backfilling = false;
  /** How many indexes set aside the running full pass built beside its tag walks. */
  private indexesBuiltBeside = 0;

  constructor(private readonly options: SyncEngineOptions) {
    this.source = withPageRetry(options.source, {
      attempts: 3,
      baseDelayMs: 1_000,
      sleep: (ms, signal) => systemClock.sleep(ms, signal),
      ...options.pageRetry,
    });
  }

  /**
   * The background backfill of sessions created before the scope (see runBackfillPass). Run it
   * after a sync is current; it may overlap later syncs, since it only spends spare budget.
   * One at a time: a second call while one runs is refused with an error.
   */
  async runBackfill(request: { force: boolean }, signal: AbortSignal): Promise<BackfillSummary> {
    if (this.backfilling) throw new AppError('busy', 'A backfill is already running.');
    this.backfilling = true;
    try {
      return await runBackfillPass(
        {
          source: this.source,
          store: this.options.store,
          now: this.options.now,
          runningSyncSeenAt: () => this.runningSeenAt,
          report: (counters, eta) => this.report('backfill', counters, eta),
        },
        request,
        signal,
      );
    } finally {
      this.backfilling = false;
    }
  }

  /** A delta when a watermark exists and no full pass is unfinished; otherwise a full pass. */
  async run(request: { full: boolean }, signal: AbortSignal): Promise<SyncSummary> {
    const { store } = this.options;
    const resumable = readState(store.getSyncState(STATE_KEYS.fullPass), FullPassSchema);
    const watermark = readState(store.getSyncState(STATE_KEYS.watermark), IsoString);
    const lastFull = readState(store.getSyncState(STATE_KEYS.lastFullAt), IsoString);
    const sweepDue =
      lastFull !== null &&
      this.options.now() - Date.parse(lastFull) > (this.options.fullSweepEveryMs ?? DAY_MS);
    const mode = request.full || resumable || !watermark || sweepDue ? 'full' : 'delta';
    const startedAt = new Date(this.options.now()).toISOString();
    const counters = { sessions: 0, pages: 0 };
    this.indexesBuiltBeside = 0;
    try {
      if (mode === 'full') await this.fullPass(resumable, counters, signal);
      else await this.delta(watermark as string, counters, signal);
    } catch (error) {
      this.buildIndexesAfterFailure(counters);
      if (!signal.aborted) throw error;
      return this.summary(mode, counters, startedAt, true);
    } finally {
      this.runningSeenAt = null;
    }
    const built = this.buildDeferredIndexes(counters);
    if (mode === 'full' || built > 0) store.optimize();
    return this.summary(mode, counters, startedAt, false);
  }

  /**
   * Builds the indexes a first sync set aside (fullPass), whichever run comes next after one
   * was killed before building them: a cache is never left without them while no sync runs.
   */
  private buildDeferredIndexes(counters: PageCounters): number {
    // Counted on from those the pass built beside its tag walks, if any.
    const before = this.indexesBuiltBeside;
    return this.options.store.buildDeferredIndexes((built, of) =>
      this.report('indexing', counters, null, { done: before + built, total: before + of }),
    );
  }

  /**
   * A cancelled or failed sync still leaves the cache indexed (and its statistics current for
   * the indexes built), so the list stays quick until the next sync. The sync's own error is the
   * one to report: should building fail too, the next run builds them.
   */
  private buildIndexesAfterFailure(counters: PageCounters) {
    try {
      if (this.buildDeferredIndexes(counters) > 0) this.options.store.optimize();
    } catch {
      // Left to the next run (see above).
    }
  }

  private async fullPass(resumed: FullPass | null, counters: PageCounters, signal: AbortSignal) {
    const { store, now } = this.options;
    const scopeFrom = this.options.scopeDays
      ? new Date(now() - this.options.scopeDays * DAY_MS).toISOString()
      : null;
    let pass: FullPass = resumed ?? {
      started_at: new Date(now()).toISOString(),
      scope_from: scopeFrom,
      position: { from: null, page: 1 },
      sessions_done: false,
      tags_done: [],
    };
    const scope: SessionFilter = pass.scope_from ? { created_at: { from: pass.scope_from } } : {};
    this.runningSeenAt = pass.started_at;
    // Into an empty cache, every session is an insert: most indexes are built once at the end
    // (run) rather than entry by entry (store/cache/deferred-indexes.ts).
    store.deferIndexesIfEmpty();

    // A new cache: one page of the newest sessions before the oldest-first walk, so the list
    // shows current sessions within a second instead of three-month-old ones. The walk fetches
    // them again in their turn (counted there).
    if (!resumed && store.getSyncState(STATE_KEYS.watermark) === null) {
      const newest = await this.source.filterSessions(
        {
          filters: toApiFiltersInWindow(scope, NEWEST_FIRST.window(null), new Date(now())),
          sort_by: 'created_at',
          sort_order: 'desc',
          page: 1,
          limit: PAGE_LIMIT,
        },
        { priority: 'delta', signal },
      );
      store.writeSessionPage(newest.data, pass.started_at, {
        key: STATE_KEYS.fullPass,
        value: pass,
      });
      store.commitSessionPages();
      counters.pages += 1;
      this.report('sessions', counters, null);
    }

    // With requests to spare, the tag walks go out alongside the session walk, which is bound
    // by this thread's writes (tag-walks-alongside.ts). Under a rate limit that binds (OpenCX
    // documents 100 a minute), requests are what the sync waits for, and the sessions, which
    // the list shows, come first: the tags are walked after them.
    const startTags = () =>
      startTagWalks({
        source: this.source,
        scope,
        done: pass.tags_done,
        signal,
        counters,
        atOnce: TAG_WALKS_AT_ONCE,
        storeCatalog: (tags) => store.replaceTagCatalog(tags),
        storeTag: (tagName, ids) => {
          pass = { ...pass, tags_done: [...pass.tags_done, tagName] };
          store.transaction(() => {
            store.setTagMembers(tagName, ids, pass.scope_from);
            store.setSyncState(STATE_KEYS.fullPass, pass);
          });
          this.report('tags', counters, null);
        },
      });
    const alongside = (this.source.budgetLeft() ?? 0) >= TAG_WALKS_ALONGSIDE_FROM_BUDGET;
    let tagWalks = alongside ? startTags() : null;
    if (!pass.sessions_done) {
      try {
        pass = await commitPages(store, {
          key: STATE_KEYS.fullPass,
          state: pass,
          walk: (start) =>
            walkCreatedAt(this.source, OLDEST_FIRST, scope, start, { priority: 'delta', signal }),
          nextPageSoon: this.nextPageSoon,
          counters,
          onPage: (state) => this.report('sessions', counters, this.etaFromPosition(state)),
        });
      } catch (error) {
        // No request of this pass outlives it.
        await tagWalks?.stop(error);
        throw error;
      }
    }
    tagWalks ??= startTags();
    tagWalks.walkAllAtOnce();
    // A first sync's indexes set aside are built on another thread while the last tag walks
    // wait on the server (their members are stored after: nothing is written meanwhile). Built
    // here after the tags, they kept the server idle for as long as they took.
    this.indexesBuiltBeside = await store.buildIndexesBesideTagWalks(signal, (built, of) =>
      this.report('indexing', counters, null, { done: built, total: of }),
    );
    await tagWalks.storeAfterSessions();

    // The pass saw every live session in scope: whatever it did not see was deleted upstream.
    // The Tags sort's labels follow the memberships the tag walks wrote (until here a session
    // whose tags changed sorted by its old ones).
    store.transaction(() => {
      store.markUnseenDeleted(pass.started_at, pass.scope_from);
      store.refreshTagLabels();
      store.setSyncState(STATE_KEYS.watermark, pass.started_at);
      store.setSyncState(STATE_KEYS.scopeFrom, pass.scope_from);
      store.setSyncState(STATE_KEYS.lastFullAt, new Date(now()).toISOString());
      store.setSyncState(STATE_KEYS.lastSyncedAt, new Date(now()).toISOString());
      store.setSyncState(STATE_KEYS.fullPass, null);
    });
  }

  /**
   * Everything updated since the watermark (less the overlap). A delta is small, so it is not
   * resumed page by page: a crash leaves the watermark where it was and the next delta repeats.
   */
  private async delta(watermark: string, counters: PageCounters, signal: AbortSignal) {
    const { store, now } = this.options;
    const startedAt = new Date(now()).toISOString();
    const overlap = this.options.overlapMs ?? DEFAULT_OVERLAP_MS;
    const since = new Date(Date.parse(watermark) - overlap).toISOString();
    const scope: SessionFilter = { updated_at: { from: since } };
    const changed = new Set<string>();
    this.runningSeenAt = startedAt;

    await commitPages(store, {
      key: STATE_KEYS.deltaPosition,
      state: { started_at: startedAt, position: OLDEST_FIRST.at(null, 1), sessions_done: false },
      walk: (start) =>
        walkCreatedAt(this.source, OLDEST_FIRST, scope, start, { priority: 'delta', signal }),
      nextPageSoon: this.nextPageSoon,
      counters,
      onPage: (_state, step) => {
        for (const session of step.sessions) changed.add(session.id);
        this.report('delta', counters, null);
      },
    });

    // Sessions carry no tags: a changed session's tags are exactly the tag queries it shows in.
    if (changed.size > 0) {
      const tags = await this.source.listTags({ priority: 'background', signal });
      const tagsBySession = new Map<string, string[]>([...changed].map((id) => [id, []]));
      const names = tags.map((tag) => tag.tag_name);
      await this.tagMembers(scope, names, signal, counters, (tagName, members) => {
        for (const id of members) tagsBySession.get(id)?.push(tagName);
      });
      store.transaction(() => {
        store.replaceTagCatalog(tags);
        store.setSessionTags(tagsBySession);
      });
    }

    store.transaction(() => {
      store.setSyncState(STATE_KEYS.watermark, startedAt);
      store.setSyncState(STATE_KEYS.lastSyncedAt, new Date(now()).toISOString());
      store.setSyncState(STATE_KEYS.deltaPosition, null);
    });
  }

  /** Tag membership in `scope` at background priority, reporting progress after each tag. */
  private tagMembers(
    scope: SessionFilter,
    tagNames: readonly string[],
    signal: AbortSignal,
    counters: PageCounters,
    record: (tagName: string, members: string[]) => void,
  ): Promise<void> {
    const walks = {
      atOnce: TAG_WALKS_AT_ONCE,
      options: { priority: 'background', signal },
      counters,
    } as const;
    return forEachTagMembers(this.source, scope, tagNames, walks, (tagName, members) => {
      record(tagName, members);
      this.report('tags', counters, null);
    });
  }

  /** The rate limit lets the next request start at once (unknown counts as yes). */
  private readonly nextPageSoon = () => (this.source.budgetLeft() ?? 1) > 0;

  /** created_at advances from the scope start to now, so the position tells how far we are. */
  private etaFromPosition(pass: FullPass): number | null {
    const { position } = pass;
    if (position.from === null) return null;
    const now = this.options.now();
    const begin = pass.scope_from
      ? Date.parse(pass.scope_from)
      : Date.parse(pass.started_at) - 365 * DAY_MS;
    const done = (Date.parse(position.from) - begin) / (now - begin);
    const elapsed = now - Date.parse(pass.started_at);
    if (!(done > 0.02 && done < 1) || elapsed <= 0) return null;
    return Math.round((elapsed / done) * (1 - done));
  }

  private report(
    phase: SyncPhase,
    counters: PageCounters,
    eta: number | null,
    steps?: { done: number; total: number },
  ) {
    this.options.onProgress?.({
      phase,
      pages: counters.pages,
      sessions: counters.sessions,
      requests_left: this.source.budgetLeft(),
      eta_ms: eta,
      ...steps,
    });
  }

  private summary(
    mode: 'full' | 'delta',
    counters: PageCounters,
    startedAt: string,
    cancelled: boolean,
  ): SyncSummary {
    return {
      mode,
      sessions_upserted: counters.sessions,
      pages: counters.pages,
      cancelled,
      started_at: startedAt,
      finished_at: new Date(this.options.now()).toISOString(),
    };
  }
}
