import { AppError, type AppErrorShape } from '../../../src-shared/contract/app-error';
import type { EventSink } from '../../../src-shared/contract/events';
import type { SyncProgress, SyncState, SyncSummary } from '../../../src-shared/contract/results';
import type { AccountRegistry } from '../accounts/account-registry';
import { toAppError, type ContractHandlers } from '../contract/dispatcher';
import { STATE_KEYS } from '../sync/sync-state';
import type { AccountSession } from './account-session';
import type { ActiveAccount } from './active-account';
import { runBackgroundWork } from './background-work';

/** How often, at most, landing pages tell the views to reload. */
const LANDED_EVERY_MS = 1_000;

export interface SyncRunnerDeps {
  account: ActiveAccount;
  registry: AccountRegistry;
  now: () => number;
  emit: EventSink;
}

/**
 * Sync of the active account: one at a time (a second request joins the running one), then the
 * background work after it; what it is doing, as the sync.state the status bar shows.
 */
export class SyncRunner {
  private running: { promise: Promise<SyncSummary>; controller: AbortController } | null = null;
  /** Backfill and transcript prefetch after a sync: spare budget only, cancelled by sync.cancel. */
  private background: { controller: AbortController; done: Promise<void> } | null = null;
  private progress: SyncProgress | null = null;
  private lastError: AppErrorShape | null = null;
  private cacheVersion = 0;

  constructor(private readonly deps: SyncRunnerDeps) {}

  handlers(): Pick<ContractHandlers, 'sync.run' | 'sync.cancel' | 'sync.status'> {
    return {
      'sync.run': (input) => this.run(input.full),
      'sync.cancel': () => Promise.resolve({ cancelled: this.cancel() }),
      'sync.status': () => Promise.resolve(this.state()),
    };
  }

  /** One sync at a time: a second request joins the one already running. */
  run(full: boolean): Promise<SyncSummary> {
    if (this.running) return this.running.promise;
    let session: AccountSession | null;
    try {
      session = this.deps.account.require();
    } catch (error) {
      return Promise.reject(toAppError(error));
    }
    if (!session) {
      return Promise.reject(
        new AppError('no_token', 'Add an OpenCX account (its base URL and API key) to sync.'),
      );
    }
    const controller = new AbortController();
    const unwatch = this.watchRateLimit(session);
    const promise = session.sync
      .run({ full }, controller.signal)
      .then(
        (summary) => {
          this.lastError = null;
          this.cacheVersion += 1;
          if (!summary.cancelled) this.startBackground(session);
          return summary;
        },
        (error: unknown) => {
          const appError = toAppError(error);
          this.lastError = appError.toJSON();
          throw appError;
        },
      )
      .finally(() => {
        unwatch();
        this.waitingMs = 0;
        this.running = null;
        this.progress = null;
        this.publish();
      });
    this.running = { promise, controller };
    this.publish();
    return promise;
  }

  /** Cancels the running sync and the background work; true if there was any. */
  cancel(): boolean {
    const running = this.running;
    running?.controller.abort();
    const background = this.background;
    background?.controller.abort();
    return running !== null || background !== null;
  }

  /** Offline, background work would only pile up failed requests; it starts again after a sync. */
  stopBackground(): void {
    this.background?.controller.abort();
  }

  /** Stops the sync and the background work of the session being closed, and waits for both. */
  async stop(): Promise<void> {
    if (this.landedLater) clearTimeout(this.landedLater);
    this.landedLater = null;
    const background = this.background;
    this.background = null;
    background?.controller.abort();
    const running = this.running;
    running?.controller.abort();
    await Promise.all([background?.done, running?.promise.catch(() => undefined)]);
  }

  progressed(progress: SyncProgress): void {
    const grew = progress.sessions !== this.progress?.sessions || progress.pages === 1;
    this.progress = { ...progress, waiting_ms: this.waitingMs };
    this.deps.emit('sync.progress', this.progress);
    if (grew && progress.phase !== 'history') this.landed();
  }

  private lastLanded = 0;
  private landedLater: NodeJS.Timeout | null = null;

  /**
   * Pages landing change what the list shows: say so, so a first sync fills the list as it goes
   * rather than at the end; at most once a second, and once more after the last page of a
   * burst, or the list would show less than the cache holds through the pause that follows
   * (a wait for the rate limit can last a minute).
   */
  private landed(): void {
    if (this.landedLater) return;
    const wait = this.lastLanded + LANDED_EVERY_MS - this.deps.now();
    if (wait <= 0) {
      this.announceLanded();
      return;
    }
    this.landedLater = setTimeout(() => {
      this.landedLater = null;
      this.announceLanded();
    }, wait);
    this.landedLater.unref();
  }

  private announceLanded(): void {
    this.lastLanded = this.deps.now();
    this.cacheVersion += 1;
    this.publish();
  }

  /** What the status bar says while requests wait for OpenCX's rate limit (0: not waiting). */
  private waitingMs = 0;

  /**
   * While sync or background work runs: a wait for the rate limit (a 429's pause, or the
   * rolling window spent) is published as progress, so the status bar can explain the pause.
   */
  private watchRateLimit(session: AccountSession): () => void {
    return session.scheduler.subscribe(() => {
      const wait = session.scheduler.rateLimitWaitMs();
      const waiting = wait >= 1_000 ? wait : 0;
      if ((waiting === 0) === (this.waitingMs === 0)) return;
      this.waitingMs = waiting;
      if (!this.running && !this.background) return;
      this.progress = {
        ...(this.progress ?? {
          phase: this.running ? 'sessions' : 'backfill',
          pages: 0,
          sessions: 0,
          requests_left: 0,
          eta_ms: null,
        }),
        waiting_ms: waiting || null,
      };
      this.deps.emit('sync.progress', this.progress);
    });
  }

  /** Another account's cache is open: an error of the previous one is no longer news. */
  clearError(): void {
    this.lastError = null;
  }

  /** The cache on screen changed without a sync (opened once another program let go of it). */
  cacheChanged(): void {
    this.lastError = null;
    this.cacheVersion += 1;
    this.publish();
  }

  lastSyncedAt(): string | null {
    const value = this.deps.account.session?.store.getSyncState(STATE_KEYS.lastSyncedAt);
    return typeof value === 'string' ? value : null;
  }

  state(): SyncState {
    return {
      running: this.running !== null,
      background: this.background !== null,
      cache_version: this.cacheVersion,
      progress: this.progress,
      last_synced_at: this.lastSyncedAt(),
      last_error: this.lastError ?? this.deps.account.waitingError(),
    };
  }

  publish(): void {
    this.deps.emit('sync.state', this.state());
  }

  /** After a sync is current: older sessions (backfill), then recent transcripts. */
  private startBackground(session: AccountSession): void {
    if (this.background || session !== this.deps.account.session) return;
    const controller = new AbortController();
    const unwatch = this.watchRateLimit(session);
    const done = runBackgroundWork(session, {
      registry: this.deps.registry,
      now: this.deps.now,
      signal: controller.signal,
      onProgress: (progress) => this.progressed(progress),
      onBackfilled: () => {
        this.cacheVersion += 1;
        this.publish();
      },
    })
      .catch(() => undefined)
      .finally(() => {
        unwatch();
        if (this.background?.controller === controller) this.background = null;
        this.progress = null;
        this.publish();
      });
    this.background = { controller, done };
    this.publish();
  }
}
