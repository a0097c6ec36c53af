import { AppError, type AppErrorShape } from '../../../src-shared/contract/app-error';
import type { EventPayloads } from '../../../src-shared/contract/channels';
import type { EventName } from '../../../src-shared/contract/names';
import type { SyncProgress, SyncState, SyncSummary } from '../../../src-shared/contract/results';
import type { OpencxClient } from '../api/opencx-client';
import type { ContractHandlers } from '../contract/dispatcher';
import { toAppError } from '../contract/dispatcher';
import { querySessions } from '../query/session-query';
import type { CacheStore } from '../store/cache-store';
import type { SyncEngine } from '../sync/sync-engine';
import { STATE_KEYS } from '../sync/sync-state';
import type { ResolvedEngineConfig } from './engine-config';

export interface SessionDeskServiceDeps {
  config: ResolvedEngineConfig;
  store: CacheStore;
  client: OpencxClient;
  sync: SyncEngine;
  emit: <E extends EventName>(name: E, payload: EventPayloads[E]) => void;
  now: () => number;
}

/**
 * The engine's answer to every contract channel. Reads come from the cache only, so they are
 * as fast and as complete offline as online; the network is used by sync and nothing else.
 */
export class SessionDeskService {
  private running: { promise: Promise<SyncSummary>; controller: AbortController } | null = null;
  private progress: SyncProgress | null = null;
  private lastError: AppErrorShape | null = null;
  private online: boolean | null = null;
  private autoSyncTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SessionDeskServiceDeps) {}

  handlers(): ContractHandlers {
    const { store, config, now } = this.deps;
    return {
      'app.status': () =>
        Promise.resolve({
          account: { name: config.account.name, base_url: config.account.baseUrl },
          online: this.online,
          cached_sessions: store.countSessions(),
          last_synced_at: this.lastSyncedAt(),
        }),
      'sessions.list': (input) => Promise.resolve(querySessions(store.db, input, now())),
      'sessions.get': (input) => {
        const session = store.getSession(input.id);
        if (!session) {
          return Promise.reject(
            new AppError('not_found', `No cached session has the id ${input.id}.`),
          );
        }
        return Promise.resolve(session);
      },
      'sync.run': (input) => this.runSync(input.full),
      'sync.cancel': () => {
        const running = this.running;
        running?.controller.abort();
        return Promise.resolve({ cancelled: running !== null });
      },
      'sync.status': () => Promise.resolve(this.state()),
    };
  }

  /** One sync at a time: a second request joins the one already running. */
  runSync(full: boolean): Promise<SyncSummary> {
    if (this.running) return this.running.promise;
    const controller = new AbortController();
    const promise = this.deps.sync
      .run({ full }, controller.signal)
      .then(
        (summary) => {
          this.online = true;
          this.lastError = null;
          return summary;
        },
        (error: unknown) => {
          const appError = toAppError(error);
          if (appError.code === 'offline') this.online = false;
          this.lastError = appError.toJSON();
          throw appError;
        },
      )
      .finally(() => {
        this.running = null;
        this.progress = null;
        this.publishState();
      });
    this.running = { promise, controller };
    this.publishState();
    return promise;
  }

  progressed(progress: SyncProgress): void {
    this.progress = progress;
    this.deps.emit('sync.progress', progress);
  }

  startAutoSync(): void {
    const minutes = this.deps.config.autoSyncMinutes;
    if (minutes === null) return;
    const tick = () => void this.runSync(false).catch(() => undefined);
    tick();
    this.autoSyncTimer = setInterval(tick, minutes * 60_000);
  }

  async stop(): Promise<void> {
    if (this.autoSyncTimer) clearInterval(this.autoSyncTimer);
    const running = this.running;
    if (running) {
      running.controller.abort();
      await running.promise.catch(() => undefined);
    }
  }

  private state(): SyncState {
    return {
      running: this.running !== null,
      progress: this.progress,
      last_synced_at: this.lastSyncedAt(),
      last_error: this.lastError,
    };
  }

  private publishState(): void {
    this.deps.emit('sync.state', this.state());
  }

  private lastSyncedAt(): string | null {
    const value = this.deps.store.getSyncState(STATE_KEYS.lastSyncedAt);
    return typeof value === 'string' ? value : null;
  }
}
