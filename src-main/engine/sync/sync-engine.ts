import { AppError } from '../../../src-shared/contract/app-error';
import type { SyncPhase, SyncProgress, SyncSummary } from '../../../src-shared/contract/results';
import type { ApiFilters } from '../../../src-shared/opencx/filter-request';
import { systemClock } from '../api/clock';
import { runBackfillPass, type BackfillSummary } from './backfill-pass';
import { forEachConcurrently } from './concurrent-each';
import { walkByCreatedAt, type PagerPosition } from './created-at-pager';
import { withPageRetry, type PageRetryOptions } from './page-retry';
import type { SyncPriority, SyncSource, SyncStore } from './sync-ports';
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
/** Tag membership walks at once: each is a sequence of pages, so a few overlap waiting time. */
const TAG_WALKS_AT_ONCE = 3;
const DAY_MS = 24 * 3600_000;

/**
 * Full and delta sync (design.md, "Sync, in short"), and the backfill. Every page is committed
 * with its resume point in one transaction, so a sync killed at any moment resumes where it
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
    try {
      if (mode === 'full') await this.fullPass(resumable, counters, signal);
      else await this.delta(watermark as string, counters, signal);
    } catch (error) {
      if (!signal.aborted) throw error;
      return this.summary(mode, counters, startedAt, true);
    } finally {
      this.runningSeenAt = null;
    }
    return this.summary(mode, counters, startedAt, false);
  }

  private async fullPass(resumed: FullPass | null, counters: Counters, signal: AbortSignal) {
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
    const filters: ApiFilters = pass.scope_from ? { created_at: { from: pass.scope_from } } : {};
    this.runningSeenAt = pass.started_at;

    if (!pass.sessions_done) {
      const steps = walkByCreatedAt(this.source, filters, pass.position, {
        priority: 'delta',
        signal,
      });
      for await (const step of steps) {
        pass = { ...pass, position: step.next, sessions_done: step.done };
        store.commitSessionPage(step.sessions, pass.started_at, {
          key: STATE_KEYS.fullPass,
          value: pass,
        });
        counters.pages += 1;
        counters.sessions += step.sessions.length;
        this.report('sessions', counters, this.etaFromPosition(pass, step.next));
      }
    }

    const tags = await this.source.listTags({ priority: 'background', signal });
    store.replaceTagCatalog(tags);
    const pending = tags.filter((tag) => !pass.tags_done.includes(tag.tag_name));
    await forEachConcurrently(pending, TAG_WALKS_AT_ONCE, async (tag) => {
      const members = await this.collectIds(
        { ...filters, tags: [tag.tag_name] },
        'background',
        signal,
        counters,
      );
      pass = { ...pass, tags_done: [...pass.tags_done, tag.tag_name] };
      store.transaction(() => {
        store.setTagMembers(tag.tag_name, members, pass.scope_from);
        store.setSyncState(STATE_KEYS.fullPass, pass);
      });
      this.report('tags', counters, null);
    });

    // The pass saw every live session in scope: whatever it did not see was deleted upstream.
    store.transaction(() => {
      store.markUnseenDeleted(pass.started_at, pass.scope_from);
      store.setSyncState(STATE_KEYS.watermark, pass.started_at);
      store.setSyncState(STATE_KEYS.scopeFrom, pass.scope_from);
      store.setSyncState(STATE_KEYS.lastFullAt, new Date(now()).toISOString());
      store.setSyncState(STATE_KEYS.lastSyncedAt, new Date(now()).toISOString());
      store.setSyncState(STATE_KEYS.fullPass, null);
    });
    store.optimize();
  }

  /**
   * Everything updated since the watermark (less the overlap). A delta is small, so it is not
   * resumed page by page: a crash leaves the watermark where it was and the next delta repeats.
   */
  private async delta(watermark: string, counters: Counters, signal: AbortSignal) {
    const { store, now } = this.options;
    const startedAt = new Date(now()).toISOString();
    const overlap = this.options.overlapMs ?? DEFAULT_OVERLAP_MS;
    const since = new Date(Date.parse(watermark) - overlap).toISOString();
    const filters: ApiFilters = { updated_at: { from: since } };
    const changed = new Set<string>();
    this.runningSeenAt = startedAt;

    const steps = walkByCreatedAt(
      this.source,
      filters,
      { from: null, page: 1 },
      {
        priority: 'delta',
        signal,
      },
    );
    for await (const step of steps) {
      store.commitSessionPage(step.sessions, startedAt, {
        key: 'sync.delta_position',
        value: step.next,
      });
      for (const session of step.sessions) changed.add(session.id);
      counters.pages += 1;
      counters.sessions += step.sessions.length;
      this.report('delta', counters, null);
    }

    // Sessions carry no tags: a changed session's tags are exactly the tag queries it shows in.
    if (changed.size > 0) {
      const tags = await this.source.listTags({ priority: 'background', signal });
      const tagsBySession = new Map<string, string[]>([...changed].map((id) => [id, []]));
      await forEachConcurrently(tags, TAG_WALKS_AT_ONCE, async (tag) => {
        const members = await this.collectIds(
          { ...filters, tags: [tag.tag_name] },
          'background',
          signal,
          counters,
        );
        for (const id of members) tagsBySession.get(id)?.push(tag.tag_name);
        this.report('tags', counters, null);
      });
      store.transaction(() => {
        store.replaceTagCatalog(tags);
        store.setSessionTags(tagsBySession);
      });
    }

    store.transaction(() => {
      store.setSyncState(STATE_KEYS.watermark, startedAt);
      store.setSyncState(STATE_KEYS.lastSyncedAt, new Date(now()).toISOString());
      store.setSyncState('sync.delta_position', null);
    });
  }

  private async collectIds(
    filters: ApiFilters,
    priority: SyncPriority,
    signal: AbortSignal,
    counters: Counters,
  ): Promise<string[]> {
    const ids = new Set<string>();
    for await (const step of walkByCreatedAt(
      this.source,
      filters,
      { from: null, page: 1 },
      { priority, signal },
    )) {
      for (const session of step.sessions) ids.add(session.id);
      counters.pages += 1;
    }
    return [...ids];
  }

  /** created_at advances from the scope start to now, so the position tells how far we are. */
  private etaFromPosition(pass: FullPass, position: PagerPosition): number | null {
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

  private report(phase: SyncPhase, counters: Counters, eta: number | null) {
    this.options.onProgress?.({
      phase,
      pages: counters.pages,
      sessions: counters.sessions,
      requests_left: this.source.budgetLeft(),
      eta_ms: eta,
    });
  }

  private summary(
    mode: 'full' | 'delta',
    counters: Counters,
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

interface Counters {
  sessions: number;
  pages: number;
}
